package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The roles, users, groups, instance profiles and OpenID Connect providers of one account,
 * enforcing IAM's rules. Every operation is atomic (the store's monitor guards all state) and fails
 * with the {@link ServiceError} IAM would answer; results are immutable snapshots.
 *
 * <p>Names are unique per entity type ignoring letter case, and, as IAM does not distinguish names
 * by case, lookups by name ignore it too. Managed policy attachments are mirrored into the {@link
 * PolicyStore} (AttachmentCount, ListEntitiesForPolicy, DeletePolicy's DeleteConflict); the lock
 * order is always this store, then the policy store.
 */
final class PrincipalStore {

    /**
     * The entities IAM can tag (besides policies), with IAM's name for their tag quota and whether
     * their tag keys ignore letter case (only those of users and roles do).
     */
    enum Taggable {
        ROLE("TagsPerRole", true),
        USER("TagsPerUser", true),
        INSTANCE_PROFILE("TagsPerInstanceProfile", false),
        OIDC_PROVIDER("TagsPerOpenIdConnectProvider", false);

        private final String quotaName;
        private final boolean ignoreKeyCase;

        Taggable(String quotaName, boolean ignoreKeyCase) {
            this.quotaName = quotaName;
            this.ignoreKeyCase = ignoreKeyCase;
        }

        Map<String, String> merge(Map<String, String> existing, Map<String, String> added) {
            return PrincipalRules.mergeTags(existing, added, quotaName, ignoreKeyCase);
        }
    }

    /** The answer of GetServiceLinkedRoleDeletionStatus; {@code reason} only when FAILED. */
    record DeletionStatus(String status, String reason) {}

    private static final class DeletionTask {
        final String roleName;
        int polls;
        String failureReason;
        String status = "NOT_STARTED";

        DeletionTask(String roleName) {
            this.roleName = roleName;
        }

        boolean finished() {
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        }
    }

    private final String accountId;
    private final Clock clock;
    private final PolicyStore policies;

    private final Map<String, StoredRole> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, StoredPrincipal> users = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, StoredPrincipal> groups =
            new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, StoredInstanceProfile> instanceProfiles =
            new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** Keyed by ARN. */
    private final Map<String, StoredOidcProvider> oidcProviders = new TreeMap<>();

    private final Map<String, DeletionTask> deletionTasks = new HashMap<>();

    private int managedPolicyQuota = PrincipalRules.DEFAULT_MANAGED_POLICY_QUOTA;
    private int deletionPollsInProgress = 1;

    PrincipalStore(String accountId, Clock clock, PolicyStore policies) {
        this.accountId = accountId;
        this.clock = clock;
        this.policies = policies;
    }

    // ---------------------------------------------------------------- roles

    synchronized RoleSnapshot createRole(
            String name,
            String path,
            String trustPolicy,
            String description,
            String maxSessionDuration,
            String boundaryArn,
            Map<String, String> tags) {
        PrincipalRules.checkName("roleName", name, PrincipalRules.MAX_ROLE_OR_USER_NAME_LENGTH);
        PolicyRules.checkPath(path);
        PrincipalRules.checkTrustPolicy(trustPolicy);
        PrincipalRules.checkDescription(description);
        int seconds =
                maxSessionDuration == null
                        ? PrincipalRules.MIN_SESSION_DURATION
                        : PrincipalRules.maxSessionDuration(maxSessionDuration);
        Map<String, String> checkedTags = Taggable.ROLE.merge(Map.of(), tags);
        if (boundaryArn != null) {
            checkBoundary(boundaryArn);
        }
        if (roles.containsKey(name)) {
            throw ServiceError.entityAlreadyExists("Role with name " + name + " already exists.");
        }
        StoredRole role =
                new StoredRole(
                        name,
                        path,
                        Ids.uniqueId(EntityType.ROLE.idPrefix()),
                        arn("role", path, name),
                        now(),
                        trustPolicy,
                        null);
        role.description = description;
        role.maxSessionDuration = seconds;
        role.permissionsBoundary = boundaryArn;
        role.tags = checkedTags;
        roles.put(name, role);
        return snapshot(role);
    }

    synchronized RoleSnapshot role(String name) {
        return snapshot(storedRole(name));
    }

    synchronized Optional<RoleSnapshot> findRole(String name) {
        return Optional.ofNullable(roles.get(name)).map(this::snapshot);
    }

    synchronized List<RoleSnapshot> roles() {
        return roles.values().stream().map(this::snapshot).toList();
    }

    /**
     * UpdateRole: {@code null} leaves a field unchanged. The description of a service-linked role
     * may change, its session duration may not.
     */
    synchronized void updateRole(String name, String description, String maxSessionDuration) {
        StoredRole role = storedRole(name);
        PrincipalRules.checkDescription(description);
        Integer seconds =
                maxSessionDuration == null
                        ? null
                        : PrincipalRules.maxSessionDuration(maxSessionDuration);
        if (seconds != null) {
            checkModifiable(role);
            role.maxSessionDuration = seconds;
        }
        if (description != null) {
            role.description = description;
        }
    }

    synchronized RoleSnapshot updateRoleDescription(String name, String description) {
        StoredRole role = storedRole(name);
        PrincipalRules.checkDescription(description);
        role.description = description;
        return snapshot(role);
    }

    synchronized void updateAssumeRolePolicy(String name, String trustPolicy) {
        StoredRole role = storedRole(name);
        PrincipalRules.checkTrustPolicy(trustPolicy);
        checkModifiable(role);
        role.assumeRolePolicyDocument = trustPolicy;
    }

    /** Deletes a role that has no policies and is in no instance profile. */
    synchronized void deleteRole(String name) {
        StoredRole role = storedRole(name);
        checkModifiable(role);
        checkNoPolicies(role);
        if (instanceProfiles.values().stream()
                .anyMatch(profile -> role.name.equals(profile.roleName))) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must remove roles from instance profile first.");
        }
        roles.remove(name);
    }

    synchronized List<InstanceProfileSnapshot> instanceProfilesForRole(String roleName) {
        StoredRole role = storedRole(roleName);
        return instanceProfiles.values().stream()
                .filter(profile -> role.name.equals(profile.roleName))
                .map(this::snapshot)
                .toList();
    }

    // ---------------------------------------------------------------- service-linked roles

    /**
     * Creates the role the service defines, at {@code /aws-service-role/<service>/}, with the
     * service's AWS managed policy attached.
     */
    synchronized RoleSnapshot createServiceLinkedRole(
            String awsServiceName, String description, String customSuffix) {
        PrincipalRules.checkDescription(description);
        ServiceLinkedRoleType type =
                ServiceLinkedRoleType.find(awsServiceName)
                        .orElseThrow(
                                () ->
                                        ServiceError.invalidInput(
                                                "Service "
                                                        + awsServiceName
                                                        + " is not a valid service principal"
                                                        + " or does not support service-linked"
                                                        + " roles."));
        if (customSuffix != null) {
            if (!type.acceptsSuffix()) {
                throw ServiceError.invalidInput(
                        "Custom suffix is not allowed for " + awsServiceName);
            }
            PrincipalRules.checkName("customSuffix", customSuffix, 64);
        }
        String name = type.roleName(customSuffix);
        if (roles.containsKey(name)) {
            throw ServiceError.invalidInput(
                    "Service role name "
                            + name
                            + " has been taken in this account, please try a different suffix.");
        }
        StoredRole role =
                new StoredRole(
                        name,
                        type.path(),
                        Ids.uniqueId(EntityType.ROLE.idPrefix()),
                        arn("role", type.path(), name),
                        now(),
                        type.trustPolicy(),
                        awsServiceName);
        role.description = description;
        role.attachedPolicies.add(type.policyArn());
        roles.put(name, role);
        return snapshot(role);
    }

    /**
     * Starts the asynchronous deletion of a service-linked role; asking again while it runs returns
     * the same task.
     *
     * @return the DeletionTaskId
     */
    synchronized String deleteServiceLinkedRole(String roleName) {
        StoredRole role = storedRole(roleName);
        if (!role.serviceLinked()) {
            // NoSuchEntity: InvalidInput is not among the errors IAM documents for this action
            throw ServiceError.noSuchEntity(
                    "There is no service-linked role with name " + role.name + ".");
        }
        for (Map.Entry<String, DeletionTask> task : deletionTasks.entrySet()) {
            if (task.getValue().roleName.equals(role.name) && !task.getValue().finished()) {
                return task.getKey();
            }
        }
        String taskId = "task" + role.path + role.name + "/" + UUID.randomUUID().toString();
        deletionTasks.put(taskId, new DeletionTask(role.name));
        return taskId;
    }

    /**
     * Each call is one poll. The first {@code deletionPollsInProgress} polls answer IN_PROGRESS
     * (NOT_STARTED for the first of several); the next one finishes the task: the role is deleted
     * and the answer is SUCCEEDED, or, when a failure was injected, the role stays and the answer
     * is FAILED with the reason.
     */
    synchronized DeletionStatus deletionStatus(String taskId) {
        DeletionTask task = deletionTask(taskId);
        if (!task.finished()) {
            task.polls++;
            if (task.polls <= deletionPollsInProgress) {
                task.status =
                        task.polls == 1 && deletionPollsInProgress > 1
                                ? "NOT_STARTED"
                                : "IN_PROGRESS";
            } else if (task.failureReason != null) {
                task.status = "FAILED";
            } else {
                StoredRole role = roles.remove(task.roleName);
                if (role != null) {
                    detachAll(role);
                    instanceProfiles.values().stream()
                            .filter(profile -> role.name.equals(profile.roleName))
                            .forEach(profile -> profile.roleName = null);
                }
                task.status = "SUCCEEDED";
            }
        }
        return new DeletionStatus(
                task.status, task.status.equals("FAILED") ? task.failureReason : null);
    }

    /** How many status polls answer IN_PROGRESS before a deletion task finishes. */
    synchronized void deletionPollsInProgress(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must not be negative: " + polls);
        }
        deletionPollsInProgress = polls;
    }

    /** Makes the unfinished task end FAILED with this reason, leaving the role in place. */
    synchronized void failDeletion(String taskId, String reason) {
        DeletionTask task = deletionTask(taskId);
        if (task.finished()) {
            throw ServiceError.invalidInput("Deletion task " + taskId + " has already finished.");
        }
        task.failureReason = reason;
    }

    synchronized String deletionTaskStatus(String taskId) {
        return deletionTask(taskId).status;
    }

    // ---------------------------------------------------------------- users and groups

    synchronized UserSnapshot createUser(
            String name, String path, String boundaryArn, Map<String, String> tags) {
        PrincipalRules.checkName("userName", name, PrincipalRules.MAX_ROLE_OR_USER_NAME_LENGTH);
        PolicyRules.checkPath(path);
        Map<String, String> checkedTags = Taggable.USER.merge(Map.of(), tags);
        if (boundaryArn != null) {
            checkBoundary(boundaryArn);
        }
        if (users.containsKey(name)) {
            throw ServiceError.entityAlreadyExists("User with name " + name + " already exists.");
        }
        StoredPrincipal user = newPrincipal(EntityType.USER, "user", name, path);
        user.permissionsBoundary = boundaryArn;
        user.tags = checkedTags;
        users.put(name, user);
        return userSnapshot(user);
    }

    synchronized UserSnapshot user(String name) {
        return userSnapshot(principal(EntityType.USER, name));
    }

    synchronized Optional<UserSnapshot> findUser(String name) {
        return Optional.ofNullable(users.get(name)).map(this::userSnapshot);
    }

    synchronized List<UserSnapshot> users() {
        return users.values().stream().map(this::userSnapshot).toList();
    }

    synchronized void deleteUser(String name) {
        StoredPrincipal user = principal(EntityType.USER, name);
        checkNoPolicies(user);
        if (!user.groupNames.isEmpty()) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must remove users from group first.");
        }
        if (!user.accessKeys.isEmpty()) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must delete access keys first.");
        }
        users.remove(name);
    }

    // ---------------------------------------------------------------- access keys

    /** IAM's quota AccessKeysPerUser, which cannot be raised. */
    static final int ACCESS_KEYS_PER_USER = 2;

    synchronized AccessKeySnapshot createAccessKey(String userName) {
        StoredPrincipal user = principal(EntityType.USER, userName);
        if (user.accessKeys.size() >= ACCESS_KEYS_PER_USER) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_USER);
        }
        StoredAccessKey key =
                new StoredAccessKey(
                        Ids.accessKeyId(),
                        Ids.secretAccessKey(),
                        clock.instant().truncatedTo(ChronoUnit.SECONDS));
        user.accessKeys.add(key);
        return key.snapshot(user.name);
    }

    synchronized List<AccessKeySnapshot> accessKeys(String userName) {
        StoredPrincipal user = principal(EntityType.USER, userName);
        return user.accessKeys.stream().map(k -> k.snapshot(user.name)).toList();
    }

    /** Every access key of the account, in user then creation order. */
    synchronized List<AccessKeySnapshot> allAccessKeys() {
        return users.values().stream()
                .flatMap(u -> u.accessKeys.stream().map(k -> k.snapshot(u.name)))
                .toList();
    }

    synchronized void updateAccessKey(String userName, String accessKeyId, String status) {
        if (!status.equals("Active") && !status.equals("Inactive")) {
            throw ServiceError.validation(
                    "status", status, "Member must satisfy enum value set: [Active, Inactive]");
        }
        accessKey(userName, accessKeyId).status = status;
    }

    synchronized void deleteAccessKey(String userName, String accessKeyId) {
        StoredPrincipal user = principal(EntityType.USER, userName);
        user.accessKeys.remove(accessKey(userName, accessKeyId));
    }

    /** The user of a key and its last use; NoSuchEntity for a key of no user. */
    synchronized AccessKeySnapshot accessKeyLastUsed(String accessKeyId) {
        for (StoredPrincipal user : users.values()) {
            for (StoredAccessKey key : user.accessKeys) {
                if (key.accessKeyId.equals(accessKeyId)) {
                    return key.snapshot(user.name);
                }
            }
        }
        throw ServiceError.noSuchEntity(
                "The Access Key with id " + accessKeyId + " cannot be found.");
    }

    /** Records a use of the key, as a request signed with it would. */
    synchronized void useAccessKey(String accessKeyId, String service, String region) {
        AccessKeySnapshot found = accessKeyLastUsed(accessKeyId);
        StoredAccessKey key = accessKey(found.userName(), accessKeyId);
        key.lastUsedDate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        key.lastUsedService = service;
        key.lastUsedRegion = region;
    }

    private StoredAccessKey accessKey(String userName, String accessKeyId) {
        StoredPrincipal user = principal(EntityType.USER, userName);
        return user.accessKeys.stream()
                .filter(k -> k.accessKeyId.equals(accessKeyId))
                .findFirst()
                .orElseThrow(
                        () ->
                                ServiceError.noSuchEntity(
                                        "The Access Key with id "
                                                + accessKeyId
                                                + " cannot be found."));
    }

    synchronized GroupSnapshot createGroup(String name, String path) {
        PrincipalRules.checkName(
                "groupName", name, PrincipalRules.MAX_GROUP_OR_PROFILE_NAME_LENGTH);
        PolicyRules.checkPath(path);
        if (groups.containsKey(name)) {
            throw ServiceError.entityAlreadyExists("Group with name " + name + " already exists.");
        }
        StoredPrincipal group = newPrincipal(EntityType.GROUP, "group", name, path);
        groups.put(name, group);
        return groupSnapshot(group);
    }

    synchronized GroupSnapshot group(String name) {
        return groupSnapshot(principal(EntityType.GROUP, name));
    }

    synchronized Optional<GroupSnapshot> findGroup(String name) {
        return Optional.ofNullable(groups.get(name)).map(this::groupSnapshot);
    }

    synchronized List<GroupSnapshot> groups() {
        return groups.values().stream().map(this::groupSnapshot).toList();
    }

    /** The group's members, ordered by name (GetGroup). */
    synchronized List<UserSnapshot> groupMembers(String groupName) {
        StoredPrincipal group = principal(EntityType.GROUP, groupName);
        return members(group).stream().map(this::userSnapshot).toList();
    }

    synchronized List<GroupSnapshot> groupsForUser(String userName) {
        StoredPrincipal user = principal(EntityType.USER, userName);
        return user.groupNames.stream().map(groups::get).map(this::groupSnapshot).toList();
    }

    synchronized void deleteGroup(String name) {
        StoredPrincipal group = principal(EntityType.GROUP, name);
        if (!members(group).isEmpty()) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must remove users from group first.");
        }
        checkNoPolicies(group);
        groups.remove(name);
    }

    /** Adding a member twice changes nothing, as in IAM. */
    synchronized void addUserToGroup(String groupName, String userName) {
        StoredPrincipal group = principal(EntityType.GROUP, groupName);
        StoredPrincipal user = principal(EntityType.USER, userName);
        user.groupNames.add(group.name);
    }

    synchronized void removeUserFromGroup(String groupName, String userName) {
        StoredPrincipal group = principal(EntityType.GROUP, groupName);
        StoredPrincipal user = principal(EntityType.USER, userName);
        if (!user.groupNames.remove(group.name)) {
            throw ServiceError.noSuchEntity(
                    "The user with name "
                            + user.name
                            + " is not a member of the group "
                            + group.name
                            + ".");
        }
    }

    // ---------------------------------------------------------------- policies of principals

    /** Attaching an already attached policy changes nothing, as in IAM. */
    synchronized void attachPolicy(EntityType type, String name, String policyArn) {
        StoredPrincipal principal = principal(type, name);
        checkModifiable(principal);
        checkAttachable(policyArn, "Policy " + policyArn + " does not exist or is not attachable.");
        if (principal.attachedPolicies.contains(policyArn)) {
            return;
        }
        if (principal.attachedPolicies.size() >= managedPolicyQuota) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for PoliciesPer"
                            + type.awsName()
                            + ": "
                            + managedPolicyQuota);
        }
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            policies.attach(policyArn, type, principal.name, principal.id, principal.path);
        }
        principal.attachedPolicies.add(policyArn);
    }

    synchronized void detachPolicy(EntityType type, String name, String policyArn) {
        StoredPrincipal principal = principal(type, name);
        checkModifiable(principal);
        PolicyRules.checkPolicyArn(policyArn);
        if (!principal.attachedPolicies.contains(policyArn)) {
            throw ServiceError.noSuchEntity("Policy " + policyArn + " was not found.");
        }
        detach(principal, policyArn);
    }

    /** The attached policy ARNs, in attachment order. */
    synchronized List<String> attachedPolicies(EntityType type, String name) {
        return List.copyOf(principal(type, name).attachedPolicies);
    }

    /** Creates or replaces the inline policy. */
    synchronized void putInlinePolicy(
            EntityType type, String name, String policyName, String document) {
        StoredPrincipal principal = principal(type, name);
        PrincipalRules.checkName("policyName", policyName, 128);
        switch (type) {
            case ROLE ->
                    PolicyRules.checkDocument(
                            document, PrincipalRules.MAX_ROLE_INLINE_POLICY_SIZE, "PolicySize");
            case USER ->
                    PolicyRules.checkDocument(
                            document, PrincipalRules.MAX_USER_INLINE_POLICY_SIZE, "PolicySize");
            case GROUP ->
                    PolicyRules.checkDocument(
                            document, PrincipalRules.MAX_GROUP_INLINE_POLICY_SIZE, "PolicySize");
        }
        checkModifiable(principal);
        // a name differing only in case replaces the existing policy
        principal
                .inlinePolicies
                .keySet()
                .removeIf(existing -> existing.equalsIgnoreCase(policyName));
        principal.inlinePolicies.put(policyName, document);
    }

    /**
     * @return the inline policy's stored name and raw document
     */
    synchronized Map.Entry<String, String> inlinePolicy(
            EntityType type, String name, String policyName) {
        StoredPrincipal principal = principal(type, name);
        PrincipalRules.checkName("policyName", policyName, 128);
        return principal.inlinePolicies.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(policyName))
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
                .findFirst()
                .orElseThrow(() -> noSuchInlinePolicy(type, policyName));
    }

    synchronized void deleteInlinePolicy(EntityType type, String name, String policyName) {
        StoredPrincipal principal = principal(type, name);
        PrincipalRules.checkName("policyName", policyName, 128);
        checkModifiable(principal);
        if (!principal
                .inlinePolicies
                .keySet()
                .removeIf(existing -> existing.equalsIgnoreCase(policyName))) {
            throw noSuchInlinePolicy(type, policyName);
        }
    }

    synchronized List<String> inlinePolicyNames(EntityType type, String name) {
        return List.copyOf(principal(type, name).inlinePolicies.keySet());
    }

    synchronized void putPermissionsBoundary(EntityType type, String name, String boundaryArn) {
        StoredPrincipal principal = principal(type, name);
        checkModifiable(principal);
        checkBoundary(boundaryArn);
        principal.permissionsBoundary = boundaryArn;
    }

    /** Removing a boundary that is not there changes nothing. */
    synchronized void deletePermissionsBoundary(EntityType type, String name) {
        StoredPrincipal principal = principal(type, name);
        checkModifiable(principal);
        principal.permissionsBoundary = null;
    }

    /**
     * Creates the role (trusting EC2), user or group unless the account has one of that name, for
     * out-of-band attachments to principals a test never created.
     */
    synchronized void ensurePrincipal(EntityType type, String name) {
        switch (type) {
            case ROLE -> {
                if (!roles.containsKey(name)) {
                    createRole(
                            name,
                            "/",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                    + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                                    + "\"Action\":\"sts:AssumeRole\"}]}",
                            null,
                            null,
                            null,
                            Map.of());
                }
            }
            case USER -> {
                if (!users.containsKey(name)) {
                    createUser(name, "/", null, Map.of());
                }
            }
            case GROUP -> {
                if (!groups.containsKey(name)) {
                    createGroup(name, "/");
                }
            }
        }
    }

    // ---------------------------------------------------------------- instance profiles

    synchronized InstanceProfileSnapshot createInstanceProfile(
            String name, String path, Map<String, String> tags) {
        PrincipalRules.checkName(
                "instanceProfileName", name, PrincipalRules.MAX_GROUP_OR_PROFILE_NAME_LENGTH);
        PolicyRules.checkPath(path);
        Map<String, String> checkedTags = Taggable.INSTANCE_PROFILE.merge(Map.of(), tags);
        if (instanceProfiles.containsKey(name)) {
            throw ServiceError.entityAlreadyExists("Instance Profile " + name + " already exists.");
        }
        StoredInstanceProfile profile =
                new StoredInstanceProfile(
                        name,
                        path,
                        Ids.uniqueId("AIPA"),
                        arn("instance-profile", path, name),
                        now());
        profile.tags = checkedTags;
        instanceProfiles.put(name, profile);
        return snapshot(profile);
    }

    synchronized InstanceProfileSnapshot instanceProfile(String name) {
        return snapshot(storedInstanceProfile(name));
    }

    synchronized Optional<InstanceProfileSnapshot> findInstanceProfile(String name) {
        return Optional.ofNullable(instanceProfiles.get(name)).map(this::snapshot);
    }

    synchronized List<InstanceProfileSnapshot> instanceProfiles() {
        return instanceProfiles.values().stream().map(this::snapshot).toList();
    }

    /** An instance profile holds at most one role. */
    synchronized void addRoleToInstanceProfile(String profileName, String roleName) {
        StoredInstanceProfile profile = storedInstanceProfile(profileName);
        StoredRole role = storedRole(roleName);
        if (profile.roleName != null) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }
        profile.roleName = role.name;
    }

    synchronized void removeRoleFromInstanceProfile(String profileName, String roleName) {
        StoredInstanceProfile profile = storedInstanceProfile(profileName);
        StoredRole role = storedRole(roleName);
        if (!role.name.equals(profile.roleName)) {
            throw ServiceError.noSuchEntity(
                    "The role with name "
                            + role.name
                            + " cannot be found in the instance profile "
                            + profile.name
                            + ".");
        }
        profile.roleName = null;
    }

    synchronized void deleteInstanceProfile(String name) {
        StoredInstanceProfile profile = storedInstanceProfile(name);
        if (profile.roleName != null) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must remove roles from instance profile first.");
        }
        instanceProfiles.remove(name);
    }

    // ---------------------------------------------------------------- OpenID Connect providers

    synchronized OidcProviderSnapshot createOidcProvider(
            String url,
            List<String> clientIds,
            List<String> thumbprints,
            Map<String, String> tags) {
        String hostAndPath = PrincipalRules.oidcUrl(url);
        clientIds.forEach(PrincipalRules::checkClientId);
        if (clientIds.size() > PrincipalRules.MAX_CLIENT_IDS) {
            throw ServiceError.limitExceeded(
                    "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: "
                            + PrincipalRules.MAX_CLIENT_IDS);
        }
        PrincipalRules.checkThumbprints(thumbprints);
        Map<String, String> checkedTags = Taggable.OIDC_PROVIDER.merge(Map.of(), tags);
        String arn = "arn:aws:iam::" + accountId + ":oidc-provider/" + hostAndPath;
        if (oidcProviders.containsKey(arn)) {
            throw ServiceError.entityAlreadyExists("Provider with url " + url + " already exists.");
        }
        StoredOidcProvider provider = new StoredOidcProvider(arn, hostAndPath, now());
        clientIds.stream().distinct().forEach(provider.clientIds::add);
        provider.thumbprints = new ArrayList<>(thumbprints);
        provider.tags = checkedTags;
        oidcProviders.put(arn, provider);
        return snapshot(provider);
    }

    synchronized OidcProviderSnapshot oidcProvider(String arn) {
        return snapshot(storedOidcProvider(arn));
    }

    synchronized Optional<OidcProviderSnapshot> findOidcProvider(String arn) {
        return Optional.ofNullable(oidcProviders.get(arn)).map(this::snapshot);
    }

    synchronized List<OidcProviderSnapshot> oidcProviders() {
        return oidcProviders.values().stream().map(this::snapshot).toList();
    }

    /** Adding a client id that is already there changes nothing, as in IAM. */
    synchronized void addClientId(String arn, String clientId) {
        StoredOidcProvider provider = storedOidcProvider(arn);
        PrincipalRules.checkClientId(clientId);
        if (!provider.clientIds.contains(clientId)) {
            if (provider.clientIds.size() >= PrincipalRules.MAX_CLIENT_IDS) {
                throw ServiceError.limitExceeded(
                        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: "
                                + PrincipalRules.MAX_CLIENT_IDS);
            }
            provider.clientIds.add(clientId);
        }
    }

    /** Removing a client id that is not there changes nothing, as in IAM. */
    synchronized void removeClientId(String arn, String clientId) {
        StoredOidcProvider provider = storedOidcProvider(arn);
        PrincipalRules.checkClientId(clientId);
        provider.clientIds.remove(clientId);
    }

    /** Replaces the whole list. */
    synchronized void updateThumbprints(String arn, List<String> thumbprints) {
        StoredOidcProvider provider = storedOidcProvider(arn);
        PrincipalRules.checkThumbprints(thumbprints);
        provider.thumbprints = new ArrayList<>(thumbprints);
    }

    synchronized void deleteOidcProvider(String arn) {
        storedOidcProvider(arn);
        oidcProviders.remove(arn);
    }

    // ---------------------------------------------------------------- tags

    /**
     * @param key the name (roles, users, instance profiles) or ARN (OIDC providers)
     */
    synchronized void tag(Taggable kind, String key, Map<String, String> tags) {
        Map<String, String> merged = kind.merge(tags(kind, key), tags);
        setTags(kind, key, merged);
    }

    synchronized void untag(Taggable kind, String key, Collection<String> keys) {
        setTags(kind, key, PrincipalRules.removeTags(tags(kind, key), keys, kind.ignoreKeyCase));
    }

    synchronized Map<String, String> tags(Taggable kind, String key) {
        return switch (kind) {
            case ROLE -> new LinkedHashMap<>(storedRole(key).tags);
            case USER -> new LinkedHashMap<>(principal(EntityType.USER, key).tags);
            case INSTANCE_PROFILE -> new LinkedHashMap<>(storedInstanceProfile(key).tags);
            case OIDC_PROVIDER -> new LinkedHashMap<>(storedOidcProvider(key).tags);
        };
    }

    // ---------------------------------------------------------------- quotas and reset

    synchronized void managedPolicyQuota(int quota) {
        if (quota < 0) {
            throw new IllegalArgumentException("quota must not be negative: " + quota);
        }
        managedPolicyQuota = quota;
    }

    /** Forgets every entity and deletion task; the quotas go back to IAM's defaults. */
    synchronized void clear() {
        roles.clear();
        users.clear();
        groups.clear();
        instanceProfiles.clear();
        oidcProviders.clear();
        deletionTasks.clear();
        managedPolicyQuota = PrincipalRules.DEFAULT_MANAGED_POLICY_QUOTA;
        deletionPollsInProgress = 1;
    }

    // ---------------------------------------------------------------- internals

    private void setTags(Taggable kind, String key, Map<String, String> tags) {
        switch (kind) {
            case ROLE -> storedRole(key).tags = tags;
            case USER -> principal(EntityType.USER, key).tags = tags;
            case INSTANCE_PROFILE -> storedInstanceProfile(key).tags = tags;
            case OIDC_PROVIDER -> storedOidcProvider(key).tags = tags;
        }
    }

    private StoredRole storedRole(String name) {
        PrincipalRules.checkName("roleName", name, PrincipalRules.MAX_ROLE_OR_USER_NAME_LENGTH);
        StoredRole role = roles.get(name);
        if (role == null) {
            throw ServiceError.noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private StoredPrincipal principal(EntityType type, String name) {
        return switch (type) {
            case ROLE -> storedRole(name);
            case USER -> {
                PrincipalRules.checkName(
                        "userName", name, PrincipalRules.MAX_ROLE_OR_USER_NAME_LENGTH);
                StoredPrincipal user = users.get(name);
                if (user == null) {
                    throw ServiceError.noSuchEntity(
                            "The user with name " + name + " cannot be found.");
                }
                yield user;
            }
            case GROUP -> {
                PrincipalRules.checkName(
                        "groupName", name, PrincipalRules.MAX_GROUP_OR_PROFILE_NAME_LENGTH);
                StoredPrincipal group = groups.get(name);
                if (group == null) {
                    throw ServiceError.noSuchEntity(
                            "The group with name " + name + " cannot be found.");
                }
                yield group;
            }
        };
    }

    private StoredInstanceProfile storedInstanceProfile(String name) {
        PrincipalRules.checkName(
                "instanceProfileName", name, PrincipalRules.MAX_GROUP_OR_PROFILE_NAME_LENGTH);
        StoredInstanceProfile profile = instanceProfiles.get(name);
        if (profile == null) {
            throw ServiceError.noSuchEntity("Instance Profile " + name + " cannot be found.");
        }
        return profile;
    }

    private StoredOidcProvider storedOidcProvider(String arn) {
        if (!arn.startsWith("arn:aws:iam::") || !arn.contains(":oidc-provider/")) {
            throw ServiceError.invalidInput("ARN " + arn + " is not valid.");
        }
        StoredOidcProvider provider = oidcProviders.get(arn);
        if (provider == null) {
            throw ServiceError.noSuchEntity("OpenIDConnect Provider not found for arn " + arn);
        }
        return provider;
    }

    private DeletionTask deletionTask(String taskId) {
        if (!taskId.startsWith("task/")) {
            throw ServiceError.invalidInput("Invalid deletion task id: " + taskId);
        }
        DeletionTask task = deletionTasks.get(taskId);
        if (task == null) {
            throw ServiceError.noSuchEntity("Deletion task " + taskId + " cannot be found.");
        }
        return task;
    }

    /** Only the service may change a service-linked role's policies, trust policy or existence. */
    private static void checkModifiable(StoredPrincipal principal) {
        if (principal instanceof StoredRole role && role.serviceLinked()) {
            throw new ServiceError(
                    400,
                    "UnmodifiableEntity",
                    "Cannot perform the operation on the protected role '"
                            + role.name
                            + "' - this role is only modifiable by AWS");
        }
    }

    private static void checkNoPolicies(StoredPrincipal principal) {
        if (!principal.attachedPolicies.isEmpty()) {
            throw ServiceError.deleteConflict(
                    "Cannot delete entity, must detach all policies first.");
        }
        if (!principal.inlinePolicies.isEmpty()) {
            throw ServiceError.deleteConflict("Cannot delete entity, must delete policies first.");
        }
    }

    /** A customer managed policy of this store, or one of the AWS managed policies known here. */
    private void checkAttachable(String policyArn, String notFound) {
        PolicyRules.checkPolicyArn(policyArn);
        boolean exists =
                AwsManagedPolicies.isAwsManaged(policyArn)
                        ? AwsManagedPolicies.exists(policyArn)
                        : policies.find(policyArn).isPresent();
        if (!exists) {
            throw ServiceError.noSuchEntity(notFound);
        }
    }

    private void checkBoundary(String boundaryArn) {
        checkAttachable(
                boundaryArn, "Scope ARN: " + boundaryArn + " does not exist or is not attachable.");
    }

    private void detach(StoredPrincipal principal, String policyArn) {
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            policies.detach(policyArn, principal.type, principal.name);
        }
        principal.attachedPolicies.remove(policyArn);
    }

    private void detachAll(StoredPrincipal principal) {
        List.copyOf(principal.attachedPolicies).forEach(arn -> detach(principal, arn));
    }

    private List<StoredPrincipal> members(StoredPrincipal group) {
        return users.values().stream()
                .filter(user -> user.groupNames.contains(group.name))
                .toList();
    }

    private StoredPrincipal newPrincipal(
            EntityType type, String arnType, String name, String path) {
        return new StoredPrincipal(
                type, name, path, Ids.uniqueId(type.idPrefix()), arn(arnType, path, name), now());
    }

    private static ServiceError noSuchInlinePolicy(EntityType type, String policyName) {
        return ServiceError.noSuchEntity(
                "The "
                        + type.awsName().toLowerCase(Locale.ROOT)
                        + " policy with name "
                        + policyName
                        + " cannot be found.");
    }

    private String arn(String type, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + type + path + name;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private RoleSnapshot snapshot(StoredRole role) {
        return new RoleSnapshot(
                role.arn,
                role.name,
                role.path,
                role.id,
                role.createDate,
                role.assumeRolePolicyDocument,
                role.description,
                role.maxSessionDuration,
                role.permissionsBoundary,
                List.copyOf(role.attachedPolicies),
                role.inlinePolicies,
                role.tags,
                instanceProfiles.values().stream()
                        .filter(profile -> role.name.equals(profile.roleName))
                        .map(profile -> profile.name)
                        .toList(),
                role.awsServiceName);
    }

    private UserSnapshot userSnapshot(StoredPrincipal user) {
        return new UserSnapshot(
                user.arn,
                user.name,
                user.path,
                user.id,
                user.createDate,
                user.permissionsBoundary,
                List.copyOf(user.attachedPolicies),
                user.inlinePolicies,
                user.tags,
                List.copyOf(user.groupNames));
    }

    private GroupSnapshot groupSnapshot(StoredPrincipal group) {
        return new GroupSnapshot(
                group.arn,
                group.name,
                group.path,
                group.id,
                group.createDate,
                List.copyOf(group.attachedPolicies),
                group.inlinePolicies,
                members(group).stream().map(user -> user.name).toList());
    }

    private InstanceProfileSnapshot snapshot(StoredInstanceProfile profile) {
        return new InstanceProfileSnapshot(
                profile.arn,
                profile.name,
                profile.path,
                profile.id,
                profile.createDate,
                profile.roleName == null
                        ? List.of()
                        : List.of(snapshot(roles.get(profile.roleName))),
                profile.tags);
    }

    private OidcProviderSnapshot snapshot(StoredOidcProvider provider) {
        return new OidcProviderSnapshot(
                provider.arn,
                provider.url,
                provider.clientIds,
                provider.thumbprints,
                provider.tags,
                provider.createDate);
    }
}
