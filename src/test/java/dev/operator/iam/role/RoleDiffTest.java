package dev.operator.iam.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Tag;
import dev.operator.iam.engine.Drift;
import dev.operator.iam.engine.TagSets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure comparison of a Role spec with the role IAM holds, as a table of cases. */
class RoleDiffTest {

    static final String TRUST =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** The same trust policy: keys reordered, one-element lists, whitespace. */
    static final String TRUST_REORDERED =
            "{ \"Statement\": [ { \"Action\": [\"sts:AssumeRole\"], \"Principal\": {\"Service\":"
                    + " [\"ec2.amazonaws.com\"]}, \"Effect\": \"Allow\" } ], \"Version\":"
                    + " \"2012-10-17\" }";

    static final String LAMBDA_TRUST = TRUST.replace("ec2", "lambda");
    static final String DOC =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    + "\"s3:GetObject\",\"Resource\":\"*\"}]}";
    static final String DOC_REORDERED =
            "{\"Statement\":{\"Resource\":[\"*\"],\"Action\":[\"s3:GetObject\"],\"Effect\":"
                    + "\"Allow\"},\"Version\":\"2012-10-17\"}";
    static final String A = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String B = "arn:aws:iam::123456789012:policy/app";
    static final String BOUNDARY = "arn:aws:iam::123456789012:policy/boundary";
    static final Map<String, String> OWNERSHIP =
            Map.of("iam.operator.dev/cluster", "default", "iam.operator.dev/name", "app");

    /** A role that matches {@link #spec()} exactly. */
    static ObservedRole observed() {
        Map<String, String> tags = new HashMap<>(OWNERSHIP);
        tags.put("team", "a");
        return new ObservedRole(
                "arn:aws:iam::123456789012:role/app",
                "AROAEXAMPLE",
                "app",
                "/",
                "the app",
                TRUST,
                3600,
                null,
                List.of(A),
                Map.of("read", DOC),
                tags,
                Instant.EPOCH);
    }

    static RoleSpec spec() {
        RoleSpec s = new RoleSpec();
        s.setAssumeRolePolicyDocument(TRUST);
        s.setDescription("the app");
        s.setPolicies(new ArrayList<>(List.of(A)));
        s.setInlinePolicies(new HashMap<>(Map.of("read", DOC)));
        s.setTags(new ArrayList<>(List.of(new Tag("team", "a"))));
        return s;
    }

    record Case(
            String why,
            Consumer<RoleSpec> changeSpec,
            java.util.function.UnaryOperator<ObservedRole> changeAws,
            List<String> drift) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Case when(
            String why,
            Consumer<RoleSpec> spec,
            java.util.function.UnaryOperator<ObservedRole> aws,
            String... drift) {
        return new Case(why, spec, aws, List.of(drift));
    }

    static ObservedRole with(
            ObservedRole r,
            String description,
            String trust,
            int duration,
            String boundary,
            List<String> attached,
            Map<String, String> inline,
            Map<String, String> tags) {
        return new ObservedRole(
                r.arn(),
                r.id(),
                r.name(),
                r.path(),
                description,
                trust,
                duration,
                boundary,
                attached,
                inline,
                tags,
                r.createDate());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        when("nothing differs", s -> {}, r -> r),
                        when(
                                "a trust policy written differently means the same",
                                s -> s.setAssumeRolePolicyDocument(TRUST_REORDERED),
                                r -> r),
                        when(
                                "another principal in the trust policy",
                                s -> s.setAssumeRolePolicyDocument(LAMBDA_TRUST),
                                r -> r,
                                RoleDiff.ASSUME_ROLE_POLICY_DOCUMENT),
                        when(
                                "an unreadable trust policy in AWS is replaced",
                                s -> {},
                                r ->
                                        with(
                                                r,
                                                r.description(),
                                                "%%not-json",
                                                3600,
                                                null,
                                                r.attachedPolicies(),
                                                r.inlinePolicies(),
                                                r.tags()),
                                RoleDiff.ASSUME_ROLE_POLICY_DOCUMENT),
                        when(
                                "description changed",
                                s -> s.setDescription("new words"),
                                r -> r,
                                RoleDiff.DESCRIPTION),
                        when(
                                "no description in the spec clears AWS's",
                                s -> s.setDescription(null),
                                r -> r,
                                RoleDiff.DESCRIPTION),
                        when(
                                "no description on either side",
                                s -> s.setDescription(null),
                                r ->
                                        with(
                                                r,
                                                null,
                                                r.trustPolicy(),
                                                3600,
                                                null,
                                                r.attachedPolicies(),
                                                r.inlinePolicies(),
                                                r.tags())),
                        when(
                                "omitted maxSessionDuration means IAM's default 3600",
                                s -> s.setMaxSessionDuration(null),
                                r -> r),
                        when(
                                "maxSessionDuration changed",
                                s -> s.setMaxSessionDuration(7200),
                                r -> r,
                                RoleDiff.MAX_SESSION_DURATION),
                        when(
                                "maxSessionDuration changed in AWS",
                                s -> {},
                                r ->
                                        with(
                                                r,
                                                r.description(),
                                                r.trustPolicy(),
                                                43200,
                                                null,
                                                r.attachedPolicies(),
                                                r.inlinePolicies(),
                                                r.tags()),
                                RoleDiff.MAX_SESSION_DURATION),
                        when(
                                "boundary to set",
                                s -> s.setPermissionsBoundary(BOUNDARY),
                                r -> r,
                                RoleDiff.PERMISSIONS_BOUNDARY),
                        when(
                                "boundary to remove",
                                s -> {},
                                r ->
                                        with(
                                                r,
                                                r.description(),
                                                r.trustPolicy(),
                                                3600,
                                                BOUNDARY,
                                                r.attachedPolicies(),
                                                r.inlinePolicies(),
                                                r.tags()),
                                RoleDiff.PERMISSIONS_BOUNDARY),
                        when(
                                "an empty boundary means none",
                                s -> s.setPermissionsBoundary(""),
                                r -> r),
                        when(
                                "a managed policy to attach",
                                s -> s.setPolicies(List.of(A, B)),
                                r -> r,
                                RoleDiff.POLICIES),
                        when(
                                "a foreign managed policy attached out of band",
                                s -> {},
                                r ->
                                        with(
                                                r,
                                                r.description(),
                                                r.trustPolicy(),
                                                3600,
                                                null,
                                                List.of(A, B),
                                                r.inlinePolicies(),
                                                r.tags()),
                                RoleDiff.POLICIES),
                        when(
                                "inline policy written differently means the same",
                                s -> s.setInlinePolicies(Map.of("read", DOC_REORDERED)),
                                r -> r),
                        when(
                                "an inline policy added out of band",
                                s -> {},
                                r ->
                                        with(
                                                r,
                                                r.description(),
                                                r.trustPolicy(),
                                                3600,
                                                null,
                                                r.attachedPolicies(),
                                                Map.of("read", DOC, "extra", DOC),
                                                r.tags()),
                                RoleDiff.INLINE_POLICIES),
                        when(
                                "an inline policy to put",
                                s -> s.setInlinePolicies(Map.of("read", DOC, "more", DOC)),
                                r -> r,
                                RoleDiff.INLINE_POLICIES),
                        when(
                                "a tag value changed out of band",
                                s -> {},
                                r -> {
                                    Map<String, String> t = new HashMap<>(r.tags());
                                    t.put("team", "b");
                                    return with(
                                            r,
                                            r.description(),
                                            r.trustPolicy(),
                                            3600,
                                            null,
                                            r.attachedPolicies(),
                                            r.inlinePolicies(),
                                            t);
                                },
                                RoleDiff.TAGS),
                        when(
                                "several fields at once, in a stable order",
                                s -> {
                                    s.setAssumeRolePolicyDocument(LAMBDA_TRUST);
                                    s.setMaxSessionDuration(7200);
                                    s.setTags(List.of());
                                },
                                r -> r,
                                RoleDiff.ASSUME_ROLE_POLICY_DOCUMENT,
                                RoleDiff.MAX_SESSION_DURATION,
                                RoleDiff.TAGS))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsExactlyTheFieldsThatDiffer(Case c) {
        RoleSpec spec = spec();
        c.changeSpec().accept(spec);
        Map<String, String> desiredTags = new HashMap<>(TagSets.toMap(spec.getTags()));
        desiredTags.putAll(OWNERSHIP);

        Drift drift =
                RoleDiff.diff(
                        spec, spec.getPolicies(), desiredTags, c.changeAws().apply(observed()));

        assertThat(drift.fields()).as(c.why()).containsExactlyElementsOf(c.drift());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRoleUpdatedToTheSpecHasNoDrift(Case c) {
        RoleSpec spec = spec();
        c.changeSpec().accept(spec);
        Map<String, String> desiredTags = new HashMap<>(TagSets.toMap(spec.getTags()));
        desiredTags.putAll(OWNERSHIP);
        ObservedRole aws = c.changeAws().apply(observed());
        // What RoleAdapter.update leaves behind: AWS carrying the spec's values.
        ObservedRole updated =
                aws.with(
                        spec.effectiveDescription(),
                        spec.getAssumeRolePolicyDocument(),
                        spec.effectiveMaxSessionDuration(),
                        spec.effectivePermissionsBoundary(),
                        spec.getPolicies(),
                        spec.getInlinePolicies(),
                        desiredTags);

        assertThat(RoleDiff.diff(spec, spec.getPolicies(), desiredTags, updated).isEmpty())
                .as(c.why())
                .isTrue();
    }
}
