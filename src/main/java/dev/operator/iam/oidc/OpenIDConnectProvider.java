package dev.operator.iam.oidc;

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
 * An IAM OpenID Connect identity provider (for example the issuer of an EKS cluster, which IRSA
 * trust policies name as their federated principal).
 */
@Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("OpenIDConnectProvider")
@Plural("openidconnectproviders")
@ShortNames("oidcprovider")
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
