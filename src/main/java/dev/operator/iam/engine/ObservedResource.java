package dev.operator.iam.engine;

import java.time.Instant;
import java.util.Map;

/** What the engine needs to know of any AWS resource it observed; each kind adds its own facts. */
public interface ObservedResource {

    String arn();

    /** AWS's unique id (PolicyId, RoleId, ...). */
    String id();

    /** Name as AWS spells it (may differ in case from the spec: IAM names are case-insensitive). */
    String name();

    /** All tags on the resource; empty for kinds IAM cannot tag. */
    Map<String, String> tags();

    /** When AWS created it; used to match a create intent. */
    Instant createDate();
}
