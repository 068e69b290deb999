package dev.operator.iam.role;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An IAM role: its trust policy, session settings, permissions boundary, policies and tags. */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("Role")
@Plural("roles")
@ShortNames("iamrole")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Role extends ManagedResource<RoleSpec, RoleStatus> {

    @Override
    protected RoleStatus newStatus() {
        return new RoleStatus();
    }
}
