package dev.operator.iam.testing;

import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.emulator.PolicySnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An external IAM endpoint (LocalStack, moto) driven through the real AWS SDK, as another AWS user
 * would: every method is a sequence of ordinary IAM calls, so the operator under test sees them as
 * changes made outside Kubernetes.
 *
 * <p>A policy is read with GetPolicy, GetPolicyVersion and ListPolicyVersions; when the operator
 * changes it between these calls, the read starts over, so a snapshot is never a mix of two states.
 */
public final class SdkBackend implements IamBackend {

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_VERSIONS = 5;
    private static final int SNAPSHOT_ATTEMPTS = 5;
    private static final String EC2_TRUST_POLICY =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}\
            """;

    private final IamClient iam;
    private final StsClient sts;
    private volatile String accountId;

    private SdkBackend(URI endpoint, AwsBasicCredentials credentials) {
        StaticCredentialsProvider provider = StaticCredentialsProvider.create(credentials);
        this.iam =
                IamClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.AWS_GLOBAL)
                        .endpointOverride(endpoint)
                        .credentialsProvider(provider)
                        .overrideConfiguration(config -> config.apiCallTimeout(API_CALL_TIMEOUT))
                        .build();
        this.sts =
                StsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.AWS_GLOBAL)
                        .endpointOverride(endpoint)
                        .credentialsProvider(provider)
                        .overrideConfiguration(config -> config.apiCallTimeout(API_CALL_TIMEOUT))
                        .build();
    }

    /** IAM and STS at {@code endpoint}, signing with these credentials. */
    public static SdkBackend connect(URI endpoint, AwsBasicCredentials credentials) {
        return new SdkBackend(endpoint, credentials);
    }

    /**
     * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, each {@code test} when unset.
     */
    public static AwsBasicCredentials environmentCredentials() {
        return AwsBasicCredentials.create(
                System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
    }

    @Override
    public String accountId() {
        String known = accountId;
        if (known == null) {
            known = sts.getCallerIdentity().account();
            accountId = known;
        }
        return known;
    }

    @Override
    public List<PolicySnapshot> policies() {
        return localPolicyArns().stream()
                .map(this::policy)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(PolicySnapshot::arn))
                .toList();
    }

    @Override
    public Optional<PolicySnapshot> policy(String arn) {
        for (int attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
            Optional<Policy> policy = getPolicy(arn);
            if (policy.isEmpty()) {
                return Optional.empty();
            }
            Optional<PolicySnapshot> snapshot = snapshotOf(policy.get());
            if (snapshot.isPresent()) {
                return snapshot;
            }
        }
        throw new IllegalStateException("policy " + arn + " kept changing while it was being read");
    }

    @Override
    public PolicySnapshot seedPolicy(
            String name, String path, String document, Map<String, String> tags) {
        String arn =
                refusalsAsArguments(
                        () ->
                                iam.createPolicy(
                                                request ->
                                                        request.policyName(name)
                                                                .path(path == null ? "/" : path)
                                                                .policyDocument(document)
                                                                .tags(
                                                                        tags == null
                                                                                ? List.of()
                                                                                : tagList(tags)))
                                        .policy()
                                        .arn());
        return policy(arn)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "policy " + arn + " vanished right after it was created"));
    }

    @Override
    public void putPolicyVersionOutOfBand(String arn, String document) {
        refusalsAsArguments(
                () -> {
                    List<PolicyVersion> versions = versions(arn);
                    if (versions.size() >= MAX_VERSIONS) {
                        versions.stream()
                                .filter(version -> !isDefault(version))
                                .findFirst()
                                .ifPresent(oldest -> deleteVersion(arn, oldest.versionId()));
                    }
                    return iam.createPolicyVersion(
                            request ->
                                    request.policyArn(arn)
                                            .policyDocument(document)
                                            .setAsDefault(true));
                });
    }

    @Override
    public void tagPolicyOutOfBand(String arn, Map<String, String> tags) {
        refusalsAsArguments(
                () -> iam.tagPolicy(request -> request.policyArn(arn).tags(tagList(tags))));
    }

    @Override
    public void untagPolicyOutOfBand(String arn, String... keys) {
        refusalsAsArguments(() -> iam.untagPolicy(request -> request.policyArn(arn).tagKeys(keys)));
    }

    /** Creates the principal first when the account has none of that name (roles trust EC2). */
    @Override
    public void attachPolicyOutOfBand(String arn, String entityType, String entityName) {
        Principal principal = Principal.fromAwsName(entityType);
        refusalsAsArguments(
                () -> {
                    createIfMissing(principal, entityName);
                    switch (principal) {
                        case ROLE ->
                                iam.attachRolePolicy(
                                        request -> request.policyArn(arn).roleName(entityName));
                        case USER ->
                                iam.attachUserPolicy(
                                        request -> request.policyArn(arn).userName(entityName));
                        case GROUP ->
                                iam.attachGroupPolicy(
                                        request -> request.policyArn(arn).groupName(entityName));
                    }
                    return null;
                });
    }

    @Override
    public void detachPolicyOutOfBand(String arn, String entityType, String entityName) {
        Principal principal = Principal.fromAwsName(entityType);
        refusalsAsArguments(
                () -> {
                    detach(arn, principal, entityName);
                    return null;
                });
    }

    @Override
    public void deletePolicyOutOfBand(String arn) {
        refusalsAsArguments(
                () -> {
                    deleteWithVersions(arn);
                    return null;
                });
    }

    /**
     * Detaches every customer managed policy from its principals and deletes it with all its
     * versions, leaving the account without policies, as a fresh emulator starts: what an earlier
     * run against the same endpoint left behind would otherwise collide with the fixed names of the
     * tests.
     *
     * @return how many policies were deleted
     */
    public int deleteAllPolicies() {
        return refusalsAsArguments(
                () -> {
                    List<String> arns = localPolicyArns();
                    for (String arn : arns) {
                        detachFromEveryPrincipal(arn);
                        deleteWithVersions(arn);
                    }
                    return arns.size();
                });
    }

    @Override
    public void close() {
        iam.close();
        sts.close();
    }

    private List<String> localPolicyArns() {
        return iam
                .listPoliciesPaginator(request -> request.scope(PolicyScopeType.LOCAL))
                .policies()
                .stream()
                .map(Policy::arn)
                .toList();
    }

    private Optional<Policy> getPolicy(String arn) {
        try {
            return Optional.of(iam.getPolicy(request -> request.policyArn(arn)).policy());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /** Empty when the policy changed or went away between the calls that read it. */
    private Optional<PolicySnapshot> snapshotOf(Policy policy) {
        String arn = policy.arn();
        String defaultVersionId = policy.defaultVersionId();
        try {
            String wireDocument =
                    iam.getPolicyVersion(
                                    request -> request.policyArn(arn).versionId(defaultVersionId))
                            .policyVersion()
                            .document();
            List<PolicyVersion> versions = versions(arn);
            boolean consistent =
                    versions.stream()
                            .anyMatch(
                                    version ->
                                            version.versionId().equals(defaultVersionId)
                                                    && isDefault(version));
            if (!consistent) {
                return Optional.empty();
            }
            return Optional.of(
                    new PolicySnapshot(
                            arn,
                            policy.policyName(),
                            policy.path(),
                            policy.policyId(),
                            policy.description(),
                            defaultVersionId,
                            AwsDocuments.decodeFromAws(wireDocument),
                            versions.stream().map(PolicyVersion::versionId).toList(),
                            tags(policy),
                            policy.attachmentCount() == null ? 0 : policy.attachmentCount(),
                            policy.createDate()));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /**
     * GetPolicy's own tags; servers that leave them out of GetPolicy are asked with ListPolicyTags.
     */
    private Map<String, String> tags(Policy policy) {
        List<Tag> tags =
                policy.hasTags() && !policy.tags().isEmpty()
                        ? policy.tags()
                        : iam
                                .listPolicyTagsPaginator(request -> request.policyArn(policy.arn()))
                                .tags()
                                .stream()
                                .toList();
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    /** All versions in creation order: IAM numbers them v1, v2, ... and never reuses a number. */
    private List<PolicyVersion> versions(String arn) {
        return iam
                .listPolicyVersionsPaginator(request -> request.policyArn(arn))
                .versions()
                .stream()
                .sorted(Comparator.comparingInt(SdkBackend::versionNumber))
                .toList();
    }

    private static boolean isDefault(PolicyVersion version) {
        return Boolean.TRUE.equals(version.isDefaultVersion());
    }

    private static int versionNumber(PolicyVersion version) {
        return Integer.parseInt(version.versionId().substring(1));
    }

    private void deleteVersion(String arn, String versionId) {
        iam.deletePolicyVersion(request -> request.policyArn(arn).versionId(versionId));
    }

    private void deleteWithVersions(String arn) {
        versions(arn).stream()
                .filter(version -> !isDefault(version))
                .forEach(version -> deleteVersion(arn, version.versionId()));
        iam.deletePolicy(request -> request.policyArn(arn));
    }

    private void detachFromEveryPrincipal(String arn) {
        iam.listEntitiesForPolicyPaginator(request -> request.policyArn(arn))
                .forEach(
                        page -> {
                            page.policyRoles()
                                    .forEach(role -> detach(arn, Principal.ROLE, role.roleName()));
                            page.policyUsers()
                                    .forEach(user -> detach(arn, Principal.USER, user.userName()));
                            page.policyGroups()
                                    .forEach(
                                            group ->
                                                    detach(
                                                            arn,
                                                            Principal.GROUP,
                                                            group.groupName()));
                        });
    }

    private void detach(String arn, Principal principal, String name) {
        switch (principal) {
            case ROLE -> iam.detachRolePolicy(request -> request.policyArn(arn).roleName(name));
            case USER -> iam.detachUserPolicy(request -> request.policyArn(arn).userName(name));
            case GROUP -> iam.detachGroupPolicy(request -> request.policyArn(arn).groupName(name));
        }
    }

    private void createIfMissing(Principal principal, String name) {
        try {
            switch (principal) {
                case ROLE ->
                        iam.createRole(
                                request ->
                                        request.roleName(name)
                                                .assumeRolePolicyDocument(EC2_TRUST_POLICY));
                case USER -> iam.createUser(request -> request.userName(name));
                case GROUP -> iam.createGroup(request -> request.groupName(name));
            }
        } catch (EntityAlreadyExistsException e) {
            // attached to an existing principal: exactly what the caller asked for
        }
    }

    private static List<Tag> tagList(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                .toList();
    }

    /**
     * IAM's refusals surface as the emulator's out-of-band methods report them: code and message.
     */
    private static <T> T refusalsAsArguments(Supplier<T> calls) {
        try {
            return calls.get();
        } catch (IamException e) {
            throw new IllegalArgumentException(
                    e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    /** The principals a managed policy attaches to, by IAM's names for them. */
    private enum Principal {
        ROLE,
        USER,
        GROUP;

        static Principal fromAwsName(String name) {
            return switch (name) {
                case "Role" -> ROLE;
                case "User" -> USER;
                case "Group" -> GROUP;
                default ->
                        throw new IllegalArgumentException(
                                "entity type must be Role, User or Group, not " + name);
            };
        }
    }
}
