package dev.operator.iam.accesskey;

import dev.operator.iam.engine.Drift;

/**
 * Pure comparison of an AccessKey spec with the key IAM holds and the Secret: the key's IAM status,
 * and whether the Secret still holds this key (a Secret deleted or edited by hand can only be made
 * whole with a new key: IAM never hands a secret out twice).
 */
public final class AccessKeyDiff {

    public static final String STATUS = "status";
    public static final String SECRET = "secret";

    private AccessKeyDiff() {}

    public static Drift diff(String desiredStatus, ObservedAccessKey observed) {
        return Drift.builder()
                .check(STATUS, !desiredStatus.equals(observed.status()))
                .check(SECRET, !observed.id().equals(observed.secretKeyId()))
                .build();
    }
}
