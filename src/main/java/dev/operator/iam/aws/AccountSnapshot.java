package dev.operator.iam.aws;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * One account's IAM as a {@code GetAccountAuthorizationDetails} scan saw it: every role, user,
 * group and customer managed policy of the {@link #types} scanned, documents still URL-encoded as
 * IAM sends them. What the scan leaves out (policy tags, a role's Description and
 * MaxSessionDuration) is not here: the lookups read it on their own.
 *
 * @param started when the scan's first page was asked for: a write after it may be missing
 * @param types the entity types scanned; a name of another type is {@link Presence#UNKNOWN}
 */
public record AccountSnapshot(
        Instant started,
        Set<EntityType> types,
        Map<String, RoleDetail> roles,
        Map<String, UserDetail> users,
        Map<String, GroupDetail> groups,
        Map<String, ManagedPolicyDetail> policies) {

    /** What a snapshot can say of one name. */
    public enum Presence {
        /** In the snapshot, under exactly this name. */
        PRESENT,
        /** Absent from a scan of its type: IAM had no such entity when the scan ran. */
        ABSENT,
        /**
         * The snapshot cannot tell (another type, or the name differs in case, which only IAM's own
         * Get answers settle): read it individually.
         */
        UNKNOWN
    }

    /** A snapshot entry, or why there is none. */
    public record Lookup<T>(Presence presence, T detail) {

        static <T> Lookup<T> of(
                Map<String, T> byKey, String key, java.util.function.Function<T, String> exact) {
            T found = byKey.get(lower(key));
            if (found == null) {
                return new Lookup<>(Presence.ABSENT, null);
            }
            return exact.apply(found).equals(key)
                    ? new Lookup<>(Presence.PRESENT, found)
                    : new Lookup<>(Presence.UNKNOWN, null);
        }

        static <T> Lookup<T> unknown() {
            return new Lookup<>(Presence.UNKNOWN, null);
        }
    }

    public Lookup<RoleDetail> role(String name) {
        return types.contains(EntityType.ROLE)
                ? Lookup.of(roles, name, RoleDetail::roleName)
                : Lookup.unknown();
    }

    public Lookup<UserDetail> user(String name) {
        return types.contains(EntityType.USER)
                ? Lookup.of(users, name, UserDetail::userName)
                : Lookup.unknown();
    }

    public Lookup<GroupDetail> group(String name) {
        return types.contains(EntityType.GROUP)
                ? Lookup.of(groups, name, GroupDetail::groupName)
                : Lookup.unknown();
    }

    /** A customer managed policy by ARN. */
    public Lookup<ManagedPolicyDetail> policy(String arn) {
        return types.contains(EntityType.LOCAL_MANAGED_POLICY)
                ? Lookup.of(policies, arn, ManagedPolicyDetail::arn)
                : Lookup.unknown();
    }

    /** How many entities the scan returned. */
    public int size() {
        return roles.size() + users.size() + groups.size() + policies.size();
    }

    static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
