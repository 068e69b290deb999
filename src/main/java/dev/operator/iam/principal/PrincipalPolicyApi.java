package dev.operator.iam.principal;

import java.util.List;
import java.util.Map;

/**
 * The IAM calls about the policies of one kind of principal (role, user or group), so that the
 * update and delete logic of {@link PrincipalPolicySync} is written once. Implementations go
 * through {@code AwsCalls} and throw {@code AwsException}.
 */
public interface PrincipalPolicyApi {

    /** Every managed policy ARN attached (all pages). */
    List<String> attachedPolicyArns(String principalName);

    /** Every inline policy, name → document as JSON text (decoded from IAM's URL encoding). */
    Map<String, String> inlinePolicies(String principalName);

    void attach(String principalName, String policyArn);

    /** NoSuchEntity (not attached any more) must surface as an AwsException of kind NOT_FOUND. */
    void detach(String principalName, String policyArn);

    void putInline(String principalName, String policyName, String document);

    /** NoSuchEntity must surface as an AwsException of kind NOT_FOUND. */
    void deleteInline(String principalName, String policyName);
}
