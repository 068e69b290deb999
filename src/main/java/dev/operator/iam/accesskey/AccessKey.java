package dev.operator.iam.accesskey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An IAM user's access key, delivered into a Secret of the object's namespace. IAM hands the secret
 * out once, in the CreateAccessKey answer: the operator writes it into the Secret before anything
 * else and never anywhere else.
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("AccessKey")
@Plural("accesskeys")
@ShortNames("iamaccesskey")
// The columns of every kind (design.md): AWS-Name is the access key id (status.name), ARN the
// user's.
@JsonIgnoreProperties(ignoreUnknown = true)
public class AccessKey extends ManagedResource<AccessKeySpec, AccessKeyStatus> {

    @Override
    protected AccessKeyStatus newStatus() {
        return new AccessKeyStatus();
    }

    /** The Secret that receives the key: {@code spec.secretName}, or {@code metadata.name}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String secretName() {
        String s = getSpec() == null ? null : getSpec().getSecretName();
        return s == null || s.isBlank() ? getMetadata().getName() : s;
    }
}
