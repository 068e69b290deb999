package dev.operator.iam.emulator;

import java.time.Instant;

/**
 * Immutable view of one access key held by the emulator. The secret is here for tests that check
 * where it went (a Secret, and nowhere else); IAM itself hands it out only in the CreateAccessKey
 * answer.
 *
 * @param status {@code Active} or {@code Inactive}
 * @param lastUsedDate {@code null} while the key has never been used
 * @param lastUsedService {@code N/A} while the key has never been used, as IAM answers
 * @param lastUsedRegion {@code N/A} while the key has never been used, as IAM answers
 */
public record AccessKeySnapshot(
        String userName,
        String accessKeyId,
        String secretAccessKey,
        String status,
        Instant createDate,
        Instant lastUsedDate,
        String lastUsedService,
        String lastUsedRegion) {}
