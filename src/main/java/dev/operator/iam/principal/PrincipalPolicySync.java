package dev.operator.iam.principal;

import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import java.util.Map;

/**
 * Applies policy differences to a role, user or group, and strips them before deletion. Detaches
 * and deletes go first, so that a swap of managed policies never trips IAM's quota of attached
 * policies (10 by default). Every step is idempotent: NoSuchEntity on a detach or delete means it
 * is done.
 */
public final class PrincipalPolicySync {

    private PrincipalPolicySync() {}

    public static void apply(
            PrincipalPolicyApi api,
            String principal,
            ManagedPolicySet managed,
            InlinePolicySet inline) {
        for (String arn : managed.toDetach()) {
            ignoringNotFound(() -> api.detach(principal, arn));
        }
        for (String name : inline.toDelete()) {
            ignoringNotFound(() -> api.deleteInline(principal, name));
        }
        for (String arn : managed.toAttach()) {
            api.attach(principal, arn);
        }
        for (Map.Entry<String, String> e : inline.toPut().entrySet()) {
            api.putInline(principal, e.getKey(), e.getValue());
        }
    }

    /**
     * Before deleting our principal: detach every managed policy and delete every inline policy, as
     * IAM requires (DeleteConflict otherwise). They belong to the principal being deleted.
     */
    public static void strip(PrincipalPolicyApi api, String principal) {
        for (String arn : api.attachedPolicyArns(principal)) {
            ignoringNotFound(() -> api.detach(principal, arn));
        }
        for (String name : api.inlinePolicies(principal).keySet()) {
            ignoringNotFound(() -> api.deleteInline(principal, name));
        }
    }

    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }
}
