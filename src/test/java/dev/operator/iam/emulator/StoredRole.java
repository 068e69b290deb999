package dev.operator.iam.emulator;

import dev.operator.iam.emulator.StoredPolicy.EntityType;
import java.time.Instant;

/** A role: a principal with a trust policy, a description and a maximum session duration. */
final class StoredRole extends StoredPrincipal {

    String assumeRolePolicyDocument;
    String description;
    int maxSessionDuration = PrincipalRules.MIN_SESSION_DURATION;

    /** The service principal of a service-linked role, {@code null} for ordinary roles. */
    final String awsServiceName;

    StoredRole(
            String name,
            String path,
            String id,
            String arn,
            Instant createDate,
            String assumeRolePolicyDocument,
            String awsServiceName) {
        super(EntityType.ROLE, name, path, id, arn, createDate);
        this.assumeRolePolicyDocument = assumeRolePolicyDocument;
        this.awsServiceName = awsServiceName;
    }

    boolean serviceLinked() {
        return awsServiceName != null;
    }
}
