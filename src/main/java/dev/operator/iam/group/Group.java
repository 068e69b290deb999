package dev.operator.iam.group;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.operator.iam.api.ManagedResource;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An IAM group. IAM groups take no tags: ownership comes from the create intent recorded in status
 * before CreateGroup and from the GroupId recorded afterwards (see docs/group.md).
 */
@io.fabric8.kubernetes.model.annotation.Group("iam.operator.dev")
@Version("v1alpha1")
@Kind("Group")
@Plural("groups")
@ShortNames("iamgroup")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Group extends ManagedResource<GroupSpec, GroupStatus> {

    @Override
    protected GroupStatus newStatus() {
        return new GroupStatus();
    }
}
