package dev.operator.iam.tenancy;

import dev.operator.iam.aws.AccountRole;

/**
 * What governs the objects of one namespace: no rules ({@link Privileged}), one TenantPolicy's
 * rules ({@link Governed}), or nothing may happen at all ({@link Refused}: no TenantPolicy selects
 * the namespace and unselected namespaces are denied, two select it, or the one that does is
 * invalid).
 */
public sealed interface Governance {

    /**
     * No rule applies. {@code source} says why, for logs and docs; {@code account} as in {@link
     * #account()}.
     */
    record Privileged(String source, AccountRole account) implements Governance {
        public Privileged(String source) {
            this(source, null);
        }
    }

    record Governed(TenantRules rules, AccountRole account) implements Governance {
        public Governed(TenantRules rules) {
            this(rules, null);
        }
    }

    /** {@code message} names the TenantPolicies involved and what to change. */
    record Refused(String message) implements Governance {
        @Override
        public AccountRole account() {
            return null;
        }
    }

    /**
     * The role of the account the namespace's IAM lives in ({@code aws.roleArn} of its
     * TenantPolicy), or null for the operator's own account.
     */
    AccountRole account();

    /** Every namespace trusted: a single-team cluster, and the tests that predate tenancy. */
    Governance PRIVILEGED = new Privileged("iam-operator.tenancy.unselected-namespaces=privileged");
}
