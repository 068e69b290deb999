package dev.operator.iam.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The role a TenantPolicy names in {@code aws.roleArn} (design.md, "Many AWS accounts"): the
 * objects of its namespaces are managed in that role's account, with credentials from {@code
 * sts:AssumeRole}.
 *
 * @param roleArn {@code arn:<partition>:iam::<account>:role/<path><name>}
 * @param externalId the external id the role's trust policy asks for, or null
 */
public record AccountRole(String roleArn, String externalId) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    /** STS: 2 to 1224 characters of letters, digits and {@code +=,.@:/-}. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    /** What makes the pair unusable, phrased for {@code spec.aws} of a TenantPolicy. */
    public static List<String> problems(String roleArn, String externalId) {
        List<String> problems = new ArrayList<>();
        if (roleArn == null) {
            if (externalId != null) {
                problems.add("spec.aws.externalId is set without spec.aws.roleArn: name the role");
            }
            return problems;
        }
        Optional<IamArn> arn = IamArn.parse(roleArn);
        if (arn.isEmpty()
                || !arn.get().resourceType().equals("role")
                || !ACCOUNT_ID.matcher(arn.get().accountId()).matches()) {
            problems.add(
                    "spec.aws.roleArn \""
                            + roleArn
                            + "\" is not an IAM role ARN: write"
                            + " arn:aws:iam::<12-digit account id>:role/<name> (the role the"
                            + " operator assumes in the tenant's account, see docs/accounts.md)");
        }
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            problems.add(
                    "spec.aws.externalId must be 2 to 1224 letters, digits or +=,.@:/- (STS's"
                            + " rule)");
        }
        return problems;
    }

    /** The role's account id. */
    public String accountId() {
        return IamArn.parse(roleArn).map(IamArn::accountId).orElseThrow();
    }

    /** The role's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public String partition() {
        return IamArn.parse(roleArn).map(IamArn::partition).orElseThrow();
    }
}
