package dev.operator.iam.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.iam.engine.IamAdapter;
import dev.operator.iam.process.BuildOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * docs/iam-permissions.json, the IAM policy of the operator's own role, allows exactly the AWS
 * actions the code calls: every action a kind's adapter declares in {@link IamAdapter#operations()}
 * (the list the metrics are registered from), and every action named at a {@code calls.call("…")}
 * site in src/main/java, which is the only way the code reaches AWS. A new kind's actions fail this
 * test until the policy grants them; an action the code stopped calling fails it until the policy
 * drops it.
 */
class IamPermissionsTest {

    static final Path POLICY = BuildOutput.projectDir().resolve("docs/iam-permissions.json");
    static final String CLUSTER_TAG = "iam.operator.dev/cluster";
    static final String CLUSTER_PLACEHOLDER = "REPLACE_WITH_CLUSTER_ID";

    /** {@code calls.call("CreatePolicy", ...)}, the action a literal, across line breaks. */
    private static final Pattern CALL_SITE =
            Pattern.compile("\\bcalls\\s*\\.\\s*call\\(\\s*\"([A-Za-z0-9]+)\"");

    /** A {@code calls.call(} whose first argument is not a string literal. */
    private static final Pattern NON_LITERAL_CALL_SITE =
            Pattern.compile("\\bcalls\\s*\\.\\s*call\\(\\s*[^\"\\s]");

    /**
     * Permissions IAM checks for an action besides the action itself: AddRoleToInstanceProfile
     * passes the role, so it needs {@code iam:PassRole} on it.
     */
    static final java.util.Map<String, String> IMPLIED =
            java.util.Map.of("iam:AddRoleToInstanceProfile", "iam:PassRole");

    /**
     * Resources IAM cannot tag at creation, so no condition on the cluster tag can guard changes to
     * them: groups (IAM takes no tags on groups) and service-linked roles (CreateServiceLinkedRole
     * takes none, and the service owns them). Statements on them must be limited to exactly these
     * resources and say so in their Sid; docs/iam-permissions.md explains the residual risk.
     */
    static final Set<String> UNTAGGABLE_RESOURCES =
            Set.of("arn:aws:iam::*:group/*", "arn:aws:iam::*:role/aws-service-role/*");

    private static JsonNode policy;

    @BeforeAll
    static void readPolicy() throws IOException {
        policy = new ObjectMapper().readTree(Files.readString(POLICY));
    }

    @Test
    void thePolicyAllowsExactlyTheActionsTheAdaptersDeclare() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (String action : declaredOperations()) {
            declared.add(qualified(action));
            if (IMPLIED.containsKey(qualified(action))) {
                declared.add(IMPLIED.get(qualified(action)));
            }
        }

        assertThat(allowedActions())
                .as("actions allowed by %s against IamAdapter.operations() of every kind", POLICY)
                .isEqualTo(declared);
    }

    @Test
    void theAdaptersDeclareEveryActionTheCodeCalls() throws Exception {
        Set<String> called = calledActions();

        assertThat(called).as("actions at calls.call(\"...\") sites").isNotEmpty();
        assertThat(new TreeSet<>(declaredOperations()))
                .as("IamAdapter.operations() must list every action the code calls")
                .containsAll(called);
    }

    @Test
    void everyAwsCallNamesItsActionAsALiteral() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path source : mainSources()) {
            Matcher m = NON_LITERAL_CALL_SITE.matcher(Files.readString(source));
            while (m.find()) {
                offenders.add(BuildOutput.projectDir().relativize(source) + ": " + m.group());
            }
        }
        assertThat(offenders).as("calls.call(...) without a literal action name").isEmpty();
    }

    @Test
    void everyChangeIsConditionedOnTheClusterTag() {
        for (JsonNode statement : policy.get("Statement")) {
            if (!"Allow".equals(statement.get("Effect").asText())) {
                continue;
            }
            boolean onlyReads =
                    actions(statement).stream().allMatch(IamPermissionsTest::isReadOnly);
            if (onlyReads) {
                assertThat(statement.has("Condition"))
                        .as("%s: reads are not conditioned", sid(statement))
                        .isFalse();
                continue;
            }
            if (onlyOnUntaggableResources(statement)) {
                assertThat(sid(statement)).startsWith("Untaggable");
                continue;
            }
            String condition = String.valueOf(statement.get("Condition"));
            assertThat(condition)
                    .as("%s changes AWS: it must name the cluster tag", sid(statement))
                    .contains(CLUSTER_TAG)
                    .contains(CLUSTER_PLACEHOLDER);
        }
    }

    @Test
    void createsMustCarryEveryOwnershipTagInTheSameCall() {
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).stream().anyMatch(IamPermissionsTest::createsAResource)
                    && !onlyOnUntaggableResources(statement)) {
                JsonNode condition = statement.get("Condition");
                assertThat(condition.at("/StringEquals/aws:RequestTag~1" + escape(CLUSTER_TAG)))
                        .as(sid(statement))
                        .hasToString("\"" + CLUSTER_PLACEHOLDER + "\"");
                for (String tag : List.of("namespace", "name", "uid")) {
                    assertThat(
                                    condition
                                            .at("/Null/aws:RequestTag~1iam.operator.dev~1" + tag)
                                            .asText())
                            .as("%s requires tag %s", sid(statement), tag)
                            .isEqualTo("false");
                }
            }
        }
    }

    /**
     * Access keys take no tags, and IAM authorises their actions on the user: they are allowed only
     * on users that carry this cluster's tag, so the operator cannot make a key for any other user.
     */
    @Test
    void accessKeysAreMadeChangedAndDeletedOnlyForUsersOfThisCluster() {
        List<String> changes =
                List.of(ACCESS_KEY_CREATE, "iam:UpdateAccessKey", "iam:DeleteAccessKey");
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).stream().noneMatch(changes::contains)) {
                continue;
            }
            assertThat(actions(statement)).as(sid(statement)).containsExactlyElementsOf(changes);
            assertThat(statement.get("Resource").asText()).isEqualTo("arn:aws:iam::*:user/*");
            assertThat(
                            statement
                                    .get("Condition")
                                    .at("/StringEquals/aws:ResourceTag~1" + escape(CLUSTER_TAG))
                                    .asText())
                    .isEqualTo(CLUSTER_PLACEHOLDER);
        }
        assertThat(allowedActions()).containsAll(changes);
    }

    @Test
    void nothingIsGrantedByWildcard() {
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.has("NotAction")).as(sid(statement)).isFalse();
            assertThat(actions(statement))
                    .as(sid(statement))
                    .noneMatch(a -> a.contains("*") || a.contains("?"));
        }
    }

    // ---- what the code does
    // ----------------------------------------------------------------------

    /** The union of {@code operations()} of every {@link IamAdapter} in the main classes. */
    static List<String> declaredOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        List<Class<?>> adapters = adapterClasses();
        assertThat(adapters).as("IamAdapter implementations in target/classes").isNotEmpty();
        for (Class<?> adapter : adapters) {
            operations.addAll(((IamAdapter<?, ?>) instantiateBare(adapter)).operations());
        }
        return new ArrayList<>(operations);
    }

    static Set<String> calledActions() throws IOException {
        Set<String> actions = new TreeSet<>();
        for (Path source : mainSources()) {
            Matcher m = CALL_SITE.matcher(Files.readString(source));
            while (m.find()) {
                actions.add(m.group(1));
            }
        }
        return actions;
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(BuildOutput.projectDir().resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<Class<?>> adapterClasses() throws IOException {
        Path classes = BuildOutput.target().resolve("classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file)
                                .toString()
                                .replace('/', '.')
                                .replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, IamPermissionsTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (IamAdapter.class.isAssignableFrom(type)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    /**
     * An adapter without running its constructor (its dependencies are AWS clients and CDI beans):
     * {@code operations()} is a constant list.
     */
    private static Object instantiateBare(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> bare =
                sun.reflect.ReflectionFactory.getReflectionFactory()
                        .newConstructorForSerialization(
                                type, Object.class.getDeclaredConstructor());
        return bare.newInstance();
    }

    /** {@code GetPolicy} is {@code iam:GetPolicy}: the service whose SDK client has the method. */
    static String qualified(String action) {
        String method = Character.toLowerCase(action.charAt(0)) + action.substring(1);
        boolean iam = hasMethod(IamClient.class, method);
        boolean sts = hasMethod(StsClient.class, method);
        assertThat(iam ^ sts).as("%s is an action of exactly one of IAM and STS", action).isTrue();
        return (iam ? "iam:" : "sts:") + action;
    }

    private static boolean hasMethod(Class<?> client, String name) {
        return Arrays.stream(client.getMethods()).anyMatch(m -> m.getName().equals(name));
    }

    // ---- what the policy allows
    // ------------------------------------------------------------------

    static Set<String> allowedActions() {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            if ("Allow".equals(statement.get("Effect").asText())) {
                allowed.addAll(actions(statement));
            }
        }
        return allowed;
    }

    private static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        if (action == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> out.add(a.asText()));
        } else {
            out.add(action.asText());
        }
        return out;
    }

    /**
     * CreatePolicy, CreateRole, …: a new resource, which carries its ownership tags from birth.
     * (CreatePolicyVersion changes an existing policy; CreateAccessKey makes a key, which IAM
     * cannot tag, of an existing user: IAM authorises it on the user, whose tags it checks.)
     */
    private static boolean createsAResource(String action) {
        return action.startsWith("iam:Create")
                && !action.endsWith("Version")
                && !action.equals(ACCESS_KEY_CREATE);
    }

    private static final String ACCESS_KEY_CREATE = "iam:CreateAccessKey";

    private static boolean onlyOnUntaggableResources(JsonNode statement) {
        JsonNode resource = statement.get("Resource");
        List<String> resources = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(r -> resources.add(r.asText()));
        } else {
            resources.add(resource.asText());
        }
        return UNTAGGABLE_RESOURCES.containsAll(resources);
    }

    private static boolean isReadOnly(String action) {
        String name = action.substring(action.indexOf(':') + 1);
        return name.startsWith("Get") || name.startsWith("List");
    }

    private static String sid(JsonNode statement) {
        return statement.has("Sid") ? statement.get("Sid").asText() : statement.toString();
    }

    /** JSON Pointer escaping of a key segment. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
