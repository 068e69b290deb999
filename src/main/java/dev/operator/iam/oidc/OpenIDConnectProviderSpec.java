package dev.operator.iam.oidc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.Tag;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of an IAM OpenID Connect provider. Field names follow ACK's iam.services.k8s.aws
 * OpenIDConnectProvider.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class OpenIDConnectProviderSpec implements IamSpec {

    @Required
    @Size(min = 9, max = 255)
    @Pattern("^https://[^?#]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message =
                    "url is immutable: IAM cannot change a provider's URL; "
                            + "create a new object instead")
    @JsonPropertyDescription(
            "URL of the identity provider, the iss claim of its tokens (CreateOpenIDConnectProvider"
                    + " Url), e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE. Must"
                    + " begin with https://; a path is allowed, a query or fragment is not. The"
                    + " provider's ARN is built from it, so it is the provider's identity: one"
                    + " provider per URL and account. Immutable.")
    private String url;

    @Size(max = 100)
    @JsonPropertyDescription(
            "Client ids (audiences, the aud claim) the provider accepts, e.g. sts.amazonaws.com"
                    + " for IRSA. Compared as a set: missing ones are added"
                    + " (AddClientIDToOpenIDConnectProvider), extra ones removed"
                    + " (RemoveClientIDFromOpenIDConnectProvider). Empty means none. At most 100,"
                    + " each 1-255 characters.")
    private List<String> clientIDs = new ArrayList<>();

    @Size(max = 5)
    @JsonPropertyDescription(
            "SHA-1 thumbprints (40 hex digits) of the certificate of the provider's top"
                + " intermediate CA. Compared as a set, ignoring case; a difference replaces the"
                + " whole list (UpdateOpenIDConnectProviderThumbprint). At most 5. Leave empty to"
                + " let IAM choose and keep them (IAM then trusts the provider through its own CA"
                + " library or computes the thumbprint itself): the operator neither sets nor"
                + " compares thumbprints and reports IAM's in status.thumbprints.")
    private List<String> thumbprints = new ArrayList<>();

    @Size(max = 46)
    @JsonPropertyDescription(
            "AWS tags of the provider, compared as a set. At most 46: IAM allows 50 and the"
                    + " operator adds its 4 iam.operator.dev/* ownership tags, which cannot be set"
                    + " here.")
    private List<Tag> tags = new ArrayList<>();

    /** A provider has no name in IAM; {@link OpenIDConnectProvider#awsName()} derives one. */
    @Override
    @JsonIgnore
    public String getName() {
        return null;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getClientIDs() {
        return clientIDs;
    }

    public void setClientIDs(List<String> clientIDs) {
        this.clientIDs = clientIDs == null ? new ArrayList<>() : clientIDs;
    }

    public List<String> getThumbprints() {
        return thumbprints;
    }

    public void setThumbprints(List<String> thumbprints) {
        this.thumbprints = thumbprints == null ? new ArrayList<>() : thumbprints;
    }

    /** Whether the operator sets and compares thumbprints (only when the spec lists some). */
    @JsonIgnore
    public boolean managesThumbprints() {
        return thumbprints != null && !thumbprints.isEmpty();
    }

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
