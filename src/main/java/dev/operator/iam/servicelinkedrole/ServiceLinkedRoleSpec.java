package dev.operator.iam.servicelinkedrole;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.Tag;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Desired state of a service-linked role. Field names follow ACK's iam.services.k8s.aws
 * ServiceLinkedRole. IAM takes no tags on CreateServiceLinkedRole, so there is no {@code tags}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ServiceLinkedRoleSpec implements IamSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "awsServiceName is immutable: a service-linked role belongs to one service;"
                            + " create a new object instead")
    @JsonPropertyDescription(
            "Service principal of the AWS service the role is linked to (CreateServiceLinkedRole"
                + " AWSServiceName), e.g. autoscaling.amazonaws.com. The service decides the role's"
                + " name (AWSServiceRoleFor...), trust policy and permissions; the role lives at"
                + " path /aws-service-role/<awsServiceName>/. Immutable.")
    private String awsServiceName;

    @Size(min = 1, max = 64)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "customSuffix is immutable: it is part of the role's name; create a new"
                            + " object instead")
    @JsonPropertyDescription(
            "Suffix appended to the role's name after an underscore"
                    + " (AWSServiceRoleForAutoScaling_<suffix>), for services that allow several"
                    + " roles (CreateServiceLinkedRole CustomSuffix); most services refuse it."
                    + " Omit it for the service's default role. Immutable.")
    private String customSuffix;

    @Size(max = 1000)
    @JsonPropertyDescription(
            "Description of the role (CreateServiceLinkedRole Description, later UpdateRole"
                    + " Description), at most 1000 characters. When omitted the operator leaves"
                    + " the description to AWS (services set a default) and does not compare it.")
    private String description;

    /** AWS derives the role's name; there is no name to give. */
    @Override
    @JsonIgnore
    public String getName() {
        return null;
    }

    /** CreateServiceLinkedRole takes no tags; not a field of this kind. */
    @Override
    @JsonIgnore
    public List<Tag> getTags() {
        return List.of();
    }

    public String getAwsServiceName() {
        return awsServiceName;
    }

    public void setAwsServiceName(String awsServiceName) {
        this.awsServiceName = awsServiceName;
    }

    public String getCustomSuffix() {
        return customSuffix;
    }

    public void setCustomSuffix(String customSuffix) {
        this.customSuffix = customSuffix;
    }

    /** The suffix IAM uses: none when empty. */
    @JsonIgnore
    public String effectiveSuffix() {
        return customSuffix == null || customSuffix.isEmpty() ? null : customSuffix;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
