package dev.operator.iam.api;

import java.util.List;

/** What the engine reads from every kind's spec. */
public interface IamSpec {

    /** Name in AWS; {@code null} means metadata.name. */
    String getName();

    /** IAM path; {@code null} when not given (or when the kind has none). */
    default String getPath() {
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
