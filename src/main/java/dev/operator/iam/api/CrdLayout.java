package dev.operator.iam.api;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the CRD generator cannot say, applied to every generated CRD of our group at build time
 * ({@code quarkus.operator-sdk.crd.post-processor}), so that {@code target/kubernetes/*.yml} (and
 * the chart's byte-identical copies) are what {@code kubectl} should show:
 *
 * <ul>
 *   <li>the printer columns of every managed kind, {@link #MANAGED_COLUMNS}, written once here
 *       rather than as the same six annotations on each kind's class;
 *   <li>the printer columns in {@link #COLUMN_ORDER}: fabric8's generator sorts them by JSON path
 *       (Age, ARN, Reason, Ready, AWS-Name), whatever the order of the annotations, and kubectl
 *       shows them in the CRD's order; columns of priority 1 ({@code -o wide}) come last;
 *   <li>the category {@value #CATEGORY} on every kind, so that {@code kubectl get iam} lists them
 *       all;
 *   <li>a description on {@code spec} and {@code status} themselves ({@code kubectl explain
 *       <kind>.spec}): they are fields of fabric8's {@code CustomResource}, which we cannot
 *       annotate.
 * </ul>
 *
 * Loaded only by the build (the generator's API is a {@code provided} dependency); never at run
 * time.
 */
public class CrdLayout implements CRDPostProcessor {

    public static final String GROUP = "iam.operator.dev";

    /** What {@code kubectl get iam} lists: every kind of the group. */
    public static final String CATEGORY = "iam";

    /**
     * The columns of every kind in the order kubectl shows them (design.md: name in AWS, Ready,
     * Reason, ARN, Age). A column not named here keeps its generated place before Age.
     */
    public static final List<String> COLUMN_ORDER =
            List.of("AWS-Name", "Ready", "Reason", "ARN", "Privileged", "Valid", "Namespaces");

    private static final String AGE = "Age";

    private static final String READY = ".status.conditions[?(@.type==\"Ready\")]";

    /**
     * The columns of every kind the engine manages (all but TenantPolicy): the name in AWS, the
     * Ready condition's status and reason, the ARN, the age, and the Ready message for {@code -o
     * wide}.
     */
    public static final List<CustomResourceColumnDefinition> MANAGED_COLUMNS =
            List.of(
                    column("AWS-Name", ".status.name", "string", 0),
                    column("Ready", READY + ".status", "string", 0),
                    column("Reason", READY + ".reason", "string", 0),
                    column("ARN", ".status.arn", "string", 0),
                    column(AGE, ".metadata.creationTimestamp", "date", 0),
                    column("Message", READY + ".message", "string", 1));

    private static final String TENANT_POLICY = "TenantPolicy";

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (!(crd instanceof CustomResourceDefinition definition)
                || !GROUP.equals(definition.getSpec().getGroup())) {
            return crd;
        }
        addCategory(definition.getSpec().getNames());
        String kind = definition.getSpec().getNames().getKind();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            if (!TENANT_POLICY.equals(kind)) {
                addManagedColumns(version);
            }
            if (version.getAdditionalPrinterColumns() != null) {
                version.setAdditionalPrinterColumns(ordered(version.getAdditionalPrinterColumns()));
            }
            if (version.getSchema() != null && version.getSchema().getOpenAPIV3Schema() != null) {
                describe(version.getSchema().getOpenAPIV3Schema().getProperties(), kind);
            }
        }
        return crd;
    }

    private static void addManagedColumns(CustomResourceDefinitionVersion version) {
        List<CustomResourceColumnDefinition> columns =
                version.getAdditionalPrinterColumns() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(version.getAdditionalPrinterColumns());
        for (CustomResourceColumnDefinition managed : MANAGED_COLUMNS) {
            if (columns.stream().noneMatch(c -> managed.getName().equals(c.getName()))) {
                columns.add(new CustomResourceColumnDefinitionBuilder(managed).build());
            }
        }
        version.setAdditionalPrinterColumns(columns);
    }

    private static CustomResourceColumnDefinition column(
            String name, String jsonPath, String type, int priority) {
        return new CustomResourceColumnDefinitionBuilder()
                .withName(name)
                .withJsonPath(jsonPath)
                .withType(type)
                .withPriority(priority)
                .build();
    }

    private static void addCategory(CustomResourceDefinitionNames names) {
        List<String> categories =
                names.getCategories() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(names.getCategories());
        if (!categories.contains(CATEGORY)) {
            categories.add(CATEGORY);
        }
        names.setCategories(categories);
    }

    /** Stable: columns of equal rank keep the generator's order. */
    static List<CustomResourceColumnDefinition> ordered(
            List<CustomResourceColumnDefinition> columns) {
        List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
        sorted.sort(
                Comparator.comparingInt(
                                (CustomResourceColumnDefinition c) ->
                                        c.getPriority() == null ? 0 : c.getPriority())
                        .thenComparingInt(CrdLayout::rank));
        return sorted;
    }

    private static int rank(CustomResourceColumnDefinition column) {
        if (AGE.equals(column.getName())) {
            return COLUMN_ORDER.size() + 1;
        }
        int i = COLUMN_ORDER.indexOf(column.getName());
        return i < 0 ? COLUMN_ORDER.size() : i;
    }

    private static void describe(Map<String, JSONSchemaProps> properties, String kind) {
        if (properties == null) {
            return;
        }
        boolean tenantPolicy = TENANT_POLICY.equals(kind);
        describeIfBlank(
                properties.get("spec"),
                tenantPolicy
                        ? "What the objects of the namespaces this TenantPolicy selects may do in"
                                + " AWS: the kinds they may use, their IAM path, permissions"
                                + " boundary, adoption, denied actions and trusted principals."
                                + " Written by the platform team."
                        : "The IAM "
                                + kind
                                + " as it should be in AWS. The operator creates it, keeps AWS"
                                + " matching this spec (a difference found in AWS is corrected or"
                                + " reported, see the iam.operator.dev/drift-policy annotation)"
                                + " and deletes it with this object unless"
                                + " iam.operator.dev/deletion-policy is retain.");
        describeIfBlank(
                properties.get("status"),
                tenantPolicy
                        ? "Whether the rules are valid and which namespaces they govern. Written"
                                + " by the operator only."
                        : "What the operator last observed in AWS and did about it: the"
                                + " resource's ARN and id, the Ready, Adopted and Drifted"
                                + " conditions (Ready's reason and message say what happened and"
                                + " what to do), and the spec fields found different in AWS."
                                + " Written by the operator only.");
    }

    private static void describeIfBlank(JSONSchemaProps schema, String description) {
        if (schema != null
                && (schema.getDescription() == null || schema.getDescription().isBlank())) {
            schema.setDescription(description);
        }
    }
}
