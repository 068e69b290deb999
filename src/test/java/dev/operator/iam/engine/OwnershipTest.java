package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.api.CreateIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OwnershipTest {

    private static final String CLUSTER = "prod-eu";
    private static final String KEY = "app";
    private static final boolean TAGGABLE = true;
    private static final boolean UNTAGGABLE = false;
    private static final Instant INTENT_AT = Instant.parse("2025-06-01T12:00:00Z");

    private final Ownership ownership = new Ownership(CLUSTER);

    private static Map<String, String> ourTags() {
        return Map.of(
                Ownership.CLUSTER,
                CLUSTER,
                Ownership.NAMESPACE,
                "team-a",
                Ownership.NAME,
                "app",
                Ownership.UID,
                "uid-1");
    }

    private static Map<String, String> ourTagsWith(String key, String value) {
        Map<String, String> tags = new HashMap<>(ourTags());
        if (value == null) {
            tags.remove(key);
        } else {
            tags.put(key, value);
        }
        return tags;
    }

    private static CreateIntent intent(String key, Instant at) {
        return new CreateIntent(key, at == null ? null : at.toString());
    }

    private static Arguments row(
            String reason,
            boolean taggable,
            Map<String, String> tags,
            CreateIntent intent,
            Instant createDate,
            boolean ours) {
        return argumentSet(reason, taggable, tags, intent, createDate, ours);
    }

    static Stream<Arguments> cases() {
        Instant after = INTENT_AT.plusSeconds(2);
        return Stream.of(
                // ---- by tags ----
                row(
                        "cluster, namespace, name and uid tags of this object: ours",
                        TAGGABLE,
                        ourTags(),
                        null,
                        after,
                        true),
                row(
                        "another uid (object deleted with retain and created again): still ours",
                        TAGGABLE,
                        ourTagsWith(Ownership.UID, "uid-2"),
                        null,
                        after,
                        true),
                row(
                        "no uid tag: cluster, namespace and name suffice",
                        TAGGABLE,
                        ourTagsWith(Ownership.UID, null),
                        null,
                        after,
                        true),
                row(
                        "another cluster's tags: not ours",
                        TAGGABLE,
                        ourTagsWith(Ownership.CLUSTER, "prod-us"),
                        null,
                        after,
                        false),
                row(
                        "another namespace: not ours",
                        TAGGABLE,
                        ourTagsWith(Ownership.NAMESPACE, "team-b"),
                        null,
                        after,
                        false),
                row(
                        "another object's name: not ours",
                        TAGGABLE,
                        ourTagsWith(Ownership.NAME, "other"),
                        null,
                        after,
                        false),
                row(
                        "no cluster tag: not ours",
                        TAGGABLE,
                        ourTagsWith(Ownership.CLUSTER, null),
                        null,
                        after,
                        false),
                row(
                        "namespace and name in another case: not ours (Kubernetes names are"
                                + " case-sensitive)",
                        TAGGABLE,
                        ourTagsWith(Ownership.NAME, "App"),
                        null,
                        after,
                        false),
                row(
                        "untagged, taggable kind, even with a matching intent: not ours (our"
                                + " creates carry tags)",
                        TAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        after,
                        false),
                row(
                        "our tags on an untaggable kind are still proof",
                        UNTAGGABLE,
                        ourTags(),
                        null,
                        after,
                        true),
                // ---- by create intent, for kinds IAM cannot tag ----
                row(
                        "untaggable, intent for this key, created after it: ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        after,
                        true),
                row(
                        "untaggable, intent key in another case: ours (IAM names ignore case)",
                        UNTAGGABLE,
                        Map.of(),
                        intent("APP", INTENT_AT),
                        after,
                        true),
                row(
                        "untaggable, created within the allowed clock skew before the intent: ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        INTENT_AT.minus(Ownership.CLOCK_SKEW).plusSeconds(1),
                        true),
                row(
                        "untaggable, created longer than the clock skew before the intent: not"
                                + " ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        INTENT_AT.minus(Ownership.CLOCK_SKEW).minusSeconds(1),
                        false),
                row(
                        "untaggable, created a day before the intent: not ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        INTENT_AT.minus(Duration.ofDays(1)),
                        false),
                row(
                        "untaggable, intent for another key: not ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent("other", INTENT_AT),
                        after,
                        false),
                row("untaggable, no intent: not ours", UNTAGGABLE, Map.of(), null, after, false),
                row(
                        "untaggable, intent but another cluster's ownership tag: not ours",
                        UNTAGGABLE,
                        Map.of(Ownership.CLUSTER, "prod-us"),
                        intent(KEY, INTENT_AT),
                        after,
                        false),
                row(
                        "untaggable, intent, AWS gives no creation date: ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, INTENT_AT),
                        null,
                        true),
                row(
                        "untaggable, intent without a time: ours",
                        UNTAGGABLE,
                        Map.of(),
                        intent(KEY, null),
                        INTENT_AT.minus(Duration.ofDays(1)),
                        true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decidesWhoOwnsAResource(
            boolean taggable,
            Map<String, String> tags,
            CreateIntent intent,
            Instant createDate,
            boolean ours) {
        FakeResource resource = FakeResource.of("app", "team-a", "uid-1", 1, "v", Map.of());
        resource.status().setCreateIntent(intent);
        FakeObserved observed =
                new FakeObserved(FakeObserved.arnOf(KEY), "AIDA1", KEY, "v", tags, createDate);

        assertThat(ownership.owns(resource, KEY, observed, taggable)).isEqualTo(ours);
    }

    @Test
    void tagsAnObjectWithClusterNamespaceNameAndUid() {
        FakeResource resource = FakeResource.of("app", "team-a", "uid-1", 1, "v", Map.of());

        assertThat(ownership.tagsFor(resource)).containsExactlyInAnyOrderEntriesOf(ourTags());
    }

    @Test
    void recognisesItsOwnTagsOnAResourceItTagged() {
        FakeResource resource = FakeResource.of("app", "team-a", "uid-1", 1, "v", Map.of());
        FakeObserved observed =
                new FakeObserved(
                        FakeObserved.arnOf(KEY),
                        "AIDA1",
                        KEY,
                        "v",
                        ownership.tagsFor(resource),
                        INTENT_AT);

        assertThat(ownership.owns(resource, KEY, observed, TAGGABLE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "iam.operator.dev/cluster",
                "iam.operator.dev/uid",
                "iam.operator.dev/anything"
            })
    void treatsEveryKeyUnderTheOperatorsPrefixAsAnOwnershipKey(String key) {
        assertThat(Ownership.isOwnershipKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "team",
                "aws:cloudformation:stack-name",
                "example.com/iam.operator.dev/x",
                ""
            })
    void leavesOtherKeysToTheUser(String key) {
        assertThat(Ownership.isOwnershipKey(key)).isFalse();
    }
}
