package dev.operator.iam.emulator;

import java.time.Instant;

/** An access key as IAM stores it; touched only under the {@link PrincipalStore}'s monitor. */
final class StoredAccessKey {

    final String accessKeyId;
    final String secretAccessKey;
    final Instant createDate;
    String status = "Active";
    Instant lastUsedDate;
    String lastUsedService = "N/A";
    String lastUsedRegion = "N/A";

    StoredAccessKey(String accessKeyId, String secretAccessKey, Instant createDate) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.createDate = createDate;
    }

    AccessKeySnapshot snapshot(String userName) {
        return new AccessKeySnapshot(
                userName,
                accessKeyId,
                secretAccessKey,
                status,
                createDate,
                lastUsedDate,
                lastUsedService,
                lastUsedRegion);
    }
}
