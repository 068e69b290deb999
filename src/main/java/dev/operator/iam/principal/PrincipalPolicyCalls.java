package dev.operator.iam.principal;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.aws.Paging.Page;
import dev.operator.iam.document.AwsDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * The IAM calls about the policies of roles, users and groups, written once: each kind of principal
 * hands over its seven SDK calls ({@link Sdk}); this class names the operations, goes through
 * {@link AwsCalls}, pages and decodes documents.
 */
public final class PrincipalPolicyCalls implements PrincipalPolicyApi {

    /** The SDK calls of one kind of principal, each one request. */
    interface Sdk {
        Page<String> listAttached(String principal, String marker);

        Page<String> listInline(String principal, String marker);

        String getInline(String principal, String policyName);

        void attach(String principal, String policyArn);

        void detach(String principal, String policyArn);

        void putInline(String principal, String policyName, String document);

        void deleteInline(String principal, String policyName);
    }

    private final AwsCalls calls;

    /** {@code Role}, {@code User} or {@code Group}: part of every operation's name. */
    private final String type;

    private final Sdk sdk;

    private PrincipalPolicyCalls(AwsCalls calls, String type, Sdk sdk) {
        this.calls = calls;
        this.type = type;
        this.sdk = sdk;
    }

    public static PrincipalPolicyApi roles(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls(
                calls,
                "Role",
                new Sdk() {
                    @Override
                    public Page<String> listAttached(String role, String marker) {
                        var r = iam.listAttachedRolePolicies(b -> b.roleName(role).marker(marker));
                        return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
                    }

                    @Override
                    public Page<String> listInline(String role, String marker) {
                        var r = iam.listRolePolicies(b -> b.roleName(role).marker(marker));
                        return Page.of(r.policyNames(), r.isTruncated(), r.marker());
                    }

                    @Override
                    public String getInline(String role, String name) {
                        return iam.getRolePolicy(b -> b.roleName(role).policyName(name))
                                .policyDocument();
                    }

                    @Override
                    public void attach(String role, String arn) {
                        iam.attachRolePolicy(b -> b.roleName(role).policyArn(arn));
                    }

                    @Override
                    public void detach(String role, String arn) {
                        iam.detachRolePolicy(b -> b.roleName(role).policyArn(arn));
                    }

                    @Override
                    public void putInline(String role, String name, String document) {
                        iam.putRolePolicy(
                                b -> b.roleName(role).policyName(name).policyDocument(document));
                    }

                    @Override
                    public void deleteInline(String role, String name) {
                        iam.deleteRolePolicy(b -> b.roleName(role).policyName(name));
                    }
                });
    }

    public static PrincipalPolicyApi users(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls(
                calls,
                "User",
                new Sdk() {
                    @Override
                    public Page<String> listAttached(String user, String marker) {
                        var r = iam.listAttachedUserPolicies(b -> b.userName(user).marker(marker));
                        return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
                    }

                    @Override
                    public Page<String> listInline(String user, String marker) {
                        var r = iam.listUserPolicies(b -> b.userName(user).marker(marker));
                        return Page.of(r.policyNames(), r.isTruncated(), r.marker());
                    }

                    @Override
                    public String getInline(String user, String name) {
                        return iam.getUserPolicy(b -> b.userName(user).policyName(name))
                                .policyDocument();
                    }

                    @Override
                    public void attach(String user, String arn) {
                        iam.attachUserPolicy(b -> b.userName(user).policyArn(arn));
                    }

                    @Override
                    public void detach(String user, String arn) {
                        iam.detachUserPolicy(b -> b.userName(user).policyArn(arn));
                    }

                    @Override
                    public void putInline(String user, String name, String document) {
                        iam.putUserPolicy(
                                b -> b.userName(user).policyName(name).policyDocument(document));
                    }

                    @Override
                    public void deleteInline(String user, String name) {
                        iam.deleteUserPolicy(b -> b.userName(user).policyName(name));
                    }
                });
    }

    public static PrincipalPolicyApi groups(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls(
                calls,
                "Group",
                new Sdk() {
                    @Override
                    public Page<String> listAttached(String group, String marker) {
                        var r =
                                iam.listAttachedGroupPolicies(
                                        b -> b.groupName(group).marker(marker));
                        return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
                    }

                    @Override
                    public Page<String> listInline(String group, String marker) {
                        var r = iam.listGroupPolicies(b -> b.groupName(group).marker(marker));
                        return Page.of(r.policyNames(), r.isTruncated(), r.marker());
                    }

                    @Override
                    public String getInline(String group, String name) {
                        return iam.getGroupPolicy(b -> b.groupName(group).policyName(name))
                                .policyDocument();
                    }

                    @Override
                    public void attach(String group, String arn) {
                        iam.attachGroupPolicy(b -> b.groupName(group).policyArn(arn));
                    }

                    @Override
                    public void detach(String group, String arn) {
                        iam.detachGroupPolicy(b -> b.groupName(group).policyArn(arn));
                    }

                    @Override
                    public void putInline(String group, String name, String document) {
                        iam.putGroupPolicy(
                                b -> b.groupName(group).policyName(name).policyDocument(document));
                    }

                    @Override
                    public void deleteInline(String group, String name) {
                        iam.deleteGroupPolicy(b -> b.groupName(group).policyName(name));
                    }
                });
    }

    private static List<String> arns(List<AttachedPolicy> attached) {
        return attached.stream().map(AttachedPolicy::policyArn).toList();
    }

    @Override
    public List<String> attachedPolicyArns(String principal) {
        return Paging.all(
                        marker ->
                                calls.call(
                                        "ListAttached" + type + "Policies",
                                        () -> sdk.listAttached(principal, marker)))
                .toList();
    }

    @Override
    public Map<String, String> inlinePolicies(String principal) {
        List<String> names =
                Paging.all(
                                marker ->
                                        calls.call(
                                                "List" + type + "Policies",
                                                () -> sdk.listInline(principal, marker)))
                        .toList();
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : names) {
            String wire = calls.call("Get" + type + "Policy", () -> sdk.getInline(principal, name));
            documents.put(name, AwsDocuments.decodeFromAws(wire));
        }
        return documents;
    }

    @Override
    public void attach(String principal, String policyArn) {
        calls.call(
                "Attach" + type + "Policy",
                () -> {
                    sdk.attach(principal, policyArn);
                    return null;
                });
    }

    @Override
    public void detach(String principal, String policyArn) {
        calls.call(
                "Detach" + type + "Policy",
                () -> {
                    sdk.detach(principal, policyArn);
                    return null;
                });
    }

    @Override
    public void putInline(String principal, String policyName, String document) {
        calls.call(
                "Put" + type + "Policy",
                () -> {
                    sdk.putInline(principal, policyName, document);
                    return null;
                });
    }

    @Override
    public void deleteInline(String principal, String policyName) {
        calls.call(
                "Delete" + type + "Policy",
                () -> {
                    sdk.deleteInline(principal, policyName);
                    return null;
                });
    }
}
