package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.INLINE;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.READ_ONLY;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.TRUST;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.decode;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeletionTaskStatusType;
import software.amazon.awssdk.services.iam.model.GetServiceLinkedRoleDeletionStatusResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.UnmodifiableEntityException;

/** Service-linked roles through the real AWS SDK, including their asynchronous deletion. */
class IamEmulatorServiceLinkedRolesTest extends EmulatorApiTest {

    @Test
    void createsTheServicesRoleUnderItsServiceRolePath() {
        Role created =
                iam.createServiceLinkedRole(
                                r ->
                                        r.awsServiceName("elasticbeanstalk.amazonaws.com")
                                                .description("for Beanstalk"))
                        .role();

        assertThat(created.roleName()).isEqualTo("AWSServiceRoleForElasticBeanstalk");
        assertThat(created.path()).isEqualTo("/aws-service-role/elasticbeanstalk.amazonaws.com/");
        assertThat(created.arn())
                .isEqualTo(
                        "arn:aws:iam::123456789012:role/aws-service-role/"
                            + "elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk");
        assertThat(created.roleId()).startsWith("AROA");
        assertThat(created.description()).isNull();
        assertThat(
                        iam.getRole(r -> r.roleName("AWSServiceRoleForElasticBeanstalk"))
                                .role()
                                .description())
                .isEqualTo("for Beanstalk");
        assertThat(decode(created.assumeRolePolicyDocument()))
                .contains("\"Service\":[\"elasticbeanstalk.amazonaws.com\"]");
        assertThat(
                        iam.listAttachedRolePolicies(
                                        r -> r.roleName("AWSServiceRoleForElasticBeanstalk"))
                                .attachedPolicies())
                .extracting(AttachedPolicy::policyName)
                .containsExactly("AWSElasticBeanstalkServiceRolePolicy");
        assertThat(
                        emulator.role("AWSServiceRoleForElasticBeanstalk")
                                .orElseThrow()
                                .awsServiceName())
                .isEqualTo("elasticbeanstalk.amazonaws.com");
        assertThat(iam.listRoles(r -> r.pathPrefix("/aws-service-role/")).roles()).hasSize(1);
    }

    @Test
    void knowsTheRoleNamesOfSeveralServices() {
        for (String service :
                new String[] {
                    "autoscaling.amazonaws.com",
                    "eks.amazonaws.com",
                    "ecs.amazonaws.com",
                    "spot.amazonaws.com"
                }) {
            iam.createServiceLinkedRole(r -> r.awsServiceName(service));
        }

        assertThat(emulator.roles())
                .extracting(RoleSnapshot::name)
                .containsExactly(
                        "AWSServiceRoleForAmazonEKS",
                        "AWSServiceRoleForAutoScaling",
                        "AWSServiceRoleForEC2Spot",
                        "AWSServiceRoleForECS");
    }

    @Test
    void customSuffixOnlyWhereTheServiceAcceptsOne() {
        Role suffixed =
                iam.createServiceLinkedRole(
                                r ->
                                        r.awsServiceName("autoscaling.amazonaws.com")
                                                .customSuffix("web"))
                        .role();

        assertThat(suffixed.roleName()).isEqualTo("AWSServiceRoleForAutoScaling_web");
        assertThatThrownBy(
                        () ->
                                iam.createServiceLinkedRole(
                                        r ->
                                                r.awsServiceName("eks.amazonaws.com")
                                                        .customSuffix("web")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(
                        errorCode(
                                () ->
                                        iam.createServiceLinkedRole(
                                                r -> r.awsServiceName("nope.amazonaws.com"))))
                .isEqualTo("InvalidInput");
        assertThat(emulator.roles())
                .extracting(RoleSnapshot::name)
                .containsExactly(suffixed.roleName());
    }

    @Test
    void aTakenNameIsInvalidInputAsIamSaysIt() {
        iam.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"));

        assertThat(
                        errorMessage(
                                () ->
                                        iam.createServiceLinkedRole(
                                                r -> r.awsServiceName("ecs.amazonaws.com"))))
                .isEqualTo(
                        "Service role name AWSServiceRoleForECS has been taken in this account,"
                                + " please try a different suffix.");
        assertThat(
                        errorCode(
                                () ->
                                        iam.createServiceLinkedRole(
                                                r -> r.awsServiceName("ecs.amazonaws.com"))))
                .isEqualTo("InvalidInput");
    }

    @Test
    void onlyTheServiceMayChangeItsPoliciesOrDeleteIt() {
        String name =
                iam.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"))
                        .role()
                        .roleName();

        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName(name)))
                .isInstanceOfSatisfying(
                        UnmodifiableEntityException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorMessage())
                                        .contains("AWSServiceRoleForECS"));
        assertThat(
                        errorCode(
                                () ->
                                        iam.attachRolePolicy(
                                                r -> r.roleName(name).policyArn(READ_ONLY))))
                .isEqualTo("UnmodifiableEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.putRolePolicy(
                                                r ->
                                                        r.roleName(name)
                                                                .policyName("extra")
                                                                .policyDocument(INLINE))))
                .isEqualTo("UnmodifiableEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.updateAssumeRolePolicy(
                                                r -> r.roleName(name).policyDocument(TRUST))))
                .isEqualTo("UnmodifiableEntity");
        assertThat(emulator.role(name)).isPresent();
    }

    @Test
    void tagsAndDescriptionOfAServiceLinkedRoleCanChange() {
        String name =
                iam.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"))
                        .role()
                        .roleName();

        iam.tagRole(r -> r.roleName(name).tags(tag("a", "1"), tag("b", "2")));
        iam.untagRole(r -> r.roleName(name).tagKeys("a"));
        iam.updateRole(r -> r.roleName(name).description("changed"));

        Role role = iam.getRole(r -> r.roleName(name)).role();
        assertThat(role.tags()).containsExactly(tag("b", "2"));
        assertThat(role.description()).isEqualTo("changed");
    }

    @Test
    void deletionIsAsynchronousAndSucceedsAfterOnePollByDefault() {
        String name =
                iam.createServiceLinkedRole(r -> r.awsServiceName("eks.amazonaws.com"))
                        .role()
                        .roleName();

        String taskId = iam.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();

        assertThat(taskId).startsWith("task/aws-service-role/eks.amazonaws.com/" + name + "/");
        assertThat(iam.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId())
                .isEqualTo(taskId);
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.IN_PROGRESS);
        assertThat(emulator.role(name)).isPresent();
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
        assertThat(emulator.role(name)).isEmpty();
        assertThat(errorCode(() -> iam.getRole(r -> r.roleName(name)))).isEqualTo("NoSuchEntity");
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
        assertThat(emulator.serviceLinkedRoleDeletionStatus(taskId)).isEqualTo("SUCCEEDED");
    }

    @Test
    void theNumberOfPollsBeforeDeletionIsSettable() {
        String name =
                iam.createServiceLinkedRole(r -> r.awsServiceName("eks.amazonaws.com"))
                        .role()
                        .roleName();
        emulator.serviceLinkedRoleDeletionPolls(3);

        String taskId = iam.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();

        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.NOT_STARTED);
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.IN_PROGRESS);
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.IN_PROGRESS);
        assertThat(emulator.role(name)).isPresent();
        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
        assertThat(emulator.role(name)).isEmpty();

        emulator.serviceLinkedRoleDeletionPolls(0);
        String other =
                iam.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"))
                        .role()
                        .roleName();
        String otherTask = iam.deleteServiceLinkedRole(r -> r.roleName(other)).deletionTaskId();
        assertThat(status(otherTask).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
    }

    @Test
    void anInjectedFailureLeavesTheRoleAndReportsTheReason() {
        String name =
                iam.createServiceLinkedRole(r -> r.awsServiceName("eks.amazonaws.com"))
                        .role()
                        .roleName();
        String taskId = iam.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();

        emulator.failServiceLinkedRoleDeletion(taskId, "role is in use by cluster prod");

        assertThat(status(taskId).status()).isEqualTo(DeletionTaskStatusType.IN_PROGRESS);
        GetServiceLinkedRoleDeletionStatusResponse failed = status(taskId);
        assertThat(failed.status()).isEqualTo(DeletionTaskStatusType.FAILED);
        assertThat(failed.reason().reason()).isEqualTo("role is in use by cluster prod");
        assertThat(failed.reason().roleUsageList()).isEmpty();
        assertThat(emulator.role(name)).isPresent();
        assertThatThrownBy(() -> emulator.failServiceLinkedRoleDeletion(taskId, "again"))
                .isInstanceOf(IllegalArgumentException.class);

        String retry = iam.deleteServiceLinkedRole(r -> r.roleName(name)).deletionTaskId();
        assertThat(retry).isNotEqualTo(taskId);
        status(retry);
        assertThat(status(retry).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
    }

    @Test
    void deletionRefusesOrdinaryRolesAndUnknownTasks() {
        iam.createRole(r -> r.roleName("ordinary").assumeRolePolicyDocument(TRUST));

        assertThat(errorCode(() -> iam.deleteServiceLinkedRole(r -> r.roleName("ordinary"))))
                .isEqualTo("NoSuchEntity");
        assertThat(emulator.role("ordinary")).isPresent();
        assertThat(errorCode(() -> iam.deleteServiceLinkedRole(r -> r.roleName("ghost"))))
                .isEqualTo("NoSuchEntity");
        assertThat(
                        errorCode(
                                () ->
                                        iam.getServiceLinkedRoleDeletionStatus(
                                                r ->
                                                        r.deletionTaskId(
                                                                "task/aws-service-role/eks.amazonaws.com/x/1"))))
                .isEqualTo("NoSuchEntity");
    }

    @Test
    void seedServiceLinkedRoleMakesTheSameRole() {
        RoleSnapshot seeded = emulator.seedServiceLinkedRole("autoscaling.amazonaws.com", "batch");

        assertThat(seeded.name()).isEqualTo("AWSServiceRoleForAutoScaling_batch");
        assertThat(seeded.serviceLinked()).isTrue();
        assertThat(iam.getRole(r -> r.roleName(seeded.name())).role().arn())
                .isEqualTo(seeded.arn());
    }

    private static GetServiceLinkedRoleDeletionStatusResponse status(String taskId) {
        return iam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(taskId));
    }
}
