package dev.operator.iam.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.process.BuildOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/iam-permissions-tenancy.json, the operator's IAM policy where namespaces are tenants: AWS
 * itself keeps the operator inside the tenants' paths and makes it put the tenants' permissions
 * boundary on every role and user, so that one bug in the operator's own checks is not enough to
 * break out (design.md, "Tenancy").
 */
class TenancyPermissionsTest {

    static final Path POLICY =
            BuildOutput.projectDir().resolve("docs/iam-permissions-tenancy.json");
    static final String CLUSTER = "REPLACE_WITH_CLUSTER_ID";
    static final String BOUNDARY = "REPLACE_WITH_BOUNDARY_ARN";

    /** Resource types that live at a path, and so at the tenants' paths. */
    static final List<String> PATHED =
            List.of("policy", "role", "user", "group", "instance-profile");

    private static JsonNode policy;

    @BeforeAll
    static void readPolicy() throws IOException {
        policy = new ObjectMapper().readTree(Files.readString(POLICY));
    }

    @Test
    void allowsWhatTheOperatorCallsExceptRemovingABoundary() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (String action : IamPermissionsTest.declaredOperations()) {
            expected.add(IamPermissionsTest.qualified(action));
        }
        expected.add("iam:PassRole");
        expected.removeAll(
                Set.of("iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"));

        assertThat(allowed()).isEqualTo(expected);
    }

    @Test
    void everyChangeToAPathedResourceIsLimitedToTheTenantsPathPrefix() {
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).stream().allMatch(TenancyPermissionsTest::readOnly)
                    || sid(statement).equals("NeverRemoveOwnershipTags")) {
                continue;
            }
            for (String resource : values(statement.get("Resource"))) {
                for (String type : PATHED) {
                    if (resource.startsWith("arn:aws:iam::*:" + type + "/")
                            && !resource.startsWith("arn:aws:iam::*:role/aws-service-role/")) {
                        assertThat(resource)
                                .as("%s changes %s resources", sid(statement), type)
                                .startsWith("arn:aws:iam::*:" + type + "/" + CLUSTER + "/");
                    }
                }
            }
        }
    }

    @Test
    void rolesAndUsersAreCreatedAndBoundedOnlyWithTheTenantsBoundary() {
        Set<String> bounded =
                Set.of(
                        "iam:CreateRole",
                        "iam:CreateUser",
                        "iam:PutRolePermissionsBoundary",
                        "iam:PutUserPermissionsBoundary");
        int found = 0;
        for (JsonNode statement : policy.get("Statement")) {
            List<String> actions = actions(statement);
            if (actions.stream().noneMatch(bounded::contains)) {
                continue;
            }
            found++;
            assertThat(bounded).as(sid(statement)).containsAll(actions);
            assertThat(statement.at("/Condition/StringEquals/iam:PermissionsBoundary").asText())
                    .as("%s requires the boundary", sid(statement))
                    .isEqualTo(BOUNDARY);
        }
        assertThat(found).isPositive();
    }

    @Test
    void rolesArePassedOnlyToEc2AtTheTenantsPaths() {
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).contains("iam:PassRole")) {
                assertThat(actions(statement)).containsExactly("iam:PassRole");
                assertThat(statement.at("/Condition/StringEquals/iam:PassedToService").asText())
                        .isEqualTo("ec2.amazonaws.com");
                assertThat(values(statement.get("Resource")))
                        .containsExactly("arn:aws:iam::*:role/" + CLUSTER + "/*");
            }
        }
    }

    private static Set<String> allowed() {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            if ("Allow".equals(statement.get("Effect").asText())) {
                allowed.addAll(actions(statement));
            }
        }
        return allowed;
    }

    private static List<String> actions(JsonNode statement) {
        return values(statement.get("Action"));
    }

    private static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(a -> out.add(a.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static boolean readOnly(String action) {
        String name = action.substring(action.indexOf(':') + 1);
        return name.startsWith("Get") || name.startsWith("List");
    }

    private static String sid(JsonNode statement) {
        return statement.get("Sid").asText();
    }
}
