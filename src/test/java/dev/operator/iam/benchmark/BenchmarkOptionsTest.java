package dev.operator.iam.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The benchmark command's parameters and the memory figures it parses. */
class BenchmarkOptionsTest {

    @Test
    void defaultsAreThoseOfIssue13() {
        BenchmarkOptions options = BenchmarkOptions.from(new Properties());

        assertThat(options.policies()).isEqualTo(1000);
        assertThat(options.roles()).isEqualTo(1000);
        assertThat(options.rate()).isEqualTo(10);
        assertThat(options.bucketRate()).isEqualTo(20);
        assertThat(options.bucketBurst()).isEqualTo(20);
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(30));
        assertThat(options.resync()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.jvmOptions()).containsExactly("-XX:+UseSerialGC");
        assertThat(options.restart()).isTrue();
    }

    @Test
    void theMemoryPresetCreatesFiveThousandObjectsOnAHigherBudgetAndFlagsStillWin() {
        BenchmarkOptions options =
                BenchmarkOptions.from(properties("bench.preset", "memory", "bench.roles", "100"));

        assertThat(options.policies()).isEqualTo(2500);
        assertThat(options.roles()).isEqualTo(100);
        assertThat(options.rate()).isLessThan(options.bucketRate());
        assertThat(options.bucketBurst()).isEqualTo((int) options.bucketRate());
    }

    @Test
    void everyParameterIsAFlag() {
        BenchmarkOptions options =
                BenchmarkOptions.from(
                        properties(
                                "bench.policies", "5",
                                "bench.roles", "0",
                                "bench.rate", "2.5",
                                "bench.burst", "3",
                                "bench.bucket-rate", "4",
                                "bench.bucket-burst", "8",
                                "bench.latency", "0ms",
                                "bench.resync", "2m",
                                "bench.jvm-options", " -Xmx64m  -XX:+UseSerialGC ",
                                "bench.restart", "false",
                                "bench.timeout", "PT5M",
                                "bench.user-timeout", "90s"));

        assertThat(options)
                .isEqualTo(
                        new BenchmarkOptions(
                                5,
                                0,
                                2.5,
                                3,
                                4,
                                8,
                                Duration.ZERO,
                                Duration.ofMinutes(2),
                                List.of("-Xmx64m", "-XX:+UseSerialGC"),
                                false,
                                Duration.ofMinutes(5),
                                Duration.ofSeconds(90)));
        assertThat(options.describe()).contains("budget 2.50 calls/s", "latency 0 ms", "-Xmx64m");
    }

    @Test
    void refusesParametersThatCannotRunWithAMessageNamingTheFlag() {
        assertThatThrownBy(() -> BenchmarkOptions.from(properties("bench.rate", "0")))
                .hasMessageContaining("-Dbench.rate");
        assertThatThrownBy(() -> BenchmarkOptions.from(properties("bench.bucket-burst", "0")))
                .hasMessageContaining("-Dbench.bucket-burst");
        assertThatThrownBy(
                        () ->
                                BenchmarkOptions.from(
                                        properties("bench.policies", "0", "bench.roles", "0")))
                .hasMessageContaining("nor both 0");
        assertThatThrownBy(() -> BenchmarkOptions.from(properties("bench.resync", "soon")))
                .hasMessageContaining("-Dbench.resync must be a duration");
        assertThatThrownBy(() -> BenchmarkOptions.from(properties("bench.preset", "huge")))
                .hasMessageContaining("default or memory");
    }

    @Test
    void readsResidentMemoryFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t  302592 kB\nThreads:\t40\n";

        assertThat(ProcessMemory.rssKiB(status)).hasValue(302592);
        assertThat(ProcessMemory.mib(ProcessMemory.rssKiB(status))).isEqualTo("296 MiB");
        assertThat(ProcessMemory.rssKiB("Name:\tjava\n")).isEmpty();
    }

    @Test
    void sumsTheHeapInUseOverGenerationsButNotTheirSpaces() {
        String serial =
                """
                 def new generation   total 9792K, used 1024K [0x00000000e0000000, 0x0)
                  eden space 8704K,  11% used [0x00000000e0000000, 0x0)
                  from space 1088K,   0% used [0x00000000e0880000, 0x0)
                 tenured generation   total 21888K, used 20000K [0x00000000e0a80000, 0x0)
                   the space 21888K,  91% used [0x00000000e0a80000, 0x0)
                 Metaspace       used 61000K, committed 61500K, reserved 1114112K
                """;
        String g1 =
                """
                 garbage-first heap   total 262144K, used 31744K [0x0000000700000000, 0x0)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 61000K, committed 61500K, reserved 1114112K
                """;

        assertThat(ProcessMemory.heapUsedKiB(serial)).isEqualTo(OptionalLong.of(21024));
        assertThat(ProcessMemory.heapUsedKiB(g1)).isEqualTo(OptionalLong.of(31744));
        assertThat(ProcessMemory.heapUsedKiB("1234: no such process")).isEmpty();
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
