package dev.operator.iam.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart as Helm renders it: lint, the default values, a non-default set, and the schema
 * refusing bad values. The rendered objects are read back as fabric8 Kubernetes objects and checked
 * field by field.
 */
class HelmChartTest {

    private static final String NON_DEFAULT_VALUES =
            """
            image:
              repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/iam-operator
              tag: 1.2.3
            replicaCount: 3
            config:
              clusterId: prod-eu-1
              aws:
                region: aws-cn-global
                endpointOverride: http://localstack.tools:4566
                stsEndpointOverride: http://localstack.tools:4567
                callTimeout: 10s
                maxCallsPerSecond: 2.5
                burst: 4
              resyncInterval: 5m
              unscannedResyncInterval: 2h
              shutdown:
                drainTimeout: 1m30s
              leaderElection:
                enabled: true
                leaseName: iam-operator-prod
                leaseNamespace: iam-leases
                leaseDuration: 30s
                renewDeadline: 20s
                retryPeriod: 4s
              tenancy:
                unselectedNamespaces: privileged
              clusterOidcProviderArn: arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE
            watchNamespaces: [team-a, team-b]
            terminationGracePeriodMarginSeconds: 15
            logging:
              level: DEBUG
              format: json
            extraEnv:
              - name: QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS
                value: "20"
            serviceAccount:
              roleArn: arn:aws:iam::123456789012:role/iam-operator
            metrics:
              serviceMonitor:
                enabled: true
                labels:
                  release: kube-prometheus-stack
              prometheusRule:
                enabled: true
            """;

    /** The environment NON_DEFAULT_VALUES must produce: one variable per configuration key. */
    private static final Map<String, String> NON_DEFAULT_ENVIRONMENT =
            orderedMap(
                    "IAM_OPERATOR_CLUSTER_ID", "prod-eu-1",
                    "IAM_OPERATOR_AWS_REGION", "aws-cn-global",
                    "IAM_OPERATOR_AWS_ENDPOINT_OVERRIDE", "http://localstack.tools:4566",
                    "IAM_OPERATOR_AWS_STS_ENDPOINT_OVERRIDE", "http://localstack.tools:4567",
                    "IAM_OPERATOR_AWS_CALL_TIMEOUT", "10s",
                    "IAM_OPERATOR_AWS_MAX_CALLS_PER_SECOND", "2.5",
                    "IAM_OPERATOR_AWS_BURST", "4",
                    "IAM_OPERATOR_RESYNC_INTERVAL", "5m",
                    "IAM_OPERATOR_UNSCANNED_RESYNC_INTERVAL", "2h",
                    "IAM_OPERATOR_SHUTDOWN_DRAIN_TIMEOUT", "1m30s",
                    "IAM_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                    "IAM_OPERATOR_LEADER_ELECTION_LEASE_NAME", "iam-operator-prod",
                    "IAM_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", "iam-leases",
                    "IAM_OPERATOR_LEADER_ELECTION_LEASE_DURATION", "30s",
                    "IAM_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE", "20s",
                    "IAM_OPERATOR_LEADER_ELECTION_RETRY_PERIOD", "4s",
                    "IAM_OPERATOR_TENANCY_UNSELECTED_NAMESPACES", "privileged",
                    "IAM_OPERATOR_CLUSTER_OIDC_PROVIDER_ARN",
                            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE");

    /**
     * The keys of the contract (design.md, and the leader-election keys the chart sets), whatever
     * OperatorConfig declares: a key dropped from the code must be dropped here on purpose.
     */
    private static final List<String> CONTRACT_KEYS =
            List.of(
                    "iam-operator.cluster-id",
                    "iam-operator.aws.region",
                    "iam-operator.aws.endpoint-override",
                    "iam-operator.aws.sts-endpoint-override",
                    "iam-operator.aws.call-timeout",
                    "iam-operator.resync-interval",
                    "iam-operator.unscanned-resync-interval",
                    "iam-operator.shutdown.drain-timeout",
                    "iam-operator.leader-election.enabled",
                    "iam-operator.leader-election.lease-name",
                    "iam-operator.tenancy.unselected-namespaces",
                    "iam-operator.cluster-oidc-provider-arn");

    /**
     * Keys without a fixed default in code that the chart sets all the same: in a cluster, leader
     * election is what the code would choose anyway; the chart says so explicitly.
     */
    private static final Map<String, String> SET_BY_THE_CHART =
            Map.of("iam-operator.leader-election.enabled", "true");

    // ---- lint and what is rendered --------------------------------------------------------------

    @Test
    void lintsWithoutWarningsInStrictMode() {
        LintResult result = HelmChart.lint();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void rendersTheOperatorWithItsAccountRbacMetricsServiceAndDisruptionBudget() {
        HelmChart.Rendered r = HelmChart.template();

        assertThat(r.objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "Deployment/iam-operator",
                        "ServiceAccount/iam-operator",
                        "ClusterRole/iam-operator",
                        "ClusterRoleBinding/iam-operator",
                        "ClusterRole/iam-operator-crds",
                        "ClusterRoleBinding/iam-operator-crds",
                        "ClusterRole/iam-operator-tenancy",
                        "ClusterRoleBinding/iam-operator-tenancy",
                        "Secret/iam-operator-webhook-tls",
                        "Service/iam-operator-webhook",
                        "ValidatingWebhookConfiguration/iam-operator",
                        "Role/iam-operator-leader-election",
                        "RoleBinding/iam-operator-leader-election",
                        "Service/iam-operator-metrics",
                        "PodDisruptionBudget/iam-operator");
        assertThat(r.objects())
                .filteredOn(
                        o ->
                                !o.getKind().startsWith("Cluster")
                                        && !o.getKind().equals("ValidatingWebhookConfiguration"))
                .allSatisfy(
                        o ->
                                assertThat(o.getMetadata().getNamespace())
                                        .as(o.getKind())
                                        .isEqualTo(HelmChart.NAMESPACE));
    }

    @Test
    void runsTheImageOfTheValuesAndDefaultsTheTagToTheAppVersion() throws IOException {
        String appVersion =
                new ObjectMapper(new YAMLFactory())
                        .readTree(HelmChart.DIR.resolve("Chart.yaml").toFile())
                        .get("appVersion")
                        .asText();

        assertThat(container(HelmChart.template()).getImage())
                .isEqualTo("iam-operator:" + appVersion);
        assertThat(container(HelmChart.template(NON_DEFAULT_VALUES)).getImage())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/iam-operator:1.2.3");
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(container(HelmChart.template("image: {digest: " + digest + "}")).getImage())
                .isEqualTo("iam-operator@" + digest);
    }

    // ---- configuration
    // ---------------------------------------------------------------------------

    @Test
    void everyConfigurationKeyIsAValueRenderedAsItsEnvironmentVariable() {
        Set<String> expectedVariables = new TreeSet<>();
        ConfigKeys.ofOperatorConfig().values().stream()
                .map(ConfigKeys.Key::environmentVariable)
                .forEach(expectedVariables::add);
        CONTRACT_KEYS.stream().map(ConfigKeys::environmentVariable).forEach(expectedVariables::add);

        Map<String, String> rendered = operatorEnvironment(HelmChart.template(NON_DEFAULT_VALUES));

        assertThat(expectedVariables)
                .as(
                        "IAM_OPERATOR_* variables of the configuration keys; a key without a"
                                + " variable here needs a value in values.yaml, the schema and"
                                + " templates/deployment.yaml")
                .isEqualTo(new TreeSet<>(NON_DEFAULT_ENVIRONMENT.keySet()));
        assertThat(rendered).containsExactlyInAnyOrderEntriesOf(NON_DEFAULT_ENVIRONMENT);
    }

    @Test
    void theChartDefaultsAreTheDefaultsInCode() {
        Map<String, String> rendered = operatorEnvironment(HelmChart.template());

        for (ConfigKeys.Key key : ConfigKeys.ofOperatorConfig().values()) {
            String variable = key.environmentVariable();
            if (key.codeDefault().isPresent()) {
                assertThat(rendered)
                        .as("%s, default in code", key.name())
                        .containsEntry(variable, key.codeDefault().get());
            } else if (SET_BY_THE_CHART.containsKey(key.name())) {
                assertThat(rendered).containsEntry(variable, SET_BY_THE_CHART.get(key.name()));
            } else {
                // Optional without a default (endpoint overrides, lease namespace): the code's
                // own choice when not set.
                assertThat(rendered).as(key.name()).doesNotContainKey(variable);
            }
        }
    }

    @Test
    void leaderElectionUsesALeaseInTheReleaseNamespaceUnlessToldOtherwise() {
        HelmChart.Rendered defaults = HelmChart.template();

        assertThat(fieldRef(container(defaults), "POD_NAMESPACE")).isEqualTo("metadata.namespace");
        assertThat(defaults.named(Role.class, "iam-operator-leader-election"))
                .get()
                .satisfies(
                        r ->
                                assertThat(r.getMetadata().getNamespace())
                                        .isEqualTo(HelmChart.NAMESPACE));
        assertThat(
                        HelmChart.template(NON_DEFAULT_VALUES)
                                .named(Role.class, "iam-operator-leader-election"))
                .get()
                .satisfies(
                        r -> {
                            assertThat(r.getMetadata().getNamespace()).isEqualTo("iam-leases");
                            assertThat(rules(r.getRules()))
                                    .contains("coordination.k8s.io leases get [iam-operator-prod]");
                        });
    }

    @Test
    void refusesLeaseTimingsTheLeaseClientWouldRefuse() {
        assertThatThrownBy(
                        () ->
                                HelmChart.render(
                                        "config: {leaderElection: {leaseDuration: 10s,"
                                                + " renewDeadline: 10s}}"))
                .hasMessageContaining("leaseDuration > renewDeadline > retryPeriod");
    }

    @Test
    void watchesEveryNamespaceByDefaultAndTheListedOnesOtherwise() {
        assertThat(env(container(HelmChart.template())))
                .containsEntry(
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_POLICY_NAMESPACES",
                        "JOSDK_ALL_NAMESPACES");
        assertThat(env(container(HelmChart.template(NON_DEFAULT_VALUES))))
                .containsEntry(
                        "QUARKUS_OPERATOR_SDK_CONTROLLERS_POLICY_NAMESPACES", "team-a,team-b")
                .containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("QUARKUS_OPERATOR_SDK_CONCURRENT_RECONCILIATION_THREADS", "20");
    }

    // ---- availability ---------------------------------------------------------------------------

    @Test
    void runsTwoReplicasSpreadOverNodesWithADisruptionBudgetOfOne() {
        HelmChart.Rendered r = HelmChart.template();
        Deployment deployment = r.one(Deployment.class);
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .hasFieldOrPropertyWithValue("intVal", 0);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podSpec(r).getTopologySpreadConstraints())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                            assertThat(t.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                        });
    }

    @Test
    void aSingleReplicaHasNoDisruptionBudget() {
        HelmChart.Rendered r = HelmChart.template("replicaCount: 1");

        assertThat(r.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(podSpec(r).getTopologySpreadConstraints()).isEmpty();
    }

    @Test
    void refusesSeveralReplicasWithoutLeaderElection() {
        assertThatThrownBy(
                        () ->
                                HelmChart.render(
                                        "replicaCount: 2\nconfig: {leaderElection: {enabled:"
                                                + " false}}"))
                .hasMessageContaining("needs config.leaderElection.enabled=true");
        assertThat(
                        HelmChart.template(
                                        "replicaCount: 1\nconfig: {leaderElection: {enabled:"
                                                + " false}}")
                                .all(Role.class))
                .as("no Lease role without leader election")
                .isEmpty();
    }

    @Test
    void probesAskTheHealthEndpointsOnTheHttpPort() {
        Container c = container(HelmChart.template());

        assertProbe(c.getLivenessProbe(), "/q/health/live");
        assertProbe(c.getReadinessProbe(), "/q/health/ready");
        assertProbe(c.getStartupProbe(), "/q/health/started");
        assertThat(c.getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "https:8443");
    }

    @ParameterizedTest(name = "drain {0} -> grace {1} s")
    @CsvSource({"20s, 30", "1m30s, 100", "2m, 130", "PT45S, 55", "1h, 3610", "500ms, 11", "25, 35"})
    void theGracePeriodIsTheDrainTimeoutPlusTheMargin(String drain, long grace) {
        HelmChart.Rendered r =
                HelmChart.template("config: {shutdown: {drainTimeout: \"" + drain + "\"}}");

        assertThat(podSpec(r).getTerminationGracePeriodSeconds()).isEqualTo(grace);
        assertThat(env(container(r))).containsEntry("IAM_OPERATOR_SHUTDOWN_DRAIN_TIMEOUT", drain);
    }

    @Test
    void theGracePeriodOutlastsTheDrainTimeout() {
        long defaultDrain = 20;
        assertThat(podSpec(HelmChart.template()).getTerminationGracePeriodSeconds())
                .isGreaterThan(defaultDrain);
        assertThat(
                        podSpec(HelmChart.template(NON_DEFAULT_VALUES))
                                .getTerminationGracePeriodSeconds())
                .isEqualTo(90 + 15);
    }

    @Test
    void hasRequestsAndAMemoryLimit() {
        Container c = container(HelmChart.template());

        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void theHeapLimitChosenFromTheBenchmarkIsPassedToTheExecutableWithinTheMemoryLimit() {
        Container c = container(HelmChart.template());

        // docs/performance.md, "Memory": 120 MiB live at 5,000 objects; 256m heap in a 512Mi limit
        assertThat(c.getArgs()).containsExactly("-Xmx256m");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(container(HelmChart.template("maxHeapSize: 160m")).getArgs())
                .containsExactly("-Xmx160m");
        assertThat(container(HelmChart.template("maxHeapSize: ''")).getArgs()).isEmpty();
    }

    // ---- security
    // --------------------------------------------------------------------------------

    @Test
    void runsAsNonRootOnAReadOnlyFilesystemWithoutCapabilities() {
        HelmChart.Rendered r = HelmChart.template();
        PodSecurityContext pod = podSpec(r).getSecurityContext();
        SecurityContext c = container(r).getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isNotZero();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getRunAsNonRoot()).isTrue();
        assertThat(c.getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getPrivileged()).isFalse();
        assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container(r).getVolumeMounts())
                .as("the one writable place")
                .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void theServiceAccountCarriesTheIrsaRoleWhenOneIsGiven() {
        assertThat(HelmChart.template().one(ServiceAccount.class).getMetadata().getAnnotations())
                .isNullOrEmpty();

        ServiceAccount sa = HelmChart.template(NON_DEFAULT_VALUES).one(ServiceAccount.class);

        assertThat(sa.getMetadata().getAnnotations())
                .containsEntry(
                        "eks.amazonaws.com/role-arn",
                        "arn:aws:iam::123456789012:role/iam-operator");
        assertThat(podSpec(HelmChart.template()).getServiceAccountName())
                .isEqualTo(sa.getMetadata().getName());
    }

    /** The plural of every kind's CRD, as helm/iam-operator/crds/ holds them. */
    private static final List<String> PLURALS =
            List.of(
                    "policies",
                    "roles",
                    "users",
                    "groups",
                    "instanceprofiles",
                    "openidconnectproviders",
                    "servicelinkedroles",
                    "accesskeys");

    @Test
    void rbacGrantsExactlyWhatTheOperatorUses() {
        HelmChart.Rendered r = HelmChart.template();

        List<String> kindRules = new ArrayList<>();
        List<String> crdRules = new ArrayList<>();
        for (String plural : PLURALS) {
            for (String verb : List.of("get", "list", "watch", "patch", "update")) {
                kindRules.add("iam.operator.dev " + plural + " " + verb);
            }
            for (String verb : List.of("get", "patch", "update")) {
                kindRules.add("iam.operator.dev " + plural + "/status " + verb);
            }
            kindRules.add("iam.operator.dev " + plural + "/finalizers update");
        }
        String crdNames =
                java.util.stream.Stream.concat(
                                PLURALS.stream().sorted().map(p -> p + ".iam.operator.dev"),
                                java.util.stream.Stream.of("tenantpolicies.iam.operator.dev"))
                        .toList()
                        .toString();
        for (String verb : List.of("get", "list")) {
            crdRules.add("apiextensions.k8s.io customresourcedefinitions " + verb + " " + crdNames);
        }
        kindRules.addAll(List.of(" events create", " events patch"));
        // A Role's spec.serviceAccounts: watched and annotated, never created or deleted.
        kindRules.addAll(
                List.of(
                        " serviceaccounts get",
                        " serviceaccounts list",
                        " serviceaccounts watch",
                        " serviceaccounts patch"));
        // AccessKey's Secret: by name only, never listed or watched
        kindRules.addAll(
                List.of(" secrets get", " secrets create", " secrets update", " secrets delete"));
        assertThat(rules(r.named(ClusterRole.class, "iam-operator").orElseThrow().getRules()))
                .containsExactlyInAnyOrderElementsOf(kindRules);
        assertThat(rules(r.named(ClusterRole.class, "iam-operator-crds").orElseThrow().getRules()))
                .containsExactlyInAnyOrderElementsOf(crdRules);
        assertThat(
                        rules(
                                r.named(ClusterRole.class, "iam-operator-tenancy")
                                        .orElseThrow()
                                        .getRules()))
                .containsExactlyInAnyOrder(
                        " namespaces get",
                        " namespaces list",
                        " namespaces watch",
                        "iam.operator.dev tenantpolicies get",
                        "iam.operator.dev tenantpolicies list",
                        "iam.operator.dev tenantpolicies watch",
                        "iam.operator.dev tenantpolicies/status get",
                        "iam.operator.dev tenantpolicies/status patch",
                        "iam.operator.dev tenantpolicies/status update");
        Role lease = r.named(Role.class, "iam-operator-leader-election").orElseThrow();
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(rules(lease.getRules()))
                .containsExactlyInAnyOrder(
                        "coordination.k8s.io leases create",
                        "coordination.k8s.io leases get [iam-operator-lease]",
                        "coordination.k8s.io leases update [iam-operator-lease]");
        for (ClusterRoleBinding b : r.all(ClusterRoleBinding.class)) {
            assertThat(b.getRoleRef().getName()).isEqualTo(b.getMetadata().getName());
            assertBoundToTheOperator(b.getSubjects());
        }
        RoleBinding leaseBinding =
                r.named(RoleBinding.class, "iam-operator-leader-election").orElseThrow();
        assertThat(leaseBinding.getRoleRef().getName()).isEqualTo(lease.getMetadata().getName());
        assertBoundToTheOperator(leaseBinding.getSubjects());
    }

    @Test
    void watchedNamespacesGetRolesInsteadOfAClusterRole() {
        HelmChart.Rendered r = HelmChart.template(NON_DEFAULT_VALUES);

        assertThat(r.all(ClusterRole.class))
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("iam-operator-crds", "iam-operator-tenancy");
        List<Role> kindRoles =
                r.all(Role.class).stream()
                        .filter(role -> role.getMetadata().getName().equals("iam-operator"))
                        .toList();
        assertThat(kindRoles)
                .extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(rules(kindRoles.get(0).getRules()))
                .contains(
                        "iam.operator.dev policies watch",
                        "iam.operator.dev policies/status patch",
                        " events create");
        assertThat(r.all(RoleBinding.class))
                .filteredOn(b -> b.getMetadata().getName().equals("iam-operator"))
                .extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
    }

    // ---- metrics
    // ---------------------------------------------------------------------------------

    @Test
    void theWebhookCoversEveryKindOnCreateAndUpdateWithACaThatSignedItsCertificate()
            throws Exception {
        HelmChart.Rendered r = HelmChart.template();
        ValidatingWebhook webhook = webhook(r);

        assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(webhook.getSideEffects()).isEqualTo("None");
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        var rule = webhook.getRules().get(0);
        assertThat(rule.getApiGroups()).containsExactly("iam.operator.dev");
        assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
        assertThat(rule.getResources()).containsExactlyInAnyOrderElementsOf(PLURALS);
        var clientService = webhook.getClientConfig().getService();
        assertThat(clientService.getName()).isEqualTo("iam-operator-webhook");
        assertThat(clientService.getPath()).isEqualTo("/admission/validate");
        assertThat(clientService.getPort()).isEqualTo(443);

        java.security.cert.CertificateFactory x509 =
                java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.X509Certificate ca =
                (java.security.cert.X509Certificate)
                        x509.generateCertificate(
                                new java.io.ByteArrayInputStream(
                                        java.util.Base64.getDecoder()
                                                .decode(webhook.getClientConfig().getCaBundle())));
        io.fabric8.kubernetes.api.model.Secret tls =
                r.named(io.fabric8.kubernetes.api.model.Secret.class, "iam-operator-webhook-tls")
                        .orElseThrow();
        java.security.cert.X509Certificate served =
                (java.security.cert.X509Certificate)
                        x509.generateCertificate(
                                new java.io.ByteArrayInputStream(
                                        java.util.Base64.getDecoder()
                                                .decode(tls.getData().get("tls.crt"))));
        served.verify(ca.getPublicKey());
        assertThat(
                        served.getSubjectAlternativeNames().stream()
                                .map(n -> String.valueOf(n.get(1)))
                                .toList())
                .contains("iam-operator-webhook.iam-system.svc");
        Service service = r.named(Service.class, "iam-operator-webhook").orElseThrow();
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("https"));
    }

    @Test
    void withCertManagerTheCertificateIsIssuedAndItsCaInjected() {
        HelmChart.Rendered r =
                HelmChart.template(
                        """
                        admissionWebhook:
                          failurePolicy: Ignore
                          certManager:
                            enabled: true
                            issuerRef: {name: platform-ca, kind: ClusterIssuer}
                        """);

        assertThat(
                        r.named(
                                io.fabric8.kubernetes.api.model.Secret.class,
                                "iam-operator-webhook-tls"))
                .isEmpty();
        HasMetadata certificate = r.ofKind("Certificate").get(0);
        assertThat(spec(certificate).toString())
                .contains("secretName=iam-operator-webhook-tls", "platform-ca", "ClusterIssuer");
        assertThat(r.one(ValidatingWebhookConfiguration.class).getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", "iam-system/iam-operator-webhook");
        ValidatingWebhook webhook = webhook(r);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getClientConfig().getCaBundle()).isNull();
    }

    @Test
    void withoutTheWebhookNothingOfItIsRendered() {
        HelmChart.Rendered r = HelmChart.template("admissionWebhook: {enabled: false}");

        assertThat(r.all(ValidatingWebhookConfiguration.class)).isEmpty();
        assertThat(r.named(Service.class, "iam-operator-webhook")).isEmpty();
        assertThat(container(r).getPorts()).extracting(p -> p.getName()).containsExactly("http");
    }

    private static ValidatingWebhook webhook(HelmChart.Rendered r) {
        return r.one(ValidatingWebhookConfiguration.class).getWebhooks().get(0);
    }

    @Test
    void theMetricsServiceSelectsTheOperatorPods() {
        HelmChart.Rendered r = HelmChart.template();
        Service service = r.named(Service.class, "iam-operator-metrics").orElseThrow();
        Deployment deployment = r.one(Deployment.class);

        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(r.ofKind("ServiceMonitor")).isEmpty();
        assertThat(r.ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void theServiceMonitorScrapesAsJobIamOperatorWhateverTheReleaseName() {
        HelmChart.Rendered r = HelmChart.template(NON_DEFAULT_VALUES);
        HasMetadata monitor = r.ofKind("ServiceMonitor").get(0);
        Map<String, Object> spec = spec(monitor);
        Service service = r.named(Service.class, "iam-operator-metrics").orElseThrow();

        assertThat(monitor.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack");
        String jobLabel = (String) spec.get("jobLabel");
        assertThat(service.getMetadata().getLabels()).containsEntry(jobLabel, "iam-operator");
        assertThat(spec.get("endpoints").toString()).contains("port=http", "path=/q/metrics");
    }

    @Test
    void thePrometheusRuleCarriesTheBundledAlertRules() throws IOException {
        HasMetadata rule = HelmChart.template(NON_DEFAULT_VALUES).ofKind("PrometheusRule").get(0);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode bundled =
                yaml.readTree(
                        Files.readString(HelmChart.DIR.resolve("files/prometheus-rules.yml")));

        JsonNode rendered = yaml.valueToTree(spec(rule)).get("groups");

        assertThat(rendered).isEqualTo(bundled.get("groups"));
        assertThat(rendered.toString()).contains("{{ $labels.kind }}");
    }

    @Test
    void theRunbookLinksAreAbsoluteAndFollowRunbookBaseUrl() {
        String published =
                "https://github.com/iam-operator/iam-operator/blob/main/docs/observability.md#";
        String mirror = "https://docs.example.com/iam-operator/observability";
        List<String> defaults =
                runbookUrls(HelmChart.template(NON_DEFAULT_VALUES).ofKind("PrometheusRule").get(0));
        List<String> mirrored =
                runbookUrls(
                        HelmChart.template(
                                        NON_DEFAULT_VALUES + "    runbookBaseUrl: " + mirror + "\n")
                                .ofKind("PrometheusRule")
                                .get(0));

        assertThat(defaults).isNotEmpty().allMatch(u -> u.startsWith(published));
        assertThat(mirrored)
                .hasSameSizeAs(defaults)
                .allMatch(u -> u.startsWith(mirror + "#iamoperator"));
    }

    private static List<String> runbookUrls(HasMetadata rule) {
        List<String> urls = new ArrayList<>();
        new ObjectMapper()
                .valueToTree(spec(rule))
                .get("groups")
                .forEach(
                        g ->
                                g.get("rules")
                                        .forEach(
                                                r ->
                                                        urls.add(
                                                                r.path("annotations")
                                                                        .path("runbook_url")
                                                                        .asText())));
        return urls;
    }

    // ---- the schema
    // ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            textBlock =
                    """
                    no image repository         | image: {repository: ''}                            | at '/image/repository'
                    a tag inside the repository | image: {repository: 'iam-operator:1.0'}            | at '/image/repository'
                    unknown pull policy         | image: {pullPolicy: Sometimes}                     | at '/image/pullPolicy'
                    replicas as text            | replicaCount: two                                  | at '/replicaCount'
                    negative replicas           | replicaCount: -1                                   | at '/replicaCount'
                    drain timeout in words      | config: {shutdown: {drainTimeout: 20 seconds}}     | at '/config/shutdown/drainTimeout'
                    resync with a bad unit      | config: {resyncInterval: 10min}                    | at '/config/resyncInterval'
                    call timeout as a number    | config: {aws: {callTimeout: 30}}                   | at '/config/aws/callTimeout'
                    empty cluster id            | config: {clusterId: ''}                            | at '/config/clusterId'
                    endpoint that is no URL     | config: {aws: {endpointOverride: localstack}}      | at '/config/aws/endpointOverride'
                    leader election as text     | config: {leaderElection: {enabled: 'yes'}}         | at '/config/leaderElection/enabled'
                    misspelt configuration key  | config: {aws: {endpointoverride: 'http://x'}}      | additional properties 'endpointoverride' not allowed
                    unknown top-level value     | replicas: 3                                        | additional properties 'replicas' not allowed
                    namespace that is no label  | watchNamespaces: [Team_A]                          | at '/watchNamespaces/0'
                    role ARN of no role         | serviceAccount: {roleArn: 'arn:aws:iam::1:user/x'} | at '/serviceAccount/roleArn'
                    log format                  | logging: {format: xml}                             | at '/logging/format'
                    zero grace margin           | terminationGracePeriodMarginSeconds: 0             | at '/terminationGracePeriodMarginSeconds'
                    service monitor interval    | metrics: {serviceMonitor: {interval: often}}       | at '/metrics/serviceMonitor/interval'
                    heap size with a JVM suffix | maxHeapSize: 256MB                                 | at '/maxHeapSize'
                    heap size without a unit    | maxHeapSize: '256'                                 | at '/maxHeapSize'
                    """)
    void theSchemaRefusesBadValues(String description, String values, String where) {
        assertThatThrownBy(() -> HelmChart.render(values))
                .as(description)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(where);
    }

    @Test
    void theSchemaAcceptsEveryDurationFormOfQuarkus() {
        for (String duration : List.of("30", "30s", "10m", "1h", "1d", "500ms", "1h30m", "PT1M")) {
            assertThat(
                            env(
                                    container(
                                            HelmChart.template(
                                                    "config: {resyncInterval: \""
                                                            + duration
                                                            + "\"}"))))
                    .containsEntry("IAM_OPERATOR_RESYNC_INTERVAL", duration);
        }
    }

    // ---- helpers
    // ---------------------------------------------------------------------------------

    private static PodSpec podSpec(HelmChart.Rendered r) {
        return r.one(Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Container container(HelmChart.Rendered r) {
        List<Container> containers = podSpec(r).getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            }
        }
        return env;
    }

    private static Map<String, String> operatorEnvironment(HelmChart.Rendered r) {
        Map<String, String> env = new LinkedHashMap<>(env(container(r)));
        env.keySet().removeIf(name -> !name.startsWith("IAM_OPERATOR_"));
        return env;
    }

    private static String fieldRef(Container c, String name) {
        return c.getEnv().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name))
                .getValueFrom()
                .getFieldRef()
                .getFieldPath();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getFailureThreshold()).isPositive();
    }

    /** "group resource verb [names]" per granted combination, so rules compare as sets. */
    private static List<String> rules(List<PolicyRule> rules) {
        List<String> out = new ArrayList<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        out.add(group + " " + resource + " " + verb + names(rule));
                    }
                }
            }
        }
        return out;
    }

    private static String names(PolicyRule rule) {
        return rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                ? ""
                : " " + rule.getResourceNames();
    }

    private static void assertBoundToTheOperator(List<Subject> subjects) {
        assertThat(subjects)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.getKind()).isEqualTo("ServiceAccount");
                            assertThat(s.getName()).isEqualTo("iam-operator");
                            assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
                        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata object) {
        return (Map<String, Object>)
                ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
