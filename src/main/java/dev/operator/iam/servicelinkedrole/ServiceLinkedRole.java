package dev.operator.iam.servicelinkedrole;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An IAM service-linked role: a role an AWS service defines (trust policy, permissions, name) and
 * IAM creates on request for that service.
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("ServiceLinkedRole")
@Plural("servicelinkedroles")
@ShortNames("slr")
@AdditionalPrinterColumn(
        name = "AWS-Name",
        jsonPath = ".status.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "ARN",
        jsonPath = ".status.arn",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ServiceLinkedRole
        extends ManagedResource<ServiceLinkedRoleSpec, ServiceLinkedRoleStatus> {

    /**
     * AWS derives the name ({@code AWSServiceRoleFor...}); it is known once the role was observed.
     */
    @Override
    @JsonIgnore
    public String awsName() {
        return getStatus() == null ? null : getStatus().getName();
    }

    @Override
    protected ServiceLinkedRoleStatus newStatus() {
        return new ServiceLinkedRoleStatus();
    }
}
