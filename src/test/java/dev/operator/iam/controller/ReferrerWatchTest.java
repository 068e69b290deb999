package dev.operator.iam.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.iam.api.Conditions;
import dev.operator.iam.api.Reason;
import dev.operator.iam.role.Role;
import dev.operator.iam.role.RoleStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which changes of a referrer (a Role naming a Policy) wake its targets: those after which its
 * attachments in AWS may differ, and no others (a status write of the same generation, such as a
 * resync, costs the targets nothing).
 */
class ReferrerWatchTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("became Ready after creating", role(null, 1L), role(true, 1L), true),
                Arguments.of(
                        "applied a new spec, Ready before and after",
                        role(true, 1L),
                        role(true, 2L),
                        true),
                Arguments.of("stopped being Ready", role(true, 1L), role(false, 1L), true),
                Arguments.of("is being deleted", role(true, 1L), deleting(role(true, 1L)), true),
                Arguments.of(
                        "resynced: same generation, still Ready",
                        role(true, 2L),
                        role(true, 2L),
                        false),
                Arguments.of(
                        "spec edited, not applied yet",
                        role(true, 1L),
                        edited(role(true, 1L)),
                        false));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("changes")
    void wakesTheTargetsOnlyWhenTheReferrerMayHaveChangedItsAttachments(
            String change, Role before, Role now, boolean wakes) {
        assertThat(ReferrerWatch.applied(now, before)).isEqualTo(wakes);
    }

    private static Role role(Boolean ready, Long observedGeneration) {
        Role r = new Role();
        r.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace("team-a").build());
        if (ready != null) {
            RoleStatus s = new RoleStatus();
            Conditions.set(
                    s,
                    Conditions.READY,
                    ready,
                    ready ? Reason.UpToDate : Reason.AwsError,
                    "m",
                    observedGeneration,
                    NOW);
            s.setObservedGeneration(observedGeneration);
            r.setStatus(s);
        }
        return r;
    }

    private static Role edited(Role r) {
        r.getMetadata().setGeneration(2L);
        return r;
    }

    private static Role deleting(Role r) {
        r.getMetadata().setDeletionTimestamp(NOW.toString());
        return r;
    }
}
