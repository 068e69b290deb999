package dev.operator.iam.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the fake "AWS" holds for one resource, and what {@link FakeAdapter#observe} returns. */
public record FakeObserved(
        String arn,
        String id,
        String name,
        String value,
        Map<String, String> tags,
        Instant createDate)
        implements ObservedResource {

    public FakeObserved {
        tags = Map.copyOf(tags);
    }

    public static String arnOf(String name) {
        return "arn:aws:iam::123456789012:fake/" + name;
    }

    public FakeObserved withValue(String newValue) {
        return new FakeObserved(arn, id, name, newValue, tags, createDate);
    }

    public FakeObserved withTags(Map<String, String> newTags) {
        return new FakeObserved(arn, id, name, value, newTags, createDate);
    }

    public FakeObserved withTag(String key, String tagValue) {
        Map<String, String> t = new LinkedHashMap<>(tags);
        t.put(key, tagValue);
        return withTags(t);
    }

    public FakeObserved withId(String newId) {
        return new FakeObserved(arn, newId, name, value, tags, createDate);
    }

    /** The same resource spelled differently in AWS (IAM names are unique ignoring case). */
    public FakeObserved named(String newName) {
        return new FakeObserved(arnOf(newName), id, newName, value, tags, createDate);
    }

    public FakeObserved createdAt(Instant when) {
        return new FakeObserved(arn, id, name, value, tags, when);
    }
}
