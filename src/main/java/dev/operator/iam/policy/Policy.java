package dev.operator.iam.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An IAM customer managed policy. */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("Policy")
@Plural("policies")
@ShortNames("iampolicy")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Policy extends ManagedResource<PolicySpec, PolicyStatus> {

    @Override
    protected PolicyStatus newStatus() {
        return new PolicyStatus();
    }
}
