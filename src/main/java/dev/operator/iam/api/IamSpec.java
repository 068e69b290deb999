package dev.operator.iam.api;

import java.util.List;

/** What the engine reads from every kind's spec. */
public interface IamSpec {

    /** Name in AWS; {@code null} means metadata.name. */
    String getName();

    /**
     * The IAM path the spec gives; {@code null} when none (or when the kind has none). Not a bean
     * getter: a default {@code getPath()} would become a field of every kind's CRD.
     */
    default String declaredPath() {
        return null;
    }

    /**
     * Takes what the namespace's TenantPolicy gives an object that leaves a field out (a Role's or
     * User's permissions boundary); kept for one reconcile, never serialised.
     */
    default void applyTenantDefaults(TenantDefaults defaults) {}

    /** Tags the user asked for; kinds that IAM cannot tag return an empty list. */
    default List<Tag> getTags() {
        return List.of();
    }
}
