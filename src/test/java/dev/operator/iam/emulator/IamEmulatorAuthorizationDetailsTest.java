package dev.operator.iam.emulator;

import static dev.operator.iam.emulator.IamEmulatorRolesTest.INLINE;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.TRUST;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.decode;
import static dev.operator.iam.emulator.IamEmulatorRolesTest.tag;
import static dev.operator.iam.emulator.SdkErrors.errorCode;
import static dev.operator.iam.emulator.SdkErrors.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.GroupDetail;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/** GetAccountAuthorizationDetails through the real AWS SDK, as the IAM API reference states it. */
class IamEmulatorAuthorizationDetailsTest extends EmulatorApiTest {

    private static final String OTHER = INLINE.replace("s3:GetObject", "s3:PutObject");

    @Test
    void answersEveryEntityWithItsDocumentsAttachmentsMembershipsAndTags() {
        String arn = emulator.seedPolicy("orders-read", "/app/", INLINE, Map.of("t", "p")).arn();
        emulator.putPolicyVersionOutOfBand(arn, OTHER);
        emulator.seedRole("app", "/", TRUST, Map.of("team", "orders"));
        emulator.attachPolicyOutOfBand(arn, "Role", "app");
        emulator.putInlinePolicyOutOfBand("Role", "app", "inline", INLINE);
        emulator.seedUser("alice", "/", Map.of("k", "v"));
        emulator.seedGroup("devs", "/");
        emulator.addUserToGroupOutOfBand("devs", "alice");
        emulator.attachPolicyOutOfBand(arn, "Group", "devs");
        emulator.putInlinePolicyOutOfBand("User", "alice", "own", OTHER);

        GetAccountAuthorizationDetailsResponse r = iam.getAccountAuthorizationDetails(b -> {});

        assertThat(r.isTruncated()).isFalse();
        RoleDetail role = r.roleDetailList().get(0);
        assertThat(role.roleName()).isEqualTo("app");
        assertThat(role.assumeRolePolicyDocument()).isNotEqualTo(TRUST);
        assertThat(decode(role.assumeRolePolicyDocument())).isEqualTo(TRUST);
        assertThat(role.attachedManagedPolicies())
                .singleElement()
                .satisfies(p -> assertThat(p.policyArn()).isEqualTo(arn));
        assertThat(role.rolePolicyList())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.policyName()).isEqualTo("inline");
                            assertThat(decode(p.policyDocument())).isEqualTo(INLINE);
                        });
        assertThat(role.tags()).containsExactly(tag("team", "orders"));
        assertThat(role.instanceProfileList()).isEmpty();

        UserDetail user = r.userDetailList().get(0);
        assertThat(user.userName()).isEqualTo("alice");
        assertThat(user.groupList()).containsExactly("devs");
        assertThat(user.tags()).containsExactly(tag("k", "v"));
        assertThat(decode(user.userPolicyList().get(0).policyDocument())).isEqualTo(OTHER);

        GroupDetail group = r.groupDetailList().get(0);
        assertThat(group.groupName()).isEqualTo("devs");
        assertThat(group.attachedManagedPolicies()).hasSize(1);

        ManagedPolicyDetail policy = r.policies().get(0);
        assertThat(policy.arn()).isEqualTo(arn);
        assertThat(policy.path()).isEqualTo("/app/");
        assertThat(policy.defaultVersionId()).isEqualTo("v2");
        assertThat(policy.attachmentCount()).isEqualTo(2);
        assertThat(policy.policyVersionList()).hasSize(2);
        assertThat(policy.policyVersionList())
                .filteredOn(v -> v.isDefaultVersion())
                .singleElement()
                .satisfies(v -> assertThat(decode(v.document())).isEqualTo(OTHER));
    }

    @Test
    void aRoleInAnInstanceProfileListsTheProfile() {
        emulator.seedRole("ec2", "/", TRUST, Map.of());
        emulator.seedInstanceProfile("ec2-profile", "/", Map.of());
        emulator.addRoleToInstanceProfileOutOfBand("ec2-profile", "ec2");

        RoleDetail role =
                iam.getAccountAuthorizationDetails(b -> b.filter(EntityType.ROLE))
                        .roleDetailList()
                        .get(0);

        assertThat(role.instanceProfileList())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.instanceProfileName()).isEqualTo("ec2-profile");
                            assertThat(p.roles())
                                    .singleElement()
                                    .satisfies(
                                            inner -> assertThat(inner.roleName()).isEqualTo("ec2"));
                        });
    }

    @Test
    void filterIncludesOnlyTheTypesAsked() {
        emulator.seedPolicy("p", "/", INLINE, Map.of());
        emulator.seedRole("r", "/", TRUST, Map.of());
        emulator.seedUser("u", "/", Map.of());
        emulator.seedGroup("g", "/");

        GetAccountAuthorizationDetailsResponse r =
                iam.getAccountAuthorizationDetails(
                        b -> b.filter(EntityType.ROLE, EntityType.LOCAL_MANAGED_POLICY));

        assertThat(r.roleDetailList()).hasSize(1);
        assertThat(r.policies()).hasSize(1);
        assertThat(r.userDetailList()).isEmpty();
        assertThat(r.groupDetailList()).isEmpty();
        assertThat(
                        iam.getAccountAuthorizationDetails(
                                        b -> b.filter(EntityType.AWS_MANAGED_POLICY))
                                .policies())
                .as("the emulator holds no AWS managed policies")
                .isEmpty();
    }

    @Test
    void maxItemsCountsEveryTypeTogetherAndMarkerPagesThroughAllOfThem() {
        for (int i = 0; i < 3; i++) {
            emulator.seedPolicy("p" + i, "/", INLINE, Map.of());
            emulator.seedRole("r" + i, "/", TRUST, Map.of());
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            GetAccountAuthorizationDetailsResponse r =
                    iam.getAccountAuthorizationDetails(b -> b.maxItems(4).marker(from));
            r.roleDetailList().forEach(d -> seen.add(d.roleName()));
            r.policies().forEach(d -> seen.add(d.policyName()));
            assertThat(r.roleDetailList().size() + r.policies().size()).isLessThanOrEqualTo(4);
            marker = r.isTruncated() ? r.marker() : null;
            pages++;
        } while (marker != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("p0", "p1", "p2", "r0", "r1", "r2");
    }

    @Test
    void maxItemsOutsideOneToAThousandAndUnknownFiltersAreValidationErrors() {
        assertThat(errorCode(() -> iam.getAccountAuthorizationDetails(b -> b.maxItems(0))))
                .isEqualTo("ValidationError");
        assertThat(errorMessage(() -> iam.getAccountAuthorizationDetails(b -> b.maxItems(1001))))
                .contains("Member must have value between 1 and 1000");
        assertThat(
                        errorCode(
                                () ->
                                        iam.getAccountAuthorizationDetails(
                                                b -> b.filterWithStrings("Policy"))))
                .isEqualTo("ValidationError");
    }
}
