package dev.operator.iam.group;

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
import software.amazon.awssdk.services.iam.model.ListAttachedGroupPoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListGroupPoliciesResponse;

/** The IAM calls about a group's managed and inline policies, every page of them. */
@ApplicationScoped
public class GroupPolicyApi implements PrincipalPolicyApi {

    private final IamClient iam;
    private final AwsCalls calls;

    public GroupPolicyApi(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    @Override
    public List<String> attachedPolicyArns(String group) {
        List<String> arns = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListAttachedGroupPoliciesResponse page =
                    calls.call(
                            "ListAttachedGroupPolicies",
                            () ->
                                    iam.listAttachedGroupPolicies(
                                            b -> b.groupName(group).marker(from)));
            page.attachedPolicies().stream().map(AttachedPolicy::policyArn).forEach(arns::add);
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return arns;
    }

    @Override
    public Map<String, String> inlinePolicies(String group) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListGroupPoliciesResponse page =
                    calls.call(
                            "ListGroupPolicies",
                            () -> iam.listGroupPolicies(b -> b.groupName(group).marker(from)));
            names.addAll(page.policyNames());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : names) {
            String wire =
                    calls.call(
                                    "GetGroupPolicy",
                                    () ->
                                            iam.getGroupPolicy(
                                                    b -> b.groupName(group).policyName(name)))
                            .policyDocument();
            documents.put(name, AwsDocuments.decodeFromAws(wire));
        }
        return documents;
    }

    @Override
    public void attach(String group, String policyArn) {
        calls.call(
                "AttachGroupPolicy",
                () -> iam.attachGroupPolicy(b -> b.groupName(group).policyArn(policyArn)));
    }

    @Override
    public void detach(String group, String policyArn) {
        calls.call(
                "DetachGroupPolicy",
                () -> iam.detachGroupPolicy(b -> b.groupName(group).policyArn(policyArn)));
    }

    @Override
    public void putInline(String group, String policyName, String document) {
        calls.call(
                "PutGroupPolicy",
                () ->
                        iam.putGroupPolicy(
                                b ->
                                        b.groupName(group)
                                                .policyName(policyName)
                                                .policyDocument(document)));
    }

    @Override
    public void deleteInline(String group, String policyName) {
        calls.call(
                "DeleteGroupPolicy",
                () -> iam.deleteGroupPolicy(b -> b.groupName(group).policyName(policyName)));
    }
}
