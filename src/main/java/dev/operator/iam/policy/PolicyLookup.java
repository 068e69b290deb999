package dev.operator.iam.policy;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.document.AwsDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

/**
 * Reads managed policies. This is the seam where observation can later be served in bulk: one paged
 * {@code GetAccountAuthorizationDetails} sweep per resync returns every local policy with its
 * default document, so an implementation backed by that snapshot would answer {@link #byArn} for
 * thousands of objects with a handful of calls instead of two per object. Today it asks IAM per
 * object.
 */
@ApplicationScoped
public class PolicyLookup {

    private final IamClient iam;
    private final AwsCalls calls;

    public PolicyLookup(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    /**
     * {@code GetPolicy} and {@code GetPolicyVersion} of the default version; empty on NoSuchEntity.
     */
    public Optional<ObservedPolicy> byArn(String arn) {
        Optional<software.amazon.awssdk.services.iam.model.Policy> found = policy(arn);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        software.amazon.awssdk.services.iam.model.Policy p = found.get();
        String document =
                calls.call(
                                "GetPolicyVersion",
                                () ->
                                        iam.getPolicyVersion(
                                                r ->
                                                        r.policyArn(p.arn())
                                                                .versionId(p.defaultVersionId())))
                        .policyVersion()
                        .document();
        return Optional.of(toObserved(p, AwsDocuments.decodeFromAws(document)));
    }

    /**
     * {@code GetPolicy} alone: tags, attachment count and default version, without the document
     * (null in the answer). What a delete needs.
     */
    public Optional<ObservedPolicy> byArnWithoutDocument(String arn) {
        return policy(arn).map(p -> toObserved(p, null));
    }

    private Optional<software.amazon.awssdk.services.iam.model.Policy> policy(String arn) {
        try {
            return Optional.of(
                    calls.call("GetPolicy", () -> iam.getPolicy(r -> r.policyArn(arn))).policy());
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The local policy whose name equals {@code name} ignoring case, wherever its path: what makes
     * CreatePolicy fail with EntityAlreadyExists when {@link #byArn} finds nothing. Pages through
     * {@code ListPolicies}; only used after such a conflict.
     */
    public Optional<ObservedPolicy> byNameIgnoringCase(String name) {
        return Paging.all(
                        marker -> {
                            ListPoliciesResponse r =
                                    calls.call(
                                            "ListPolicies",
                                            () ->
                                                    iam.listPolicies(
                                                            b ->
                                                                    b.scope(PolicyScopeType.LOCAL)
                                                                            .marker(marker)));
                            return Paging.Page.of(r.policies(), r.isTruncated(), r.marker());
                        })
                .filter(p -> p.policyName().equalsIgnoreCase(name))
                .map(software.amazon.awssdk.services.iam.model.Policy::arn)
                .findFirst()
                .flatMap(this::byArn);
    }

    static ObservedPolicy toObserved(
            software.amazon.awssdk.services.iam.model.Policy p, String document) {
        Map<String, String> tags = AwsTags.toMap(p.tags());
        return new ObservedPolicy(
                p.arn(),
                p.policyId(),
                p.policyName(),
                p.path(),
                p.description(),
                p.defaultVersionId(),
                document,
                p.attachmentCount() == null ? 0 : p.attachmentCount(),
                tags,
                p.createDate());
    }
}
