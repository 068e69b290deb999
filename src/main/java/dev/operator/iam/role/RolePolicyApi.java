package dev.operator.iam.role;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.document.AwsDocuments;
import dev.operator.iam.principal.PrincipalPolicyApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;

/** The IAM calls about a role's managed and inline policies. */
@ApplicationScoped
public class RolePolicyApi implements PrincipalPolicyApi {

    private final IamClient iam;
    private final AwsCalls calls;

    public RolePolicyApi(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    @Override
    public List<String> attachedPolicyArns(String role) {
        List<String> arns = new ArrayList<>();
        String marker = null;
        do {
            ListAttachedRolePoliciesRequest request =
                    ListAttachedRolePoliciesRequest.builder().roleName(role).marker(marker).build();
            ListAttachedRolePoliciesResponse page =
                    calls.call(
                            "ListAttachedRolePolicies",
                            () -> iam.listAttachedRolePolicies(request));
            page.attachedPolicies().stream().map(AttachedPolicy::policyArn).forEach(arns::add);
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return arns;
    }

    @Override
    public Map<String, String> inlinePolicies(String role) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            ListRolePoliciesRequest request =
                    ListRolePoliciesRequest.builder().roleName(role).marker(marker).build();
            ListRolePoliciesResponse page =
                    calls.call("ListRolePolicies", () -> iam.listRolePolicies(request));
            names.addAll(page.policyNames());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : names) {
            String wire =
                    calls.call(
                                    "GetRolePolicy",
                                    () -> iam.getRolePolicy(b -> b.roleName(role).policyName(name)))
                            .policyDocument();
            documents.put(name, AwsDocuments.decodeFromAws(wire));
        }
        return documents;
    }

    @Override
    public void attach(String role, String policyArn) {
        calls.call(
                "AttachRolePolicy",
                () -> iam.attachRolePolicy(b -> b.roleName(role).policyArn(policyArn)));
    }

    @Override
    public void detach(String role, String policyArn) {
        calls.call(
                "DetachRolePolicy",
                () -> iam.detachRolePolicy(b -> b.roleName(role).policyArn(policyArn)));
    }

    @Override
    public void putInline(String role, String policyName, String document) {
        calls.call(
                "PutRolePolicy",
                () ->
                        iam.putRolePolicy(
                                b ->
                                        b.roleName(role)
                                                .policyName(policyName)
                                                .policyDocument(document)));
    }

    @Override
    public void deleteInline(String role, String policyName) {
        calls.call(
                "DeleteRolePolicy",
                () -> iam.deleteRolePolicy(b -> b.roleName(role).policyName(policyName)));
    }
}
