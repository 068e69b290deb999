package dev.operator.iam.servicelinkedrole;

import dev.operator.iam.engine.Drift;

/**
 * Pure comparison of a ServiceLinkedRole spec with the role IAM holds. Only the description can be
 * managed: the service owns the trust policy and permissions, and the role cannot carry tags given
 * at creation. An empty spec.description leaves the service's default alone.
 */
public final class ServiceLinkedRoleDiff {

    public static final String DESCRIPTION = "description";

    private ServiceLinkedRoleDiff() {}

    public static Drift diff(ServiceLinkedRoleSpec spec, ObservedServiceLinkedRole observed) {
        String desired = spec.getDescription();
        String actual = observed.description() == null ? "" : observed.description();
        return Drift.builder()
                .check(DESCRIPTION, desired != null && !desired.equals(actual))
                .build();
    }
}
