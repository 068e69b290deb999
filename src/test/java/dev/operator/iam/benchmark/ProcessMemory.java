package dev.operator.iam.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a running JVM, as the operating system and the JVM itself report it: resident set size
 * from {@code /proc/<pid>/status} (what a container's memory limit counts) and the heap in use
 * right after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}): the live
 * data.
 */
final class ProcessMemory {

    private static final Pattern VM_RSS =
            Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);

    /** A generation or heap line of GC.heap_info: "def new generation total 4928K, used 512K". */
    private static final Pattern HEAP_LINE =
            Pattern.compile("^ ?\\S.*?\\btotal (\\d+)K, used (\\d+)K", Pattern.MULTILINE);

    private ProcessMemory() {}

    /** Resident set size in KiB; empty if the process is gone or /proc is absent. */
    static OptionalLong rssKiB(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return rssKiB(Files.readString(status));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong rssKiB(String procStatus) {
        Matcher m = VM_RSS.matcher(procStatus);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Runs a full GC in the process, then reads the heap in use, in KiB. */
    static OptionalLong liveHeapKiB(long pid) {
        jcmd(pid, "GC.run");
        return heapUsedKiB(jcmd(pid, "GC.heap_info"));
    }

    /** The sum of "used" over the heap's top-level lines (generations, or G1's one heap line). */
    static OptionalLong heapUsedKiB(String heapInfo) {
        Matcher m = HEAP_LINE.matcher(heapInfo);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(2));
            found = true;
        }
        return found ? OptionalLong.of(used) : OptionalLong.empty();
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ProcessBuilder builder =
                new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                        .redirectErrorStream(true);
        try {
            Process p = builder.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** KiB as MiB, rounded. */
    static String mib(OptionalLong kib) {
        return kib.isPresent() ? Math.round(kib.getAsLong() / 1024.0) + " MiB" : "n/a";
    }
}
