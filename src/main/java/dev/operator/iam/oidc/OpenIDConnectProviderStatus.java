package dev.operator.iam.oidc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an OIDC provider: the common status plus what IAM holds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class OpenIDConnectProviderStatus extends IamStatus {

    @JsonPropertyDescription(
            "Thumbprints IAM holds for the provider at the last observation; when"
                    + " spec.thumbprints is empty, these are the ones IAM chose.")
    private List<String> thumbprints = new ArrayList<>();

    @JsonPropertyDescription("When IAM created the provider (RFC 3339).")
    private String createDate;

    public List<String> getThumbprints() {
        return thumbprints;
    }

    public void setThumbprints(List<String> thumbprints) {
        this.thumbprints = thumbprints == null ? new ArrayList<>() : thumbprints;
    }

    public String getCreateDate() {
        return createDate;
    }

    public void setCreateDate(String createDate) {
        this.createDate = createDate;
    }
}
