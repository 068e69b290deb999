package dev.operator.iam.accesskey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of an access key: the common status (its {@code arn} is the user's: an access key
 * has no ARN of its own, and IAM policies name the user for it) plus the key's id, user, dates and
 * last use. The secret access key is never here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class AccessKeyStatus extends IamStatus {

    @JsonPropertyDescription("The access key id (AKIA...) whose secret is in the Secret.")
    private String accessKeyId;

    @JsonPropertyDescription("Name in AWS of the user the key belongs to.")
    private String userName;

    @JsonPropertyDescription("When AWS created the key (RFC 3339).")
    private String createDate;

    @JsonPropertyDescription(
            "The key's last use as GetAccessKeyLastUsed reports it, refreshed at every resync.")
    private LastUsed lastUsed;

    @JsonPropertyDescription(
            "While a create is in progress: the user's keys before it (access key ids, not"
                    + " secrets), which are never taken for keys of an interrupted create.")
    private List<String> keysBeforeCreate = new ArrayList<>();

    /** GetAccessKeyLastUsed's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class LastUsed {

        @JsonPropertyDescription("When the key last signed a request (RFC 3339); empty if never.")
        private String date;

        @JsonPropertyDescription("The AWS service of that request; N/A if never used.")
        private String serviceName;

        @JsonPropertyDescription("The AWS Region of that request; N/A if never used.")
        private String region;

        public LastUsed() {}

        public LastUsed(String date, String serviceName, String region) {
            this.date = date;
            this.serviceName = serviceName;
            this.region = region;
        }

        public String getDate() {
            return date;
        }

        public void setDate(String date) {
            this.date = date;
        }

        public String getServiceName() {
            return serviceName;
        }

        public void setServiceName(String serviceName) {
            this.serviceName = serviceName;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getCreateDate() {
        return createDate;
    }

    public void setCreateDate(String createDate) {
        this.createDate = createDate;
    }

    public List<String> getKeysBeforeCreate() {
        return keysBeforeCreate;
    }

    public void setKeysBeforeCreate(List<String> keysBeforeCreate) {
        this.keysBeforeCreate =
                keysBeforeCreate == null ? new ArrayList<>() : new ArrayList<>(keysBeforeCreate);
    }

    public LastUsed getLastUsed() {
        return lastUsed;
    }

    public void setLastUsed(LastUsed lastUsed) {
        this.lastUsed = lastUsed;
    }
}
