package dev.operator.iam.principal;

import dev.operator.iam.aws.AwsCalls;
import dev.operator.iam.aws.Paging;
import dev.operator.iam.aws.Paging.Page;
import dev.operator.iam.document.AwsDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * The IAM calls about the policies of roles, users and groups, written once: each kind of principal
 * is a subclass with its seven SDK calls (each through {@link AwsCalls} under its IAM action's
 * name, written out so that the permission test finds it); this class pages and decodes documents.
 */
public abstract class PrincipalPolicyCalls implements PrincipalPolicyApi {

    /** One page of attached policy ARNs. */
    protected abstract Page<String> listAttached(String principal, String marker);

    /** One page of inline policy names. */
    protected abstract Page<String> listInline(String principal, String marker);

    /** One inline policy's document, as IAM sends it (URL-encoded). */
    protected abstract String getInline(String principal, String policyName);

    public static PrincipalPolicyApi roles(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls() {
            @Override
            protected Page<String> listAttached(String role, String marker) {
                var r =
                        calls.call(
                                "ListAttachedRolePolicies",
                                () ->
                                        iam.listAttachedRolePolicies(
                                                b -> b.roleName(role).marker(marker)));
                return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
            }

            @Override
            protected Page<String> listInline(String role, String marker) {
                var r =
                        calls.call(
                                "ListRolePolicies",
                                () -> iam.listRolePolicies(b -> b.roleName(role).marker(marker)));
                return Page.of(r.policyNames(), r.isTruncated(), r.marker());
            }

            @Override
            protected String getInline(String role, String name) {
                return calls.call(
                                "GetRolePolicy",
                                () -> iam.getRolePolicy(b -> b.roleName(role).policyName(name)))
                        .policyDocument();
            }

            @Override
            public void attach(String role, String arn) {
                calls.touched(arn);
                calls.call(
                        "AttachRolePolicy",
                        () -> iam.attachRolePolicy(b -> b.roleName(role).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void detach(String role, String arn) {
                calls.touched(arn);
                calls.call(
                        "DetachRolePolicy",
                        () -> iam.detachRolePolicy(b -> b.roleName(role).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void putInline(String role, String name, String document) {
                calls.call(
                        "PutRolePolicy",
                        () ->
                                iam.putRolePolicy(
                                        b ->
                                                b.roleName(role)
                                                        .policyName(name)
                                                        .policyDocument(document)));
            }

            @Override
            public void deleteInline(String role, String name) {
                calls.call(
                        "DeleteRolePolicy",
                        () -> iam.deleteRolePolicy(b -> b.roleName(role).policyName(name)));
            }
        };
    }

    public static PrincipalPolicyApi users(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls() {
            @Override
            protected Page<String> listAttached(String user, String marker) {
                var r =
                        calls.call(
                                "ListAttachedUserPolicies",
                                () ->
                                        iam.listAttachedUserPolicies(
                                                b -> b.userName(user).marker(marker)));
                return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
            }

            @Override
            protected Page<String> listInline(String user, String marker) {
                var r =
                        calls.call(
                                "ListUserPolicies",
                                () -> iam.listUserPolicies(b -> b.userName(user).marker(marker)));
                return Page.of(r.policyNames(), r.isTruncated(), r.marker());
            }

            @Override
            protected String getInline(String user, String name) {
                return calls.call(
                                "GetUserPolicy",
                                () -> iam.getUserPolicy(b -> b.userName(user).policyName(name)))
                        .policyDocument();
            }

            @Override
            public void attach(String user, String arn) {
                calls.touched(arn);
                calls.call(
                        "AttachUserPolicy",
                        () -> iam.attachUserPolicy(b -> b.userName(user).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void detach(String user, String arn) {
                calls.touched(arn);
                calls.call(
                        "DetachUserPolicy",
                        () -> iam.detachUserPolicy(b -> b.userName(user).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void putInline(String user, String name, String document) {
                calls.call(
                        "PutUserPolicy",
                        () ->
                                iam.putUserPolicy(
                                        b ->
                                                b.userName(user)
                                                        .policyName(name)
                                                        .policyDocument(document)));
            }

            @Override
            public void deleteInline(String user, String name) {
                calls.call(
                        "DeleteUserPolicy",
                        () -> iam.deleteUserPolicy(b -> b.userName(user).policyName(name)));
            }
        };
    }

    public static PrincipalPolicyApi groups(IamClient iam, AwsCalls calls) {
        return new PrincipalPolicyCalls() {
            @Override
            protected Page<String> listAttached(String group, String marker) {
                var r =
                        calls.call(
                                "ListAttachedGroupPolicies",
                                () ->
                                        iam.listAttachedGroupPolicies(
                                                b -> b.groupName(group).marker(marker)));
                return Page.of(arns(r.attachedPolicies()), r.isTruncated(), r.marker());
            }

            @Override
            protected Page<String> listInline(String group, String marker) {
                var r =
                        calls.call(
                                "ListGroupPolicies",
                                () ->
                                        iam.listGroupPolicies(
                                                b -> b.groupName(group).marker(marker)));
                return Page.of(r.policyNames(), r.isTruncated(), r.marker());
            }

            @Override
            protected String getInline(String group, String name) {
                return calls.call(
                                "GetGroupPolicy",
                                () -> iam.getGroupPolicy(b -> b.groupName(group).policyName(name)))
                        .policyDocument();
            }

            @Override
            public void attach(String group, String arn) {
                calls.touched(arn);
                calls.call(
                        "AttachGroupPolicy",
                        () -> iam.attachGroupPolicy(b -> b.groupName(group).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void detach(String group, String arn) {
                calls.touched(arn);
                calls.call(
                        "DetachGroupPolicy",
                        () -> iam.detachGroupPolicy(b -> b.groupName(group).policyArn(arn)));
                calls.touched(arn);
            }

            @Override
            public void putInline(String group, String name, String document) {
                calls.call(
                        "PutGroupPolicy",
                        () ->
                                iam.putGroupPolicy(
                                        b ->
                                                b.groupName(group)
                                                        .policyName(name)
                                                        .policyDocument(document)));
            }

            @Override
            public void deleteInline(String group, String name) {
                calls.call(
                        "DeleteGroupPolicy",
                        () -> iam.deleteGroupPolicy(b -> b.groupName(group).policyName(name)));
            }
        };
    }

    private static List<String> arns(List<AttachedPolicy> attached) {
        return attached.stream().map(AttachedPolicy::policyArn).toList();
    }

    @Override
    public List<String> attachedPolicyArns(String principal) {
        return Paging.all(marker -> listAttached(principal, marker)).toList();
    }

    @Override
    public Map<String, String> inlinePolicies(String principal) {
        List<String> names = Paging.all(marker -> listInline(principal, marker)).toList();
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : names) {
            String wire = getInline(principal, name);
            documents.put(name, AwsDocuments.decodeFromAws(wire));
        }
        return documents;
    }
}
