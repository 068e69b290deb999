package dev.operator.iam.engine;

import dev.operator.iam.api.IamSpec;
import dev.operator.iam.api.Tag;
import java.util.ArrayList;
import java.util.List;

/** Spec of {@link FakeResource}: a name, one mutable field ({@code value}) and tags. */
public class FakeSpec implements IamSpec {

    private String name;
    private String value;
    private List<Tag> tags = new ArrayList<>();

    @Override
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public List<Tag> getTags() {
        return tags;
    }

    public void setTags(List<Tag> tags) {
        this.tags = tags == null ? new ArrayList<>() : tags;
    }
}
