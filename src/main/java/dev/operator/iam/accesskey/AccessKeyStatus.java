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

    @JsonPropertyDescription(
            "While the key is being replaced (rotation, or a Secret lost by hand): when the"
                    + " replacement started (RFC 3339); kept until the new key is recorded.")
    private String replacementStartedAt;

    @JsonPropertyDescription(
            "While the key is being replaced: the user's keys before it (access key ids), which"
                    + " are never taken for keys of an interrupted replacement.")
    private List<String> keysBeforeReplacement = new ArrayList<>();

    @JsonPropertyDescription(
            "After a rotation: the previous key, still valid for rotation.overlap so that"
                    + " workloads reload the Secret, then deleted.")
    private String previousAccessKeyId;

    @JsonPropertyDescription("When the Secret last received a new key (RFC 3339).")
    private String secretWrittenAt;

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

    public String getReplacementStartedAt() {
        return replacementStartedAt;
    }

    public void setReplacementStartedAt(String replacementStartedAt) {
        this.replacementStartedAt = replacementStartedAt;
    }

    public List<String> getKeysBeforeReplacement() {
        return keysBeforeReplacement;
    }

    public void setKeysBeforeReplacement(List<String> keysBeforeReplacement) {
        this.keysBeforeReplacement =
                keysBeforeReplacement == null
                        ? new ArrayList<>()
                        : new ArrayList<>(keysBeforeReplacement);
    }

    public String getPreviousAccessKeyId() {
        return previousAccessKeyId;
    }

    public void setPreviousAccessKeyId(String previousAccessKeyId) {
        this.previousAccessKeyId = previousAccessKeyId;
    }

    public String getSecretWrittenAt() {
        return secretWrittenAt;
    }

    public void setSecretWrittenAt(String secretWrittenAt) {
        this.secretWrittenAt = secretWrittenAt;
    }

    public LastUsed getLastUsed() {
        return lastUsed;
    }

    public void setLastUsed(LastUsed lastUsed) {
        this.lastUsed = lastUsed;
    }
}
