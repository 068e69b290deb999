package dev.operator.iam.instanceprofile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An IAM instance profile: the container that passes one role to EC2 instances. */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("InstanceProfile")
@Plural("instanceprofiles")
@ShortNames("iaminstanceprofile")
@JsonIgnoreProperties(ignoreUnknown = true)
public class InstanceProfile extends ManagedResource<InstanceProfileSpec, InstanceProfileStatus> {

    @Override
    protected InstanceProfileStatus newStatus() {
        return new InstanceProfileStatus();
    }
}
