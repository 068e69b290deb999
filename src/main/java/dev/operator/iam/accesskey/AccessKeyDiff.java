package dev.operator.iam.accesskey;

import dev.operator.iam.engine.Drift;
import java.time.Duration;
import java.time.Instant;

/**
 * Pure comparison of an AccessKey spec with the key IAM holds and the Secret: the key's IAM status;
 * whether the Secret still holds this key (a Secret deleted or edited by hand can only be made
 * whole with a new key: IAM never hands a secret out twice); whether the key is due for rotation;
 * whether the previous key's overlap is over.
 */
public final class AccessKeyDiff {

    public static final String STATUS = "status";
    public static final String SECRET = "secret";

    /** The key reached {@code rotation.period}: a new key replaces it (scheduled, not drift). */
    public static final String ROTATION = "rotation";

    /**
     * The previous key's {@code rotation.overlap} is over: it is deleted (scheduled, not drift).
     */
    public static final String PREVIOUS_KEY = "previousKey";

    private AccessKeyDiff() {}

    /**
     * What rotation needs to know.
     *
     * @param period {@code rotation.period}; null: no rotation
     * @param overlap {@code rotation.overlap}
     * @param previousKeyId the previous key still kept, or null
     * @param secretWrittenAt when the Secret received the current key; null if unknown
     */
    public record Rotation(
            Duration period, Duration overlap, String previousKeyId, Instant secretWrittenAt) {

        public static final Rotation NONE = new Rotation(null, Duration.ZERO, null, null);

        /** A new key is due: the current one is {@code period} old and none is pending. */
        boolean due(Instant keyCreated, Instant now) {
            return period != null
                    && previousKeyId == null
                    && keyCreated != null
                    && !now.isBefore(keyCreated.plus(period));
        }

        /** The previous key has had its overlap. */
        boolean previousExpired(Instant now) {
            return previousKeyId != null
                    && (secretWrittenAt == null || !now.isBefore(secretWrittenAt.plus(overlap)));
        }
    }

    public static Drift diff(String desiredStatus, ObservedAccessKey observed) {
        return diff(desiredStatus, observed, Rotation.NONE, Instant.now());
    }

    public static Drift diff(
            String desiredStatus, ObservedAccessKey observed, Rotation rotation, Instant now) {
        boolean secretLost = !observed.id().equals(observed.secretKeyId());
        return Drift.builder()
                .check(STATUS, !desiredStatus.equals(observed.status()))
                .check(SECRET, secretLost)
                .check(ROTATION, !secretLost && rotation.due(observed.createDate(), now))
                .check(PREVIOUS_KEY, rotation.previousExpired(now))
                .build();
    }
}
