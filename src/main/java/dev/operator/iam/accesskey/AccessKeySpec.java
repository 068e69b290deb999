package dev.operator.iam.accesskey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.ResourceReference;
import dev.operator.iam.api.Tag;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Desired state of an IAM access key: whose it is, where its secret goes, whether it is active and
 * when it is replaced. The key itself has no name in IAM: AWS names it (its access key id).
 */
@ValidationRule(
        value = "has(self.userName) != has(self.userRef)",
        message = "set either userName (an IAM user name) or userRef (a User object), exactly one")
@JsonIgnoreProperties(ignoreUnknown = true)
public class AccessKeySpec implements IamSpec {

    /** IAM's status of a key. */
    public static final String ACTIVE = "Active";

    public static final String INACTIVE = "Inactive";

    @Size(min = 1, max = 64)
    @Pattern("^[\\w+=,.@-]+$")
    @ValidationRule(
            value = "self == oldSelf",
            message = "userName is immutable: a key belongs to one user; create a new object")
    @JsonPropertyDescription(
            "Name in AWS of the IAM user the key is made for (CreateAccessKey UserName). The user"
                + " must be managed by this operator from this namespace (a User object; its"
                + " iam.operator.dev/* tags say so), otherwise no key is made. Mutually exclusive"
                + " with userRef. Immutable.")
    private String userName;

    @ValidationRule(
            value = "self == oldSelf",
            message = "userRef is immutable: a key belongs to one user; create a new object")
    @JsonPropertyDescription(
            "A User object of this namespace whose user the key is made for, as {from: {name: x}}."
                    + " The key waits (Ready=False, WaitingForReference) until that User is Ready."
                    + " Mutually exclusive with userName. Immutable.")
    private ResourceReference userRef;

    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of the Secret of this namespace that receives the key, under AWS_ACCESS_KEY_ID"
                + " and AWS_SECRET_ACCESS_KEY, owned by this object. Defaults to metadata.name. The"
                + " secret access key exists nowhere else: IAM hands it out once.")
    private String secretName;

    @Pattern("^(Active|Inactive)$")
    @JsonPropertyDescription(
            "IAM status of the key (UpdateAccessKey): Active (default) signs requests, Inactive"
                    + " does not.")
    private String status;

    @JsonPropertyDescription(
            "When the key is replaced by a new one; without it the key is kept until the object"
                    + " is deleted.")
    private Rotation rotation;

    /**
     * Rotation of the key: a new key after {@code period}, the old one kept for {@code overlap}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Rotation {

        @JsonPropertyDescription(
                "Age of the key at which a new key is made and put into the Secret, as a duration:"
                        + " 2160h, 90d, 30m or ISO-8601 (P90D). Counted from the key's CreateDate.")
        private String period;

        @JsonPropertyDescription(
                "How long the old key stays (still Active) after the Secret received the new one,"
                    + " so that workloads reload it; then it is deleted. Default 0: at once. Same"
                    + " format as period.")
        private String overlap;

        public String getPeriod() {
            return period;
        }

        public void setPeriod(String period) {
            this.period = period;
        }

        public String getOverlap() {
            return overlap;
        }

        public void setOverlap(String overlap) {
            this.overlap = overlap;
        }
    }

    /** An access key has no name of its own in IAM. */
    @JsonIgnore
    @Override
    public String getName() {
        return null;
    }

    /** IAM takes no tags on access keys; not a field of the CRD. */
    @JsonIgnore
    @Override
    public List<Tag> getTags() {
        return List.of();
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public ResourceReference getUserRef() {
        return userRef;
    }

    public void setUserRef(ResourceReference userRef) {
        this.userRef = userRef;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** The IAM status asked for: {@code Active} when none is given. */
    public String effectiveStatus() {
        return status == null || status.isEmpty() ? ACTIVE : status;
    }

    public Rotation getRotation() {
        return rotation;
    }

    public void setRotation(Rotation rotation) {
        this.rotation = rotation;
    }
}
