package dev.operator.iam.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Status common to every IAM kind. Only the operator writes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class IamStatus {

    @JsonPropertyDescription("ARN of the AWS resource, once it was created, recovered or adopted.")
    private String arn;

    @JsonPropertyDescription("Stable unique id AWS gave the resource (PolicyId, RoleId, ...).")
    private String id;

    @JsonPropertyDescription(
            "Name of the resource in AWS (spec.name, or metadata.name when spec.name is empty).")
    private String name;

    @JsonPropertyDescription("metadata.generation of the spec that the conditions describe.")
    private Long observedGeneration;

    @JsonPropertyDescription(
            "When the operator last recorded something new about the resource in AWS (RFC 3339):"
                    + " a resync that finds AWS as it was writes no status, so this does not move"
                    + " with every observation.")
    private String lastSyncTime;

    @JsonPropertyDescription(
            "Ready: AWS matches the spec as of observedGeneration. Adopted: the resource was found"
                    + " in AWS rather than created here. Drifted: AWS differs from the spec.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription(
            "Spec fields found different in AWS at the last observation; empty when none.")
    private List<String> drift = new ArrayList<>();

    @JsonPropertyDescription(
            "Set while a create call may be in flight; see the ownership section of the docs.")
    private CreateIntent createIntent;

    @JsonPropertyDescription(
            "metadata.generation whose spec was last applied to AWS (or deliberately only"
                    + " reported); 0 when the current spec is not applied yet. A difference found"
                    + " in AWS for the applied generation is drift; otherwise it is a spec change"
                    + " still to apply.")
    private Long appliedGeneration;

    public String getArn() {
        return arn;
    }

    public void setArn(String arn) {
        this.arn = arn;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastSyncTime() {
        return lastSyncTime;
    }

    public void setLastSyncTime(String lastSyncTime) {
        this.lastSyncTime = lastSyncTime;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public List<String> getDrift() {
        return drift;
    }

    public void setDrift(List<String> drift) {
        this.drift = drift == null ? new ArrayList<>() : drift;
    }

    public CreateIntent getCreateIntent() {
        return createIntent;
    }

    public void setCreateIntent(CreateIntent createIntent) {
        this.createIntent = createIntent;
    }

    public Long getAppliedGeneration() {
        return appliedGeneration;
    }

    public void setAppliedGeneration(Long appliedGeneration) {
        this.appliedGeneration = appliedGeneration;
    }

    /**
     * The recorded ARN, else the key of the create intent: how a kind whose natural key is an ARN
     * finds its resource for deletion without reading the spec. Null when neither is recorded.
     */
    @JsonIgnore
    public String recordedArnOrIntentKey() {
        return arn != null ? arn : intentKey();
    }

    /**
     * The recorded AWS name, else the key of the create intent: how a kind whose natural key is a
     * name finds its resource for deletion without reading the spec. Null when neither is recorded.
     */
    @JsonIgnore
    public String recordedNameOrIntentKey() {
        return name != null ? name : intentKey();
    }

    private String intentKey() {
        return createIntent == null ? null : createIntent.getKey();
    }
}
