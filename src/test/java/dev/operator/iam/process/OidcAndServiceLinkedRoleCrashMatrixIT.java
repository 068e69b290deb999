package dev.operator.iam.process;

import static dev.operator.iam.process.IamObjects.THUMBPRINT_A;
import static dev.operator.iam.process.IamObjects.THUMBPRINT_B;
import static dev.operator.iam.process.IamObjects.list;
import static dev.operator.iam.process.IamObjects.map;
import static dev.operator.iam.process.IamObjects.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.emulator.OidcProviderSnapshot;
import dev.operator.iam.emulator.RoleSnapshot;
import dev.operator.iam.oidc.OpenIDConnectProvider;
import dev.operator.iam.oidc.OpenIDConnectProviderSpec;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRole;
import dev.operator.iam.servicelinkedrole.ServiceLinkedRoleSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The crash matrix of OpenIDConnectProvider and ServiceLinkedRole. A service-linked role takes no
 * tags (ours by the create intent, then by the RoleId in status), and IAM deletes it
 * asynchronously: after a crash the operator must go on with the same deletion task. Two rounds,
 * two crashes (see {@link CrashMatrix}).
 */
class OidcAndServiceLinkedRoleCrashMatrixIT extends CrashMatrix {

    private static final String AUTOSCALING = "autoscaling.amazonaws.com";
    private static final String SLR_PREFIX = "AWSServiceRoleForAutoScaling_";
    private static final String THEIR_URL = "https://theirs.example.com";
    private static final String THEIR_SUFFIX = "theirs";

    private OidcProviderSnapshot theirProvider;
    private RoleSnapshot theirRole;

    @Override
    protected String title() {
        return "OpenIDConnectProvider and ServiceLinkedRole";
    }

    @Override
    protected String namespace() {
        return "matrix-oidc-slr";
    }

    @Override
    protected void seedNotOurs() {
        theirProvider =
                emulator.seedOidcProvider(
                        THEIR_URL, list("sts.amazonaws.com"), list(THUMBPRINT_A), null);
        theirRole = emulator.seedServiceLinkedRole(AUTOSCALING, THEIR_SUFFIX);
        objects.create(
                objects.oidcProvider(
                        "theirs",
                        THEIR_URL,
                        s -> {
                            s.setClientIDs(list("sts.amazonaws.com"));
                            s.setThumbprints(list(THUMBPRINT_A));
                        }));
        objects.create(objects.serviceLinkedRole("theirs", AUTOSCALING, THEIR_SUFFIX, s -> {}));
        objects.awaitReady(
                OpenIDConnectProvider.class, "theirs", "False", "AlreadyExistsNotOwned", TIMEOUT);
        objects.awaitReady(
                ServiceLinkedRole.class, "theirs", "False", "AlreadyExistsNotOwned", TIMEOUT);
    }

    @Override
    protected void assertNotOursUntouched() {
        assertThat(emulator.oidcProvider(theirProvider.arn()))
                .as("the OIDC provider we do not own")
                .contains(theirProvider);
        assertThat(emulator.role(theirRole.name()))
                .as("the service-linked role we do not own")
                .contains(theirRole);
        assertOnlyRead("OpenIDConnectProviderArn", theirProvider.arn());
        assertOnlyRead("RoleName", theirRole.name());
    }

    // ------------------------------------------------------------------ the rounds

    @Test
    @Order(1)
    void createAndDeleteCrashedAtTheirCalls() {
        crash(
                "create+delete+late-step",
                List.of(
                        // client id added and thumbprint replaced (committed), the crash hits the
                        // tags: the last step of one update
                        updateProvider(
                                "TagOpenIDConnectProvider",
                                "o-late-tag",
                                s -> {},
                                s -> {
                                    s.setClientIDs(list("sts.amazonaws.com", "other"));
                                    s.setThumbprints(list(THUMBPRINT_B));
                                    s.setTags(tags(map("team", "payments")));
                                }),
                        new Cell(
                                "OpenIDConnectProvider",
                                "create",
                                "CreateOpenIDConnectProvider",
                                "o-create",
                                List.of(),
                                () ->
                                        objects.create(
                                                provider(
                                                        "o-create",
                                                        s ->
                                                                s.setTags(
                                                                        tags(
                                                                                map(
                                                                                        "team",
                                                                                        "payments"))))),
                                () -> providerConverged("o-create", null)),
                        new Cell(
                                "ServiceLinkedRole",
                                "create",
                                "CreateServiceLinkedRole",
                                "s-create",
                                List.of(),
                                () ->
                                        objects.create(
                                                slr(
                                                        "s-create",
                                                        s -> s.setDescription("made in a crash"))),
                                () -> slrConverged("s-create", null)),
                        new Cell(
                                "OpenIDConnectProvider",
                                "delete",
                                "DeleteOpenIDConnectProvider",
                                "o-del",
                                List.of(provider("o-del", s -> {})),
                                () -> objects.delete(OpenIDConnectProvider.class, "o-del"),
                                () -> providerDeleted("o-del")),
                        new Cell(
                                "ServiceLinkedRole",
                                "delete",
                                "DeleteServiceLinkedRole",
                                "s-del",
                                List.of(slr("s-del", s -> {})),
                                () -> objects.delete(ServiceLinkedRole.class, "s-del"),
                                () -> slrDeleted("s-del"))));
    }

    @Test
    @Order(2)
    void updateCrashedAtEachOperation() {
        crash(
                "update+deletion-poll",
                List.of(
                        updateProvider(
                                "AddClientIDToOpenIDConnectProvider",
                                "o-add-client",
                                s -> {},
                                s -> s.setClientIDs(list("sts.amazonaws.com", "other"))),
                        updateProvider(
                                "RemoveClientIDFromOpenIDConnectProvider",
                                "o-remove-client",
                                s -> s.setClientIDs(list("sts.amazonaws.com", "other")),
                                s -> s.setClientIDs(list("sts.amazonaws.com"))),
                        updateProvider(
                                "UpdateOpenIDConnectProviderThumbprint",
                                "o-thumbprint",
                                s -> {},
                                s -> s.setThumbprints(list(THUMBPRINT_B))),
                        updateProvider(
                                "TagOpenIDConnectProvider",
                                "o-tag",
                                s -> {},
                                s -> s.setTags(tags(map("team", "payments")))),
                        updateProvider(
                                "UntagOpenIDConnectProvider",
                                "o-untag",
                                s -> s.setTags(tags(map("old", "x"))),
                                s -> s.setTags(new ArrayList<>())),
                        new Cell(
                                "ServiceLinkedRole",
                                "update",
                                "UpdateRole",
                                "s-update",
                                List.of(slr("s-update", s -> s.setDescription("old"))),
                                () ->
                                        objects.edit(
                                                ServiceLinkedRole.class,
                                                "s-update",
                                                r -> r.getSpec().setDescription("new")),
                                () -> slrConverged("s-update", "UpdateRole")),
                        // the first poll of the deletion task, before its id is in status
                        new Cell(
                                "ServiceLinkedRole",
                                "delete",
                                "GetServiceLinkedRoleDeletionStatus",
                                "s-del-poll",
                                List.of(slr("s-del-poll", s -> {})),
                                () -> objects.delete(ServiceLinkedRole.class, "s-del-poll"),
                                () -> slrDeleted("s-del-poll"))));
    }

    @Test
    @Order(3)
    void deletingEveryObjectAfterTheCrashesLeavesOnlyWhatIsNotOurs() {
        withLogsOnFailure(
                () -> {
                    for (OpenIDConnectProvider p :
                            api.client()
                                    .resources(OpenIDConnectProvider.class)
                                    .inNamespace(namespace())
                                    .list()
                                    .getItems()) {
                        if (!p.getMetadata().getName().equals("theirs")) {
                            providerConverged(p.getMetadata().getName(), null);
                        }
                    }
                    for (ServiceLinkedRole r :
                            api.client()
                                    .resources(ServiceLinkedRole.class)
                                    .inNamespace(namespace())
                                    .list()
                                    .getItems()) {
                        if (!r.getMetadata().getName().equals("theirs")) {
                            slrConverged(r.getMetadata().getName(), null);
                        }
                    }
                    deleteAll(OpenIDConnectProvider.class, ServiceLinkedRole.class);
                    assertThat(emulator.oidcProviders())
                            .as("OIDC providers left in AWS")
                            .extracting(OidcProviderSnapshot::arn)
                            .containsExactly(theirProvider.arn());
                    assertThat(emulator.roles())
                            .as("roles left in AWS")
                            .extracting(RoleSnapshot::name)
                            .containsExactly(theirRole.name());
                    assertNotOursUntouched();
                });
    }

    // ------------------------------------------------------------------ objects and cells

    private static String url(String name) {
        return "https://" + name + ".example.com";
    }

    private OpenIDConnectProvider provider(String name, Consumer<OpenIDConnectProviderSpec> spec) {
        return objects.oidcProvider(
                name,
                url(name),
                s -> {
                    s.setClientIDs(list("sts.amazonaws.com"));
                    s.setThumbprints(list(THUMBPRINT_A));
                    spec.accept(s);
                });
    }

    private ServiceLinkedRole slr(String name, Consumer<ServiceLinkedRoleSpec> spec) {
        return objects.serviceLinkedRole(name, AUTOSCALING, name, spec);
    }

    private Cell updateProvider(
            String operation,
            String name,
            Consumer<OpenIDConnectProviderSpec> before,
            Consumer<OpenIDConnectProviderSpec> after) {
        return new Cell(
                "OpenIDConnectProvider",
                "update",
                operation,
                name,
                List.of(provider(name, before)),
                () ->
                        objects.edit(
                                OpenIDConnectProvider.class, name, p -> after.accept(p.getSpec())),
                () -> providerConverged(name, operation));
    }

    // ------------------------------------------------------------------ convergence

    private void providerConverged(String name, String operation) {
        OpenIDConnectProvider ready =
                objects.awaitReady(OpenIDConnectProvider.class, name, TIMEOUT);
        OpenIDConnectProviderSpec spec = ready.getSpec();
        String host = url(name).substring("https://".length());
        List<OidcProviderSnapshot> matching =
                emulator.oidcProviders().stream()
                        .filter(p -> p.url().equalsIgnoreCase(host))
                        .toList();
        assertThat(matching).as("OIDC providers for %s", host).hasSize(1);
        OidcProviderSnapshot provider = matching.get(0);
        assertThat(ready.getStatus().getArn())
                .as("status.arn of %s", name)
                .isEqualTo(provider.arn());
        assertThat(new HashSet<>(provider.clientIds()))
                .as("client ids of %s", name)
                .isEqualTo(new HashSet<>(spec.getClientIDs()));
        assertThat(provider.thumbprints())
                .as("thumbprints of %s", name)
                .isEqualTo(spec.getThumbprints());
        assertThat(provider.tags())
                .as("tags of %s", name)
                .isEqualTo(IamObjects.expectedTags(ready, spec.getTags()));
        assertThat(calls("CreateOpenIDConnectProvider", "Url", url(name)))
                .as("CreateOpenIDConnectProvider calls for %s, ever", name)
                .isEqualTo(1);
        if (operation != null) {
            assertThat(calls(operation, "OpenIDConnectProviderArn", provider.arn()))
                    .as("%s calls for %s (the one killed is not repeated)", operation, name)
                    .isEqualTo(1);
        }
    }

    private void providerDeleted(String name) {
        objects.awaitGone(OpenIDConnectProvider.class, name, TIMEOUT);
        String host = url(name).substring("https://".length());
        assertThat(emulator.oidcProviders())
                .as("OIDC providers left")
                .noneMatch(p -> p.url().equalsIgnoreCase(host));
        assertThat(calls("CreateOpenIDConnectProvider", "Url", url(name)))
                .as("CreateOpenIDConnectProvider calls for %s", name)
                .isEqualTo(1);
        assertThat(
                        emulator.calls().stream()
                                .filter(c -> c.action().equals("DeleteOpenIDConnectProvider"))
                                .filter(
                                        c ->
                                                String.valueOf(
                                                                c.params()
                                                                        .get(
                                                                                "OpenIDConnectProviderArn"))
                                                        .endsWith("/" + host))
                                .count())
                .as("DeleteOpenIDConnectProvider calls for %s", name)
                .isEqualTo(1);
    }

    private void slrConverged(String name, String operation) {
        ServiceLinkedRole ready = objects.awaitReady(ServiceLinkedRole.class, name, TIMEOUT);
        String roleName = SLR_PREFIX + name;
        List<RoleSnapshot> named =
                emulator.roles().stream()
                        .filter(r -> r.name().toLowerCase().startsWith(roleName.toLowerCase()))
                        .toList();
        assertThat(named).as("service-linked roles %s*", roleName).hasSize(1);
        RoleSnapshot role = named.get(0);
        assertThat(role.name()).isEqualToIgnoringCase(roleName);
        assertThat(ready.getStatus().getArn()).as("status.arn of %s", name).isEqualTo(role.arn());
        assertThat(Objects.toString(role.description(), ""))
                .as("description of %s", name)
                .isEqualTo(Objects.toString(ready.getSpec().getDescription(), ""));
        assertThat(calls("CreateServiceLinkedRole", "CustomSuffix", name))
                .as("CreateServiceLinkedRole calls for %s, ever", name)
                .isEqualTo(1);
        if (operation != null) {
            assertThat(calls(operation, "RoleName", roleName))
                    .as("%s calls for %s (the one killed is not repeated)", operation, name)
                    .isEqualTo(1);
        }
    }

    /**
     * Gone, and one deletion task only: every poll, before and after the crash, asked about the
     * same task.
     */
    private void slrDeleted(String name) {
        objects.awaitGone(ServiceLinkedRole.class, name, TIMEOUT);
        String roleName = SLR_PREFIX + name;
        assertThat(emulator.role(roleName)).as("role %s in AWS", roleName).isEmpty();
        assertThat(calls("CreateServiceLinkedRole", "CustomSuffix", name))
                .as("CreateServiceLinkedRole calls for %s", name)
                .isEqualTo(1);
        List<String> tasks =
                emulator.calls().stream()
                        .filter(c -> c.action().equals("GetServiceLinkedRoleDeletionStatus"))
                        .map(c -> c.params().get("DeletionTaskId"))
                        .filter(id -> id != null && id.contains("/" + roleName + "/"))
                        .distinct()
                        .toList();
        assertThat(tasks).as("deletion tasks polled for %s", roleName).hasSize(1);
        System.out.printf(
                "ServiceLinkedRole %s: DeleteServiceLinkedRole called %d time(s), %d poll(s) of"
                        + " task %s%n",
                name,
                calls("DeleteServiceLinkedRole", "RoleName", roleName),
                emulator.calls().stream()
                        .filter(c -> c.action().equals("GetServiceLinkedRoleDeletionStatus"))
                        .filter(c -> tasks.get(0).equals(c.params().get("DeletionTaskId")))
                        .count(),
                tasks.get(0));
    }
}
