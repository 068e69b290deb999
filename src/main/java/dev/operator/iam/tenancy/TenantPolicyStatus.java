package dev.operator.iam.tenancy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Whether the TenantPolicy can govern, and what it governs now. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class TenantPolicyStatus {

    @JsonPropertyDescription(
            "Whether the rules are usable. An invalid TenantPolicy governs nothing: the objects of"
                    + " the namespaces it selects are NotPermitted until it is fixed.")
    private Boolean valid;

    @JsonPropertyDescription("What makes the TenantPolicy invalid, one sentence each.")
    private List<String> problems = new ArrayList<>();

    @JsonPropertyDescription("The namespaces it selects now.")
    private List<String> selectedNamespaces = new ArrayList<>();

    @JsonPropertyDescription(
            "Namespaces that another TenantPolicy selects too, as namespace: other policies. Their"
                    + " objects are NotPermitted until only one selects them.")
    private List<String> sharedNamespaces = new ArrayList<>();

    @JsonPropertyDescription("metadata.generation the status describes.")
    private Long observedGeneration;

    public Boolean getValid() {
        return valid;
    }

    public void setValid(Boolean valid) {
        this.valid = valid;
    }

    public List<String> getProblems() {
        return problems;
    }

    public void setProblems(List<String> problems) {
        this.problems = problems == null ? new ArrayList<>() : problems;
    }

    public List<String> getSelectedNamespaces() {
        return selectedNamespaces;
    }

    public void setSelectedNamespaces(List<String> selectedNamespaces) {
        this.selectedNamespaces =
                selectedNamespaces == null ? new ArrayList<>() : selectedNamespaces;
    }

    public List<String> getSharedNamespaces() {
        return sharedNamespaces;
    }

    public void setSharedNamespaces(List<String> sharedNamespaces) {
        this.sharedNamespaces = sharedNamespaces == null ? new ArrayList<>() : sharedNamespaces;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
