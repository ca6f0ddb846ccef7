package io.readstates.harness.gc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of the JVM's own threads, read from {@code /proc/self/task/<tid>/schedstat} (first
 * field: nanoseconds on CPU) and grouped by thread name ({@code comm}, cut to 15 characters).
 *
 * <p>Why /proc: {@code ThreadMXBean} cannot see the GC's native threads, JFR's
 * {@code jdk.GCCPUTime} exists for G1 only, and the hsperf GC-CPU counters read zero under ZGC and
 * Shenandoah (see {@code docs/gc-figures.md}, which also lists the thread names per collector).
 * On a system without {@code /proc} the snapshot is empty and the figures are reported missing.
 */
public final class GcThreadCpu {
    private GcThreadCpu() {
    }

    /**
     * The group a JVM thread belongs to, or null for threads that are not the collector's (the load
     * driver's workers among them: their CPU is measured by the driver itself, as they end with the
     * window, before the last snapshot).
     */
    public static String groupOf(String comm) {
        if (comm.startsWith("GC Thread")) {
            return "gc-parallel-workers";
        }
        if (comm.startsWith("G1 Main Marker") || comm.startsWith("G1 Conc")) {
            return "g1-concurrent-mark";
        }
        if (comm.startsWith("G1 Refine")) {
            return "g1-refinement";
        }
        if (comm.startsWith("G1 Service")) {
            return "g1-service";
        }
        if (comm.startsWith("ZWorkerYoung")) {
            return "zgc-young-workers";
        }
        if (comm.startsWith("ZWorkerOld")) {
            return "zgc-old-workers";
        }
        if (comm.startsWith("ZWorker#")) {
            return "zgc-workers";
        }
        if (comm.startsWith("ZDriver") || comm.startsWith("ZDirector") || comm.startsWith("ZStat")
                || comm.startsWith("ZUncommitter") || comm.startsWith("ZUnmapper") || comm.startsWith("RuntimeWorker")) {
            return "zgc-control";
        }
        if (comm.startsWith("Shenandoah GC T")) {
            return "shenandoah-workers";
        }
        if (comm.startsWith("Shenandoah")) {
            return "shenandoah-control";
        }
        return null;
    }

    /** A point-in-time reading: CPU nanoseconds per thread group (GC groups plus "vm-thread"). */
    public record Snapshot(Map<String, Long> nanosByGroup) {
        public long gcNanos() {
            return nanosByGroup.entrySet().stream().filter(e -> !e.getKey().equals("vm-thread")).mapToLong(Map.Entry::getValue).sum();
        }

        /** Per-group difference {@code this - earlier}, in milliseconds. */
        public Map<String, Double> minusMillis(Snapshot earlier) {
            Map<String, Double> out = new LinkedHashMap<>();
            nanosByGroup.forEach((g, v) -> out.put(g, (v - earlier.nanosByGroup.getOrDefault(g, 0L)) / 1e6));
            return out;
        }
    }

    public static Snapshot snapshot() {
        return snapshot(Path.of("/proc/self/task"));
    }

    static Snapshot snapshot(Path tasks) {
        Map<String, Long> groups = new TreeMap<>();
        if (!Files.isDirectory(tasks)) {
            return new Snapshot(groups);
        }
        try (Stream<Path> ts = Files.list(tasks)) {
            ts.forEach(t -> {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    String group = comm.equals("VM Thread") ? "vm-thread" : groupOf(comm);
                    if (group != null) {
                        String sched = Files.readString(t.resolve("schedstat")).strip();
                        long nanos = Long.parseLong(sched.substring(0, sched.indexOf(' ')));
                        groups.merge(group, nanos, Long::sum);
                    }
                } catch (IOException | RuntimeException threadEnded) {
                    // The thread exited between listing and reading: it has no CPU left to count.
                }
            });
        } catch (IOException e) {
            return new Snapshot(groups);
        }
        return new Snapshot(groups);
    }
}
