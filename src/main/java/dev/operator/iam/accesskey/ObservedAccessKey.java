package dev.operator.iam.accesskey;

import dev.operator.iam.engine.ObservedResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * This object's access key as IAM reports it (ListAccessKeys, GetAccessKeyLastUsed), with the
 * user's other keys and what the Secret holds. {@code secretAccessKey} is set only on the value
 * CreateAccessKey returned, and {@link #toString} never shows it.
 *
 * @param arn the user's ARN (an access key has none of its own)
 * @param id the access key id
 * @param name the access key id, as IAM names nothing else
 * @param status {@code Active} or {@code Inactive}
 * @param otherKeys the user's other keys (at most one: IAM allows two per user)
 * @param secretKeyId the access key id in the object's Secret; null when the Secret is absent, not
 *     the object's, or holds no key
 * @param lastUsed GetAccessKeyLastUsed's answer; null right after a create
 * @param previousKeyId the key this one replaced in an interrupted rotation (found in the Secret,
 *     made after the rotation started, while status still names the old key); null otherwise
 */
public record ObservedAccessKey(
        String arn,
        String id,
        String name,
        String userName,
        String status,
        Instant createDate,
        List<KeyMetadata> otherKeys,
        String secretKeyId,
        AccessKeyStatus.LastUsed lastUsed,
        String previousKeyId,
        String secretAccessKey)
        implements ObservedResource {

    /** One key of the user as ListAccessKeys reports it. */
    public record KeyMetadata(String accessKeyId, String status, Instant createDate) {}

    public ObservedAccessKey {
        otherKeys = List.copyOf(otherKeys);
    }

    /** IAM cannot tag access keys. */
    @Override
    public Map<String, String> tags() {
        return Map.of();
    }

    ObservedAccessKey withStatus(String newStatus) {
        return new ObservedAccessKey(
                arn,
                id,
                name,
                userName,
                newStatus,
                createDate,
                otherKeys,
                secretKeyId,
                lastUsed,
                previousKeyId,
                secretAccessKey);
    }

    @Override
    public String toString() {
        return "ObservedAccessKey[user="
                + userName
                + ", accessKeyId="
                + id
                + ", status="
                + status
                + ", createDate="
                + createDate
                + ", otherKeys="
                + otherKeys
                + ", secretKeyId="
                + secretKeyId
                + "]";
    }
}
