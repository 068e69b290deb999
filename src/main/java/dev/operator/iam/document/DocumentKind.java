package dev.operator.iam.document;

/** The two kinds of IAM policy document the operator writes, which IAM validates differently. */
public enum DocumentKind {

    /**
     * An identity-based policy (managed or inline) attached to a user, group or role. IAM requires
     * every statement to name actions ({@code Action} or {@code NotAction}) and resources ({@code
     * Resource} or {@code NotResource}), and rejects a {@code Principal}, because the principal is
     * whoever the policy is attached to. Validation applies the managed-policy size limit.
     */
    IDENTITY_POLICY("policyDocument"),

    /**
     * A role's trust policy ({@code AssumeRolePolicyDocument}). IAM requires every statement to
     * name a principal ({@code Principal} or {@code NotPrincipal}) and actions ({@code Action} or
     * {@code NotAction}), and rejects {@code Resource}, because the resource is the role itself.
     */
    TRUST_POLICY("assumeRolePolicyDocument");

    private final String defaultFieldName;

    DocumentKind(String defaultFieldName) {
        this.defaultFieldName = defaultFieldName;
    }

    /**
     * The name used for the document in validation messages when the caller gives none.
     *
     * @return {@code policyDocument} or {@code assumeRolePolicyDocument}
     */
    public String defaultFieldName() {
        return defaultFieldName;
    }
}
