package dev.operator.iam.tenancy;

/**
 * What governs the objects of one namespace: no rules ({@link Privileged}), one TenantPolicy's
 * rules ({@link Governed}), or nothing may happen at all ({@link Refused}: no TenantPolicy selects
 * the namespace and unselected namespaces are denied, two select it, or the one that does is
 * invalid).
 */
public sealed interface Governance {

    /** No rule applies. {@code source} says why, for logs and docs. */
    record Privileged(String source) implements Governance {}

    record Governed(TenantRules rules) implements Governance {}

    /** {@code message} names the TenantPolicies involved and what to change. */
    record Refused(String message) implements Governance {}

    /** Every namespace trusted: a single-team cluster, and the tests that predate tenancy. */
    Governance PRIVILEGED = new Privileged("iam-operator.tenancy.unselected-namespaces=privileged");
}
