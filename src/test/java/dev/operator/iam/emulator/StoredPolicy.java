package dev.operator.iam.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One customer managed policy as IAM stores it. Immutable: every change produces a new value, so
 * the store can hand policies out without copying and responses render a consistent state.
 *
 * @param lastVersionNumber the highest version number ever issued; ids are never reused
 * @param versions in creation order
 * @param tags in the order they were added
 */
record StoredPolicy(
        String arn,
        String name,
        String path,
        String id,
        String description,
        Instant createDate,
        Instant updateDate,
        String defaultVersionId,
        int lastVersionNumber,
        List<Version> versions,
        Map<String, String> tags,
        List<Attachment> attachments) {

    /** A policy version; {@code document} is the JSON text exactly as submitted. */
    record Version(String id, String document, Instant createDate) {}

    /** A role, user or group the policy is attached to, with the principal's id and path. */
    record Attachment(EntityType type, String name, String id, String path) {}

    /**
     * The kinds of principals a managed policy can be attached to, with IAM's unique-id prefixes.
     */
    enum EntityType {
        ROLE("Role", "AROA"),
        USER("User", "AIDA"),
        GROUP("Group", "AGPA");

        private final String awsName;
        private final String idPrefix;

        EntityType(String awsName, String idPrefix) {
            this.awsName = awsName;
            this.idPrefix = idPrefix;
        }

        /** IAM's name for the type, as in EntityFilter and PolicyRoles/PolicyUsers/PolicyGroups. */
        String awsName() {
            return awsName;
        }

        String idPrefix() {
            return idPrefix;
        }

        static EntityType fromAwsName(String name) {
            for (EntityType type : values()) {
                if (type.awsName.equals(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException(
                    "entity type must be Role, User or Group, not " + name);
        }
    }

    StoredPolicy {
        versions = List.copyOf(versions);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        attachments = List.copyOf(attachments);
    }

    /** A new policy whose only version, v1, is the default. */
    static StoredPolicy create(
            String arn,
            String name,
            String path,
            String id,
            String description,
            String document,
            Map<String, String> tags,
            Instant now) {
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                now,
                now,
                "v1",
                1,
                List.of(new Version("v1", document, now)),
                tags,
                List.of());
    }

    Version defaultVersion() {
        return version(defaultVersionId).orElseThrow();
    }

    Optional<Version> version(String versionId) {
        return versions.stream().filter(v -> v.id().equals(versionId)).findFirst();
    }

    /** Adds the next version. IAM's UpdateDate tracks the newest version, default or not. */
    StoredPolicy withNewVersion(String document, boolean asDefault, Instant now) {
        int number = lastVersionNumber + 1;
        Version version = new Version("v" + number, document, now);
        List<Version> newVersions = new ArrayList<>(versions);
        newVersions.add(version);
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                createDate,
                now,
                asDefault ? version.id() : defaultVersionId,
                number,
                newVersions,
                tags,
                attachments);
    }

    StoredPolicy withoutVersion(String versionId) {
        List<Version> remaining = versions.stream().filter(v -> !v.id().equals(versionId)).toList();
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                createDate,
                updateDate,
                defaultVersionId,
                lastVersionNumber,
                remaining,
                tags,
                attachments);
    }

    StoredPolicy withDefaultVersion(String versionId) {
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                createDate,
                updateDate,
                versionId,
                lastVersionNumber,
                versions,
                tags,
                attachments);
    }

    /** Adds tags; a key that is already present gets the new value. */
    StoredPolicy withTags(Map<String, String> added) {
        Map<String, String> newTags = new LinkedHashMap<>(tags);
        newTags.putAll(added);
        return withTagMap(newTags);
    }

    StoredPolicy withoutTags(Collection<String> keys) {
        Map<String, String> newTags = new LinkedHashMap<>(tags);
        newTags.keySet().removeAll(keys);
        return withTagMap(newTags);
    }

    StoredPolicy withAttachments(List<Attachment> newAttachments) {
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                createDate,
                updateDate,
                defaultVersionId,
                lastVersionNumber,
                versions,
                tags,
                newAttachments);
    }

    private StoredPolicy withTagMap(Map<String, String> newTags) {
        return new StoredPolicy(
                arn,
                name,
                path,
                id,
                description,
                createDate,
                updateDate,
                defaultVersionId,
                lastVersionNumber,
                versions,
                newTags,
                attachments);
    }
}
