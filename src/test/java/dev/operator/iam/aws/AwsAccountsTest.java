package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the account observations remember of an object is dropped when the object is gone. */
class AwsAccountsTest {

    private static final String OBJECT = "Policy team-a/reader";

    private final WriteLog writes = new WriteLog();
    private final AccountSnapshots snapshots =
            new AccountSnapshots(
                    null,
                    null,
                    null,
                    writes,
                    null,
                    Duration.ofSeconds(30),
                    Duration.ofHours(4),
                    Clock.systemUTC(),
                    () -> 0.5);
    private final AwsAccounts accounts = new AwsAccounts(null, null, snapshots, writes);
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void tearDown() {
        MDC.remove(AwsCalls.MDC_RESOURCE);
    }

    @Test
    void aDeletedObjectsWriteAndUnscannedReadsAreForgotten() {
        MDC.put(AwsCalls.MDC_RESOURCE, OBJECT);
        writes.wrote(OBJECT);
        writes.wrote("Policy team-a/other");
        snapshots.complementRead("ANPA1", "tags");
        assertThat(complement()).isEqualTo("tags");
        assertThat(reads).hasValue(0);

        accounts.forget(OBJECT);

        assertThat(writes.lastWrite(OBJECT)).isEmpty();
        assertThat(writes.lastWrite("Policy team-a/other")).isPresent();
        assertThat(complement()).as("read again: nothing remembered").isEqualTo("read");
        assertThat(reads).hasValue(1);
    }

    private String complement() {
        return snapshots.complement(
                "ANPA1",
                String.class,
                () -> {
                    reads.incrementAndGet();
                    return "read";
                },
                inSync -> null);
    }
}
