package dev.operator.iam.policy;

import dev.operator.iam.aws.AccountIdentity;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.document.DocumentKind;
import dev.operator.iam.document.PolicyDocumentValidator;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.SpecChecks;
import dev.operator.iam.engine.TagSync;
import dev.operator.iam.tenancy.TenancyFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/** The Policy kind's side of the engine: every IAM call about managed policies. */
@ApplicationScoped
public class PolicyAdapter implements IamAdapter<Policy, ObservedPolicy> {

    public static final String KIND = "Policy";

    /** The id IAM gives a policy's first version. */
    private static final String FIRST_VERSION = "v1";

    private final IamClient iam;
    private final AwsCalls calls;
    private final AccountIdentity account;
    private final PolicyLookup lookup;

    public PolicyAdapter(
            IamClient iam, AwsCalls calls, AccountIdentity account, PolicyLookup lookup) {
        this.iam = iam;
        this.calls = calls;
        this.account = account;
        this.lookup = lookup;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<Policy> resourceClass() {
        return Policy.class;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetCallerIdentity",
                "GetPolicy",
                "GetPolicyVersion",
                "ListPolicies",
                "CreatePolicy",
                "ListPolicyVersions",
                "CreatePolicyVersion",
                "DeletePolicyVersion",
                "TagPolicy",
                "UntagPolicy",
                "DeletePolicy",
                "ListEntitiesForPolicy",
                "GetAccountAuthorizationDetails",
                "ListPolicyTags");
    }

    @Override
    public List<String> validate(Policy policy) {
        PolicySpec spec = policy.getSpec();
        List<String> problems = new ArrayList<>();
        SpecChecks.name(
                spec.getName() == null ? "metadata.name" : "spec.name", policy.awsName(), problems);
        SpecChecks.path("spec.path", policy.awsPath(), problems);
        SpecChecks.maxLength("spec.description", spec.getDescription(), 1000, problems);
        SpecChecks.tags(spec.getTags(), problems);
        if (spec.getPolicyDocument() == null || spec.getPolicyDocument().isBlank()) {
            problems.add(
                    "spec.policyDocument is required: give the policy document as a JSON string");
        } else {
            problems.addAll(
                    PolicyDocumentValidator.validate(
                                    spec.getPolicyDocument(),
                                    DocumentKind.IDENTITY_POLICY,
                                    "spec.policyDocument")
                            .problems());
        }
        immutables(policy, problems);
        return problems;
    }

    /** Name, path and description cannot change in IAM; status remembers what they were. */
    private static void immutables(Policy policy, List<String> problems) {
        PolicyStatus status = policy.getStatus();
        if (status == null || status.getArn() == null) {
            return;
        }
        String suffix = ":policy" + policy.awsPath() + policy.awsName();
        if (!status.getArn().endsWith(suffix)) {
            problems.add(
                    "spec.name and spec.path are immutable: this object manages "
                            + status.getArn()
                            + "; set them back, or create a new object for a new policy");
        }
        // No description recorded means it is not known yet (earlier versions recorded it from the
        // CreatePolicy answer, which carries none): the next GetPolicy records it.
        String recorded = status.getDescription();
        String wanted =
                policy.getSpec().getDescription() == null ? "" : policy.getSpec().getDescription();
        if (recorded != null && !recorded.equals(wanted)) {
            problems.add(
                    "spec.description is immutable (IAM sets it only at creation): it was \""
                            + recorded
                            + "\"; set it back, or create a new object for a new policy");
        }
    }

    @Override
    public TenancyFacts tenancyFacts(Policy policy) {
        return new TenancyFacts(
                        KIND,
                        policy.awsName(),
                        true,
                        blankToNull(policy.getSpec().getPath()),
                        false,
                        null,
                        List.of(),
                        List.of(),
                        List.of())
                .withPermissionDocuments(
                        policy.getSpec().getPolicyDocument() == null
                                ? Map.of()
                                : Map.of(
                                        "spec.policyDocument",
                                        policy.getSpec().getPolicyDocument()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String naturalKey(Policy policy) {
        AccountIdentity.Account a = account.account();
        return "arn:"
                + a.partition()
                + ":iam::"
                + a.id()
                + ":policy"
                + policy.awsPath()
                + policy.awsName();
    }

    @Override
    public Optional<ObservedPolicy> observe(Policy policy) {
        return lookup.byArn(naturalKey(policy));
    }

    @Override
    public Optional<ObservedPolicy> observeRecorded(Policy policy) {
        return lookup.byArnWithoutDocument(policy.status().recordedArnOrIntentKey());
    }

    @Override
    public Optional<ObservedPolicy> observeConflicting(Policy policy) {
        Optional<ObservedPolicy> exact = observe(policy);
        return exact.isPresent() ? exact : lookup.byNameIgnoringCase(policy.awsName());
    }

    @Override
    public ObservedPolicy create(Policy policy, Map<String, String> tags) {
        PolicySpec spec = policy.getSpec();
        CreatePolicyResponse r =
                calls.call(
                        "CreatePolicy",
                        () ->
                                iam.createPolicy(
                                        b ->
                                                b.policyName(policy.awsName())
                                                        .path(policy.awsPath())
                                                        .description(spec.getDescription())
                                                        .policyDocument(spec.getPolicyDocument())
                                                        .tags(AwsTags.of(tags))));
        // CreatePolicy answers without the document and without the description (IAM returns it
        // from GetPolicy only): what was sent is what the policy now holds, the document as its
        // default version v1.
        ObservedPolicy created =
                PolicyLookup.toObserved(r.policy(), spec.getPolicyDocument())
                        .withTags(tags)
                        .withDescription(spec.getDescription());
        lookup.wrote(created);
        return created;
    }

    @Override
    public Drift diff(Policy policy, ObservedPolicy observed, Map<String, String> desiredTags) {
        return PolicyDiff.diff(policy.getSpec(), desiredTags, observed);
    }

    @Override
    public ObservedPolicy update(
            Policy policy, ObservedPolicy observed, Drift drift, Map<String, String> desiredTags) {
        ObservedPolicy result = observed;
        if (drift.has(PolicyDiff.POLICY_DOCUMENT)) {
            result = newDefaultVersion(observed, policy.getSpec().getPolicyDocument());
        }
        if (drift.has(PolicyDiff.TAGS)) {
            TagSync.apply(
                    desiredTags,
                    observed.tags(),
                    toSet ->
                            calls.call(
                                    "TagPolicy",
                                    () ->
                                            iam.tagPolicy(
                                                    b ->
                                                            b.policyArn(observed.arn())
                                                                    .tags(AwsTags.of(toSet)))),
                    toRemove ->
                            calls.call(
                                    "UntagPolicy",
                                    () ->
                                            iam.untagPolicy(
                                                    b ->
                                                            b.policyArn(observed.arn())
                                                                    .tagKeys(toRemove))));
            result = result.withTags(desiredTags);
            lookup.wrote(result);
        }
        return result;
    }

    /**
     * Makes {@code document} the default version, first making room under IAM's five-version limit.
     */
    private ObservedPolicy newDefaultVersion(ObservedPolicy observed, String document) {
        for (String id : PolicyVersions.toDeleteBeforeCreate(versions(observed.arn()))) {
            deleteVersion(observed.arn(), id);
        }
        PolicyVersion created =
                calls.call(
                                "CreatePolicyVersion",
                                () ->
                                        iam.createPolicyVersion(
                                                b ->
                                                        b.policyArn(observed.arn())
                                                                .policyDocument(document)
                                                                .setAsDefault(true)))
                        .policyVersion();
        return observed.withDocument(document, created.versionId());
    }

    private List<PolicyVersions.Version> versions(String arn) {
        return calls
                .call("ListPolicyVersions", () -> iam.listPolicyVersions(b -> b.policyArn(arn)))
                .versions()
                .stream()
                .map(
                        v ->
                                new PolicyVersions.Version(
                                        v.versionId(),
                                        Boolean.TRUE.equals(v.isDefaultVersion()),
                                        v.createDate()))
                .toList();
    }

    private void deleteVersion(String arn, String versionId) {
        try {
            calls.call(
                    "DeletePolicyVersion",
                    () -> iam.deletePolicyVersion(b -> b.policyArn(arn).versionId(versionId)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    /**
     * Non-default versions first (IAM refuses to delete a policy that has them), then the policy. A
     * policy whose default is still its first version has, but for an edit outside the operator, no
     * other: DeletePolicy goes at once, in one call, and only a DeleteConflict lists versions. A
     * policy still attached is never detached here: the entities holding it are named instead.
     */
    @Override
    public void delete(Policy policy, ObservedPolicy observed) {
        if (observed.attachmentCount() > 0) {
            throw stillAttached(observed.arn(), null);
        }
        if (!FIRST_VERSION.equals(observed.defaultVersionId())) {
            deleteNonDefaultVersions(observed.arn());
        }
        try {
            deletePolicy(observed.arn());
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.DELETE_CONFLICT)) {
                throw e;
            }
            if (!deleteNonDefaultVersions(observed.arn())) {
                throw stillAttached(observed.arn(), e);
            }
            try {
                deletePolicy(observed.arn());
            } catch (AwsException again) {
                throw again.is(AwsErrorKind.DELETE_CONFLICT)
                        ? stillAttached(observed.arn(), again)
                        : again;
            }
        }
    }

    /** Deletes the policy's non-default versions; false when it had none. */
    private boolean deleteNonDefaultVersions(String arn) {
        List<String> extra = PolicyVersions.nonDefault(versions(arn));
        for (String id : extra) {
            deleteVersion(arn, id);
        }
        return !extra.isEmpty();
    }

    /** DeletePolicy; NoSuchEntity is success. */
    private void deletePolicy(String arn) {
        try {
            calls.call("DeletePolicy", () -> iam.deletePolicy(b -> b.policyArn(arn)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    private AwsException stillAttached(String arn, AwsException cause) {
        ListEntitiesForPolicyResponse holders =
                calls.call(
                        "ListEntitiesForPolicy",
                        () -> iam.listEntitiesForPolicy(b -> b.policyArn(arn)));
        List<String> names =
                Stream.of(
                                holders.policyRoles().stream().map(r -> "role " + r.roleName()),
                                holders.policyUsers().stream().map(u -> "user " + u.userName()),
                                holders.policyGroups().stream().map(g -> "group " + g.groupName()))
                        .flatMap(s -> s)
                        .toList();
        return new AwsException(
                AwsErrorKind.DELETE_CONFLICT,
                "DeletePolicy",
                "DeleteConflict",
                arn
                        + " is still attached to "
                        + (names.isEmpty() ? "other entities" : String.join(", ", names))
                        + "; the operator never detaches it from entities it does not own: detach"
                        + " it there, and deletion completes by itself",
                cause);
    }

    /** {@code attachmentCount} moves when a Role, User or Group attaches or detaches the policy. */
    @Override
    public boolean refreshedByReferrers() {
        return true;
    }

    @Override
    public void recordStatus(Policy policy, ObservedPolicy observed) {
        PolicyStatus s = policy.getStatus();
        s.setDefaultVersionId(observed.defaultVersionId());
        s.setAttachmentCount(observed.attachmentCount());
        // IAM leaves an empty description out of its answers: "" records that it is known to be
        // empty, which null (not known) does not.
        s.setDescription(observed.description() == null ? "" : observed.description());
    }
}
