package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the scan leaves out, presumed for an object recorded in sync instead of read after a
 * restart: when it is presumed, when its real read falls due, and that a presumed value is never
 * used outside {@link Presumptions#presuming}.
 */
class AccountSnapshotsPresumptionTest {

    private static final Duration RESYNC = Duration.ofSeconds(30);
    private static final Duration UNSCANNED = Duration.ofHours(4);
    private static final Map<String, String> WANTED = Map.of("team", "a");
    private static final Map<String, String> IN_IAM = Map.of("team", "b");

    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private double random = 0.5;
    private final AtomicInteger reads = new AtomicInteger();
    private AccountSnapshots snapshots;

    @BeforeEach
    void setUp() {
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now;
                    }
                };
        snapshots =
                new AccountSnapshots(
                        null, null, null, null, null, RESYNC, UNSCANNED, clock, () -> random);
        MDC.put(AwsCalls.MDC_RESOURCE, "Policy team-a/reader");
    }

    @AfterEach
    void tearDown() {
        MDC.remove(AwsCalls.MDC_RESOURCE);
    }

    @Test
    void inSyncAndNeverReadInThisProcessIsPresumedAndReadForRealWhenDue() {
        Presumptions.Outcome<Map<String, String>> first = presuming("ANPA1");
        assertThat(first.value()).isEqualTo(WANTED);
        assertThat(first.presumed()).isTrue();
        assertThat(reads).hasValue(0);

        // random 0.5: due halfway between two resyncs and the interval.
        Duration due =
                RESYNC.multipliedBy(2).plus(UNSCANNED.minus(RESYNC.multipliedBy(2)).dividedBy(2));
        now = now.plus(due).minusSeconds(1);
        Presumptions.Outcome<Map<String, String>> before = presuming("ANPA1");
        assertThat(before.value()).isEqualTo(WANTED);
        assertThat(before.presumed())
                .as("still presumed: the engine checks before writing")
                .isTrue();
        assertThat(reads).hasValue(0);

        now = now.plusSeconds(1);
        Presumptions.Outcome<Map<String, String>> real = presuming("ANPA1");
        assertThat(real.value()).isEqualTo(IN_IAM);
        assertThat(real.presumed()).isFalse();
        assertThat(reads).hasValue(1);
    }

    @Test
    void theRealReadFallsBetweenTwoResyncsAndTheInterval() {
        random = 0.0;
        presuming("ANPA1");
        now = now.plus(RESYNC.multipliedBy(2)).minusMillis(1);
        assertThat(presuming("ANPA1").presumed()).isTrue();
        now = now.plusMillis(1);
        assertThat(presuming("ANPA1").presumed()).isFalse();

        snapshots.forgetUnscannedReads();
        random = 0.999_999;
        Instant restarted = now;
        presuming("ANPA1");
        now = restarted.plus(UNSCANNED).minusSeconds(1);
        assertThat(presuming("ANPA1").presumed()).isTrue();
        now = restarted.plus(UNSCANNED);
        assertThat(presuming("ANPA1").presumed()).isFalse();
    }

    @Test
    void aPresumedValueIsReadForRealOutsideAPresumptionAndWhenVerifying() {
        presuming("ANPA1");

        assertThat(complement("ANPA1")).isEqualTo(IN_IAM);
        assertThat(reads).hasValue(1);

        snapshots.forgetUnscannedReads();
        presuming("ANPA1");
        Presumptions.Outcome<Map<String, String>> verified =
                Presumptions.presuming(
                        inSync("ANPA1"), () -> Presumptions.verifying(() -> complement("ANPA1")));
        assertThat(verified.value()).isEqualTo(IN_IAM);
        assertThat(verified.presumed()).isFalse();
        assertThat(reads).hasValue(2);
    }

    @Test
    void nothingIsPresumedOfAnObjectThatReadInThisProcess() {
        assertThat(complement("ANPA1")).isEqualTo(IN_IAM);
        Presumptions.Outcome<Map<String, String>> afterRead = presuming("ANPA1");
        assertThat(afterRead.presumed()).as("read in this process: the read is used").isFalse();
        assertThat(afterRead.value()).isEqualTo(IN_IAM);
        assertThat(reads).hasValue(1);

        now = now.plus(UNSCANNED);
        Presumptions.Outcome<Map<String, String>> due = presuming("ANPA1");
        assertThat(due.presumed()).as("due: read, never presumed again").isFalse();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aStatusThatNamesAnotherResourceIsNotPresumedFrom() {
        Presumptions.Outcome<Map<String, String>> outcome =
                Presumptions.presuming(inSync("ANPA-OLD"), () -> complement("ANPA-NEW"));
        assertThat(outcome.presumed()).isFalse();
        assertThat(outcome.value()).isEqualTo(IN_IAM);
        assertThat(reads).hasValue(1);
    }

    private Presumptions.Outcome<Map<String, String>> presuming(String statusId) {
        return Presumptions.presuming(inSync(statusId), () -> complement("ANPA1"));
    }

    private static Presumptions.InSync inSync(String statusId) {
        return new Presumptions.InSync(statusId, WANTED, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> complement(String awsId) {
        return snapshots.complement(awsId, Map.class, this::tags, Presumptions.InSync::tags);
    }

    private Map<String, String> tags() {
        reads.incrementAndGet();
        return IN_IAM;
    }
}
