package dev.operator.iam.servicelinkedrole;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
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
