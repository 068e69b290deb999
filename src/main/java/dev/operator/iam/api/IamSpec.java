package dev.operator.iam.api;

import java.util.List;

/** What the engine reads from every kind's spec. */
public interface IamSpec {

    /** Name in AWS; {@code null} means metadata.name. */
    String getName();

    /** Tags the user asked for; kinds that IAM cannot tag return an empty list. */
    default List<Tag> getTags() {
        return List.of();
    }
}
