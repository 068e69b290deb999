package dev.operator.iam.user;

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
import software.amazon.awssdk.services.iam.model.ListAttachedUserPoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListUserPoliciesResponse;

/** The IAM calls about a user's managed and inline policies, every page of them. */
@ApplicationScoped
public class UserPolicyApi implements PrincipalPolicyApi {

    private final IamClient iam;
    private final AwsCalls calls;

    public UserPolicyApi(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    @Override
    public List<String> attachedPolicyArns(String user) {
        List<String> arns = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListAttachedUserPoliciesResponse page =
                    calls.call(
                            "ListAttachedUserPolicies",
                            () -> iam.listAttachedUserPolicies(b -> b.userName(user).marker(from)));
            page.attachedPolicies().stream().map(AttachedPolicy::policyArn).forEach(arns::add);
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return arns;
    }

    @Override
    public Map<String, String> inlinePolicies(String user) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListUserPoliciesResponse page =
                    calls.call(
                            "ListUserPolicies",
                            () -> iam.listUserPolicies(b -> b.userName(user).marker(from)));
            names.addAll(page.policyNames());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : names) {
            String wire =
                    calls.call(
                                    "GetUserPolicy",
                                    () -> iam.getUserPolicy(b -> b.userName(user).policyName(name)))
                            .policyDocument();
            documents.put(name, AwsDocuments.decodeFromAws(wire));
        }
        return documents;
    }

    @Override
    public void attach(String user, String policyArn) {
        calls.call(
                "AttachUserPolicy",
                () -> iam.attachUserPolicy(b -> b.userName(user).policyArn(policyArn)));
    }

    @Override
    public void detach(String user, String policyArn) {
        calls.call(
                "DetachUserPolicy",
                () -> iam.detachUserPolicy(b -> b.userName(user).policyArn(policyArn)));
    }

    @Override
    public void putInline(String user, String policyName, String document) {
        calls.call(
                "PutUserPolicy",
                () ->
                        iam.putUserPolicy(
                                b ->
                                        b.userName(user)
                                                .policyName(policyName)
                                                .policyDocument(document)));
    }

    @Override
    public void deleteInline(String user, String policyName) {
        calls.call(
                "DeleteUserPolicy",
                () -> iam.deleteUserPolicy(b -> b.userName(user).policyName(policyName)));
    }
}
