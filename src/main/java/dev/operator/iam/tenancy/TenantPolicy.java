package dev.operator.iam.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What the objects of the namespaces it selects may do in AWS (design.md, "Tenancy"). Cluster
 * scoped (it implements no {@code Namespaced}): only the platform team writes it. A namespace
 * selected by no TenantPolicy follows {@code iam-operator.tenancy.unselected-namespaces}; one
 * selected by two is refused until one of them lets it go.
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("TenantPolicy")
@Plural("tenantpolicies")
@AdditionalPrinterColumn(
        name = "Privileged",
        jsonPath = ".spec.privileged",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "Valid",
        jsonPath = ".status.valid",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "Namespaces",
        jsonPath = ".status.selectedNamespaces",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
        name = "Problems",
        jsonPath = ".status.problems",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TenantPolicy extends CustomResource<TenantPolicySpec, TenantPolicyStatus> {}
