package io.readstates.harness.service;

import io.readstates.results.GcFigures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's collector telemetry as the Go runtime itself prints it with {@code GODEBUG=gctrace=1}, one
 * line per cycle, parsed into the same {@link GcFigures} a JVM cell gets from JFR. The line's
 * fields (documented in the Go runtime's package doc, "gctrace"):
 * <pre>gc 8 @4.213s 0%: 0.25+9.9+0.085 ms clock, 0.50+2.8/5.4/0.84+0.17 ms cpu, 24->25->14 MB, 28 MB goal, … 2 P (forced)</pre>
 * cycle number; start in seconds since the program started; the three wall-clock phases — stop-the-world
 * sweep termination, concurrent mark and scan, stop-the-world mark termination; the CPU of sweep
 * termination, of mark assists / background marking / idle marking, and of mark termination; the
 * heap at the start, at the end and live (marked) in MB of 2^20 bytes; "(forced)" only when
 * {@code runtime.GC()} started it ({@code work.userForced}, set for {@code gcTriggerCycle} alone).
 * Each cycle therefore has two pauses, and every Go cycle marks the whole heap (Go's collector is
 * not generational).
 *
 * <p>Implementation note: the line does not say which cycles the two-minute period started — the
 * case study's sawtooth. The runtime's sysmon starts one ({@code gcTriggerTime}) when more than
 * {@code forcegcperiod} (2 minutes) has passed since the last cycle's mark termination
 * ({@code memstats.last_gc_nanotime}), and sysmon checks at least every 10 ms; a heap-goal cycle
 * resets that clock. So a cycle not marked "(forced)" that starts 120 s after the previous
 * cycle's end, give or take {@value #PERIOD_SLACK_SECONDS} s later, is the period's; the rest were
 * triggered by the heap goal. (Go 1.19, runtime/mgc.go: {@code gcTrigger.test}, and
 * runtime/proc.go: {@code sysmon}.)
 */
public final class GoGcTrace {
    private static final Pattern LINE = Pattern.compile(
            "^gc (\\d+) @([0-9.]+)s \\d+%: ([0-9.]+)\\+([0-9.]+)\\+([0-9.]+) ms clock, ([0-9.]+)\\+([0-9.]+)/([0-9.]+)/([0-9.]+)\\+([0-9.]+) ms cpu, "
                    + "(\\d+)->(\\d+)->(\\d+) MB.*?( \\(forced\\))?$");
    /** The runtime's {@code forcegcperiod}. */
    static final double FORCE_PERIOD_SECONDS = 120;
    /** How late after the period a cycle may start and still be the period's: sysmon's longest sleep (10 ms) and gctrace's rounding, generously. */
    static final double PERIOD_SLACK_SECONDS = 1;

    /** What started a cycle. */
    public enum Trigger {
        /** {@code runtime.GC()}: the service forces one after the fill and after the warm-up. */
        RUNTIME_GC("runtime.GC() (the service's own, outside the window)"),
        /** The runtime's two-minute {@code forcegcperiod}: the case study's sawtooth. */
        TWO_MINUTE_PERIOD("the 2-minute forced period (forcegcperiod)"),
        /** The heap reached the trigger set from {@code GOGC}. */
        HEAP_GOAL("heap goal (GOGC)");

        private final String cause;

        Trigger(String cause) {
            this.cause = cause;
        }

        /** The words a report's "cycles by cause" uses for it. */
        public String cause() {
            return cause;
        }
    }

    /**
     * One cycle.
     *
     * @param startSeconds seconds since the program started
     * @param sweepTerminationMs the first pause
     * @param markMs       concurrent mark and scan, wall clock
     * @param markTerminationMs the second pause
     * @param cpuMs        all five CPU figures summed
     * @param liveBytes    heap marked live
     * @param trigger      what started it
     */
    public record Cycle(int number, double startSeconds, double sweepTerminationMs, double markMs, double markTerminationMs, double cpuMs,
                        long liveBytes, Trigger trigger) {

        /** Seconds since the program started at which mark termination ended. */
        double endSeconds() {
            return startSeconds + (sweepTerminationMs + markMs + markTerminationMs) / 1000;
        }
    }

    private GoGcTrace() {
    }

    /** The cycles among {@code lines}; other lines (the service's own errors) are skipped. */
    public static List<Cycle> parse(List<String> lines) {
        List<Cycle> out = new ArrayList<>();
        Cycle previous = null;
        for (String line : lines) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            double cpu = 0;
            for (int g = 6; g <= 10; g++) {
                cpu += Double.parseDouble(m.group(g));
            }
            double start = Double.parseDouble(m.group(2));
            Trigger trigger = m.group(14) != null ? Trigger.RUNTIME_GC
                    : previous != null && onThePeriod(start - previous.endSeconds()) ? Trigger.TWO_MINUTE_PERIOD : Trigger.HEAP_GOAL;
            previous = new Cycle(Integer.parseInt(m.group(1)), start, Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5)), cpu, Long.parseLong(m.group(13)) << 20, trigger);
            out.add(previous);
        }
        return out;
    }

    private static boolean onThePeriod(double secondsSincePreviousEnd) {
        return secondsSincePreviousEnd >= FORCE_PERIOD_SECONDS && secondsSincePreviousEnd <= FORCE_PERIOD_SECONDS + PERIOD_SLACK_SECONDS;
    }

    /**
     * The figures of the cycles that started inside the window.
     *
     * @param processStartEpochMs when the service's process started (gctrace's clock zero)
     * @param processCpuMs        the service's CPU time during the window
     */
    public static GcFigures figures(List<Cycle> cycles, long processStartEpochMs, long windowStartEpochMs, long windowEndEpochMs,
                                    double processCpuMs, int cores) {
        List<GcFigures.GcEvent> pauses = new ArrayList<>();
        List<GcFigures.GcEvent> marks = new ArrayList<>();
        double gcCpu = 0;
        double markTotal = 0;
        long live = 0;
        Map<String, Long> byCause = new LinkedHashMap<>();
        long n = 0;
        for (Cycle c : cycles) {
            double start = processStartEpochMs + c.startSeconds() * 1000 - windowStartEpochMs;
            if (start < 0 || start > windowEndEpochMs - windowStartEpochMs) {
                continue;
            }
            n++;
            byCause.merge(c.trigger().cause(), 1L, Long::sum);
            pauses.add(new GcFigures.GcEvent(start, c.sweepTerminationMs(), "sweep termination"));
            marks.add(new GcFigures.GcEvent(start + c.sweepTerminationMs(), c.markMs(), "concurrent mark and scan"));
            pauses.add(new GcFigures.GcEvent(start + c.sweepTerminationMs() + c.markMs(), c.markTerminationMs(), "mark termination"));
            gcCpu += c.cpuMs();
            markTotal += c.markMs();
            live = Math.max(live, c.liveBytes());
        }
        List<Double> sorted = pauses.stream().map(GcFigures.GcEvent::durationMs).sorted(Comparator.naturalOrder()).toList();
        double total = sorted.stream().mapToDouble(Double::doubleValue).sum();
        double windowMs = Math.max(1, windowEndEpochMs - windowStartEpochMs);
        return new GcFigures("Go GC", pauses.size(), total, sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), percentile(sorted, 0.5),
                percentile(sorted, 0.99), n, n == 0 ? Map.of() : Map.of("Go GC", n), byCause, markTotal,
                markTotal == 0 ? Map.of() : Map.of("concurrent mark and scan", markTotal), live, gcCpu, processCpuMs,
                processCpuMs > 0 ? gcCpu / processCpuMs : 0, Map.of(), pauses, marks, 0, 0, 0, gcCpu / windowMs, gcCpu / (cores * windowMs), 0, cores,
                null, n);
    }

    /** The figures of a service without a collector (Rust): nothing collected, nothing paused. */
    public static GcFigures none(double processCpuMs, int cores) {
        return new GcFigures("none", 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), 0, Map.of(), 0, 0, processCpuMs, 0, Map.of(), List.of(), List.of(), 0, 0, 0,
                0, 0, 0, cores, null, 0L);
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
