package dev.operator.iam.oidc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An IAM OpenID Connect identity provider (for example the issuer of an EKS cluster, which IRSA
 * trust policies name as their federated principal).
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("OpenIDConnectProvider")
@Plural("openidconnectproviders")
@ShortNames("oidcprovider")
@JsonIgnoreProperties(ignoreUnknown = true)
public class OpenIDConnectProvider
        extends ManagedResource<OpenIDConnectProviderSpec, OpenIDConnectProviderStatus> {

    /**
     * An OIDC provider has no name in IAM: it is known by its URL. Its "name" is the host and path
     * IAM keeps (the URL without {@code https://}), which is also the end of its ARN.
     */
    @Override
    @JsonIgnore
    public String awsName() {
        String url = getSpec() == null ? null : getSpec().getUrl();
        return url == null ? null : OidcUrls.hostAndPath(url);
    }

    @Override
    protected OpenIDConnectProviderStatus newStatus() {
        return new OpenIDConnectProviderStatus();
    }
}
