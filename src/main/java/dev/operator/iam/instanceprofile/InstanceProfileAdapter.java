package dev.operator.iam.instanceprofile;

import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.AwsErrorKind;
import dev.operator.iam.aws.AwsException;
import dev.operator.iam.aws.AwsTags;
import dev.operator.iam.aws.IamArn;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.engine.Reference;
import dev.operator.iam.engine.SpecChecks;
import dev.operator.iam.engine.TagSync;
import dev.operator.iam.role.Role;
import dev.operator.iam.tenancy.TenancyFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;

/** The InstanceProfile kind's side of the engine: every IAM call about instance profiles. */
@ApplicationScoped
public class InstanceProfileAdapter
        implements IamAdapter<InstanceProfile, ObservedInstanceProfile> {

    public static final String KIND = "InstanceProfile";

    /** The kind {@code roleRef} refers to. */
    static final String ROLE_KIND = "Role";

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final IamClient iam;
    private final AwsCalls calls;

    public InstanceProfileAdapter(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<InstanceProfile> resourceClass() {
        return InstanceProfile.class;
    }

    @Override
    public List<String> operations() {
        return List.of(
                "GetInstanceProfile",
                "ListInstanceProfiles",
                "CreateInstanceProfile",
                "AddRoleToInstanceProfile",
                "RemoveRoleFromInstanceProfile",
                "TagInstanceProfile",
                "UntagInstanceProfile",
                "DeleteInstanceProfile");
    }

    @Override
    public List<String> validate(InstanceProfile profile) {
        return problems(profile);
    }

    /** The checks of {@link #validate}, which need no AWS and no configuration. */
    public static List<String> problems(InstanceProfile profile) {
        InstanceProfileSpec spec = profile.getSpec();
        List<String> problems = new ArrayList<>();
        SpecChecks.name(
                spec.getName() == null ? "metadata.name" : "spec.name",
                profile.awsName(),
                problems);
        SpecChecks.path("spec.path", profile.awsPath(), problems);
        SpecChecks.tags(spec.getTags(), problems);
        boolean hasRole = spec.getRole() != null && !spec.getRole().isEmpty();
        ResourceReference ref = spec.getRoleRef();
        if (hasRole && ref != null) {
            problems.add(
                    "spec.role and spec.roleRef are both set: an instance profile holds one role;"
                            + " keep role (a role name) or roleRef (a Role object), not both");
        }
        if (hasRole && !ROLE_NAME.matcher(spec.getRole()).matches()) {
            problems.add(
                    "spec.role \""
                            + spec.getRole()
                            + "\" is not a valid IAM role name: use 1-64 letters, digits and"
                            + " +=,.@_-");
        }
        if (ref != null && (ref.name() == null || ref.name().isBlank())) {
            problems.add("spec.roleRef has no from.name: write {from: {name: <Role object>}}");
        }
        immutables(profile, problems);
        return problems;
    }

    /** Name and path cannot change in IAM; the ARN in status says what they were. */
    private static void immutables(InstanceProfile profile, List<String> problems) {
        InstanceProfileStatus status = profile.getStatus();
        if (status == null || status.getArn() == null) {
            return;
        }
        String arn = status.getArn();
        Optional<IamArn> parsed =
                IamArn.parse(arn).filter(a -> a.resourceType().equals("instance-profile"));
        if (parsed.isEmpty()) {
            return;
        }
        String recordedPath = parsed.get().path();
        String recordedName = parsed.get().name();
        if (!recordedName.equalsIgnoreCase(profile.awsName())) {
            problems.add(
                    "spec.name is immutable: this object manages "
                            + arn
                            + "; set it back to "
                            + recordedName
                            + ", or create a new object for a new instance profile");
        }
        if (!recordedPath.equals(profile.awsPath())) {
            problems.add(
                    "spec.path is immutable: this object manages "
                            + arn
                            + " at path "
                            + recordedPath
                            + "; set spec.path to "
                            + recordedPath
                            + ", or create a new object for a new instance profile");
        }
    }

    @Override
    public List<Class<? extends ManagedResource<?, ?>>> referenceTargets() {
        return List.of(Role.class);
    }

    @Override
    public List<Reference> references(InstanceProfile profile) {
        ResourceReference ref = profile.getSpec().getRoleRef();
        return ref == null
                ? List.of()
                : List.of(new Reference(ROLE_KIND, ref.name(), "spec.roleRef"));
    }

    /** The role the profile should hold: {@code role}, the referenced Role's name, or none. */
    static String desiredRole(InstanceProfile profile) {
        InstanceProfileSpec spec = profile.getSpec();
        if (spec.getRole() != null && !spec.getRole().isEmpty()) {
            return spec.getRole();
        }
        ResourceReference ref = spec.getRoleRef();
        return ref == null ? null : profile.resolvedReferences().awsName(ROLE_KIND, ref.name());
    }

    @Override
    public TenancyFacts tenancyFacts(InstanceProfile profile) {
        InstanceProfileSpec spec = profile.getSpec();
        boolean byName = spec.getRole() != null && !spec.getRole().isEmpty();
        return new TenancyFacts(
                KIND,
                profile.awsName(),
                true,
                spec.getPath() == null || spec.getPath().isBlank() ? null : spec.getPath(),
                false,
                null,
                List.of(),
                byName ? List.of(spec.getRole()) : List.of(),
                List.of());
    }

    @Override
    public String naturalKey(InstanceProfile profile) {
        return profile.awsName();
    }

    @Override
    public Optional<ObservedInstanceProfile> observe(InstanceProfile profile) {
        return byName(profile.awsName());
    }

    @Override
    public Optional<ObservedInstanceProfile> observeRecorded(InstanceProfile profile) {
        return byName(profile.status().recordedNameOrIntentKey());
    }

    @Override
    public Optional<ObservedInstanceProfile> observeConflicting(InstanceProfile profile) {
        Optional<ObservedInstanceProfile> exact = observe(profile);
        if (exact.isPresent()) {
            return exact;
        }
        return Paging.all(
                        marker -> {
                            ListInstanceProfilesResponse r =
                                    calls.call(
                                            "ListInstanceProfiles",
                                            () -> iam.listInstanceProfiles(b -> b.marker(marker)));
                            return Paging.Page.of(
                                    r.instanceProfiles(), r.isTruncated(), r.marker());
                        })
                .map(software.amazon.awssdk.services.iam.model.InstanceProfile::instanceProfileName)
                .filter(n -> n.equalsIgnoreCase(profile.awsName()))
                .findFirst()
                .flatMap(this::byName);
    }

    private Optional<ObservedInstanceProfile> byName(String name) {
        try {
            return Optional.of(
                    toObserved(
                            calls.call(
                                            "GetInstanceProfile",
                                            () ->
                                                    iam.getInstanceProfile(
                                                            b -> b.instanceProfileName(name)))
                                    .instanceProfile()));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static ObservedInstanceProfile toObserved(
            software.amazon.awssdk.services.iam.model.InstanceProfile p) {
        return new ObservedInstanceProfile(
                p.arn(),
                p.instanceProfileId(),
                p.instanceProfileName(),
                p.path(),
                p.roles().stream()
                        .map(software.amazon.awssdk.services.iam.model.Role::roleName)
                        .toList(),
                AwsTags.toMap(p.tags()),
                p.createDate());
    }

    /** CreateInstanceProfile with the ownership tags, then its role, if any. */
    @Override
    public ObservedInstanceProfile create(InstanceProfile profile, Map<String, String> tags) {
        CreateInstanceProfileResponse r =
                calls.call(
                        "CreateInstanceProfile",
                        () ->
                                iam.createInstanceProfile(
                                        b ->
                                                b.instanceProfileName(profile.awsName())
                                                        .path(profile.awsPath())
                                                        .tags(AwsTags.of(tags))));
        // Its role: the engine adds it through diff and update.
        return toObserved(r.instanceProfile()).with(List.of(), tags);
    }

    @Override
    public Drift diff(
            InstanceProfile profile,
            ObservedInstanceProfile observed,
            Map<String, String> desiredTags) {
        return InstanceProfileDiff.diff(desiredRole(profile), desiredTags, observed);
    }

    /**
     * The role first goes out, then the new one comes in: IAM allows one role per instance profile
     * (LimitExceeded otherwise).
     */
    @Override
    public ObservedInstanceProfile update(
            InstanceProfile profile,
            ObservedInstanceProfile observed,
            Drift drift,
            Map<String, String> desiredTags) {
        String name = observed.name();
        List<String> roles = observed.roles();
        if (drift.has(InstanceProfileDiff.ROLE)) {
            String desired = desiredRole(profile);
            for (String held : observed.roles()) {
                if (desired == null || !held.equalsIgnoreCase(desired)) {
                    removeRole(name, held);
                }
            }
            boolean alreadyHeld =
                    desired != null
                            && observed.roles().stream().anyMatch(desired::equalsIgnoreCase);
            if (desired != null && !alreadyHeld) {
                addRole(name, desired);
            }
            roles = desired == null ? List.of() : List.of(desired);
        }
        Map<String, String> tags = observed.tags();
        if (drift.has(InstanceProfileDiff.TAGS)) {
            TagSync.apply(
                    desiredTags,
                    observed.tags(),
                    toSet ->
                            calls.call(
                                    "TagInstanceProfile",
                                    () ->
                                            iam.tagInstanceProfile(
                                                    b ->
                                                            b.instanceProfileName(name)
                                                                    .tags(AwsTags.of(toSet)))),
                    toRemove ->
                            calls.call(
                                    "UntagInstanceProfile",
                                    () ->
                                            iam.untagInstanceProfile(
                                                    b ->
                                                            b.instanceProfileName(name)
                                                                    .tagKeys(toRemove))));
            tags = desiredTags;
        }
        return observed.with(roles, tags);
    }

    private void addRole(String profile, String role) {
        try {
            calls.call(
                    "AddRoleToInstanceProfile",
                    () ->
                            iam.addRoleToInstanceProfile(
                                    b -> b.instanceProfileName(profile).roleName(role)));
        } catch (AwsException e) {
            if (e.is(AwsErrorKind.NOT_FOUND)) {
                throw new AwsException(
                        e.kind(),
                        e.operation(),
                        e.errorCode(),
                        "role "
                                + role
                                + " does not exist in AWS: create it, or fix spec.role; retrying"
                                + " with backoff ("
                                + e.getMessage()
                                + ")",
                        e);
            }
            throw e;
        }
    }

    private void removeRole(String profile, String role) {
        try {
            calls.call(
                    "RemoveRoleFromInstanceProfile",
                    () ->
                            iam.removeRoleFromInstanceProfile(
                                    b -> b.instanceProfileName(profile).roleName(role)));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    /** Removes its role (IAM refuses to delete a profile that holds one), then deletes it. */
    @Override
    public void delete(InstanceProfile profile, ObservedInstanceProfile observed) {
        for (String role : observed.roles()) {
            removeRole(observed.name(), role);
        }
        try {
            calls.call(
                    "DeleteInstanceProfile",
                    () -> iam.deleteInstanceProfile(b -> b.instanceProfileName(observed.name())));
        } catch (AwsException e) {
            if (!e.is(AwsErrorKind.NOT_FOUND)) {
                throw e;
            }
        }
    }

    @Override
    public void recordStatus(InstanceProfile profile, ObservedInstanceProfile observed) {
        InstanceProfileStatus s = profile.getStatus();
        s.setRoleName(observed.roles().isEmpty() ? null : observed.roles().get(0));
        s.setPath(observed.path());
        s.setCreateDate(observed.createDate() == null ? null : observed.createDate().toString());
    }
}
