package dev.operator.iam.user;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An IAM user. Created with the operator's ownership tags in the CreateUser call; the operator
 * never creates or deletes the user's credentials (access keys, login profile, MFA devices).
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("User")
@Plural("users")
@ShortNames("iamuser")
@JsonIgnoreProperties(ignoreUnknown = true)
public class User extends ManagedResource<UserSpec, UserStatus> {

    @Override
    protected UserStatus newStatus() {
        return new UserStatus();
    }
}
