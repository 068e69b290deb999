package dev.operator.iam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.operator.iam.api.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecChecksTest {

    /**
     * A check, and the problems it must report: one fragment per problem, in order; none when
     * valid.
     */
    private static Arguments row(String reason, Consumer<List<String>> check, String... problems) {
        return argumentSet(reason, check, List.of(problems));
    }

    private static Consumer<List<String>> name(String value) {
        return p -> SpecChecks.name("spec.name", value, p);
    }

    private static Consumer<List<String>> path(String value) {
        return p -> SpecChecks.path("spec.path", value, p);
    }

    private static Consumer<List<String>> description(String value) {
        return p -> SpecChecks.maxLength("spec.description", value, 1000, p);
    }

    private static Consumer<List<String>> tags(Tag... tags) {
        return p -> SpecChecks.tags(new ArrayList<>(List.of(tags)), p);
    }

    private static Consumer<List<String>> tagCount(int count) {
        return p ->
                SpecChecks.tags(
                        IntStream.range(0, count).mapToObj(i -> new Tag("key" + i, "v")).toList(),
                        p);
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                // ---- names ----
                row("a plain name is valid", name("app-role_1")),
                row("a name with every punctuation IAM allows is valid", name("a+b=c,d.e@f_g-h")),
                row("a name of 128 characters is valid", name("n".repeat(128))),
                row(
                        "a name of 129 characters is not",
                        name("n".repeat(129)),
                        "spec.name \"" + "n".repeat(129) + "\" is not a valid IAM name"),
                row("an empty name is not", name(""), "spec.name \"\" is not a valid IAM name"),
                row(
                        "a missing name is not",
                        name(null),
                        "spec.name \"null\" is not a valid IAM name"),
                row("a name with a space is not", name("my role"), "spec.name \"my role\""),
                row(
                        "a name with a slash is not (that is the path)",
                        name("team/app"),
                        "spec.name \"team/app\""),
                row("a name with a colon is not", name("a:b"), "letters, digits and +=,.@_-"),
                // ---- paths ----
                row("the root path is valid", path("/")),
                row("a nested path is valid", path("/team-a/service/")),
                row("a path of 512 characters is valid", path("/" + "p".repeat(510) + "/")),
                row(
                        "a path of 513 characters is not",
                        path("/" + "p".repeat(511) + "/"),
                        "spec.path \"/" + "p".repeat(511) + "/\" is not a valid IAM path"),
                row("an empty path is not", path(""), "spec.path \"\" is not a valid IAM path"),
                row(
                        "a path without the leading slash is not",
                        path("team-a/"),
                        "spec.path \"team-a/\""),
                row(
                        "a path without the trailing slash is not",
                        path("/team-a"),
                        "must start and end with /"),
                row("a path with a space is not", path("/team a/"), "printable ASCII"),
                row(
                        "a path with a non-ASCII letter is not",
                        path("/équipe/"),
                        "spec.path \"/équipe/\""),
                // ---- lengths ----
                row("no description is valid", description(null)),
                row("a description at the limit is valid", description("d".repeat(1000))),
                row(
                        "a description over the limit is not, with both lengths",
                        description("d".repeat(1001)),
                        "spec.description is 1001 characters long; IAM allows at most 1000"),
                // ---- tags ----
                row("no tags are valid", p -> SpecChecks.tags(null, p)),
                row("46 tags are valid (50 minus the 4 ownership tags)", tagCount(46)),
                row("47 tags are not", tagCount(47), "spec.tags has 47 tags; at most 46"),
                row(
                        "letters of any script, digits, spaces and _.:/=+-@ are valid in keys and"
                                + " values",
                        tags(new Tag("équipe Ω_1.a:b/c=d+e-f@g", "Zürich 42_.:/=+-@"))),
                row("a tag without a value is valid", tags(new Tag("flag", null))),
                row("an empty value is valid", tags(new Tag("flag", ""))),
                row(
                        "an empty key is not",
                        tags(new Tag("", "v")),
                        "spec.tags[0].key \"\" is not a valid tag key"),
                row("a missing key is not", tags(new Tag(null, "v")), "spec.tags[0].key \"null\""),
                row(
                        "a key of 129 characters is not",
                        tags(new Tag("k".repeat(129), "v")),
                        "spec.tags[0].key"),
                row(
                        "a key with # is not",
                        tags(new Tag("ok", "v"), new Tag("a#b", "v")),
                        "spec.tags[1].key \"a#b\" is not a valid tag key"),
                row(
                        "the aws: prefix is reserved by AWS",
                        tags(new Tag("aws:createdBy", "v")),
                        "spec.tags[0].key \"aws:createdBy\" uses a reserved prefix"),
                row(
                        "the aws: prefix is reserved in any case",
                        tags(new Tag("AWS:createdBy", "v")),
                        "spec.tags[0].key \"AWS:createdBy\" uses a reserved prefix"),
                row(
                        "the operator's prefix is reserved for ownership tags",
                        tags(new Tag("iam.operator.dev/uid", "v")),
                        "spec.tags[0].key \"iam.operator.dev/uid\" uses a reserved prefix"),
                row(
                        "the operator's prefix is reserved in any case: IAM compares tag keys"
                                + " ignoring case, so it would replace an ownership tag",
                        tags(new Tag("IAM.Operator.Dev/namespace", "other")),
                        "spec.tags[0].key \"IAM.Operator.Dev/namespace\" uses a reserved prefix"),
                row(
                        "a key given twice in different cases is given twice to IAM",
                        tags(new Tag("Team", "a"), new Tag("team", "c")),
                        "spec.tags[1].key \"team\" appears more than once"),
                row(
                        "a key given twice is not",
                        tags(new Tag("team", "a"), new Tag("env", "b"), new Tag("team", "c")),
                        "spec.tags[2].key \"team\" appears more than once"),
                row("a value of 256 characters is valid", tags(new Tag("k", "v".repeat(256)))),
                row(
                        "a value of 257 characters is not",
                        tags(new Tag("k", "v".repeat(257))),
                        "spec.tags[0].value is not a valid tag value"),
                row(
                        "a value with a quote is not",
                        tags(new Tag("k", "it's")),
                        "spec.tags[0].value"),
                row(
                        "every bad tag is reported, each naming its index",
                        tags(new Tag("", "v"), new Tag("ok", "v#"), new Tag("aws:x", "v")),
                        "spec.tags[0].key",
                        "spec.tags[1].value",
                        "spec.tags[2].key \"aws:x\""));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void reportsEachProblemNamingTheField(Consumer<List<String>> check, List<String> expected) {
        List<String> problems = new ArrayList<>();

        check.accept(problems);

        assertThat(problems).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(problems.get(i)).contains(expected.get(i));
        }
    }
}
