package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.IntervalSource;
import io.readstates.results.TimeFormat;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The case study's question answered from one run: the Go service and the Rust rewrite measured
 * beside the JVM cells on the same operations, and each row set against them — its p99.9 as a
 * multiple of Rust's (is it as flat as the rewrite?) and Go's p99.9 as a multiple of it (by how much
 * does it beat the service Discord replaced?), each with a 95 % bootstrap interval over the cells'
 * one-second intervals ({@link Bootstrap#unpaired}). Rows pair only within one run on one host, at
 * one capacity and rate. Rust's row is {@code rust-btree} (the rewrite's layout), else {@code rust-hash};
 * Go's is the service under its collector.
 *
 * @param role          what the row stands for in the case study
 * @param goMarkCpuMsPerMb for Go rows: GC CPU per cycle per MB of live heap after marking — the case
 *                       study's "about 4 CPU-ms per MB" figure; NaN otherwise
 */
public record CaseStudy(String run, long capacity, double rate, String label, String role, double p99, double p999, double max, String sawtooth,
                        double gcCpuShare, double bytesPerState, Bootstrap.Estimate vsRust, Bootstrap.Estimate goVs, double goMarkCpuMsPerMb) {

    public static final List<String> HEADERS = List.of("row", "stands for", "states", "ops/s", "p99", "p99.9", "max", "sawtooth", "GC CPU share",
            "bytes/state", "p99.9 ÷ Rust [95 % CI]", "Go ÷ this p99.9 [95 % CI]", "Go mark CPU-ms per MB live");

    private static final List<String> RUST = List.of("rust-btree", "rust-hash");

    /** The rows of every run (and capacity and rate) that holds a service cell; nothing otherwise. */
    public static List<CaseStudy> compute(List<CellResult> results, IntervalSource intervals, Function<CellResult, Sawtooth> sawtooth) {
        Map<String, List<CellResult>> groups = new java.util.TreeMap<>();
        for (CellResult r : results) {
            if (r.measured()) {
                groups.computeIfAbsent(r.cell().runId() + "|" + r.host() + "|" + r.cell().capacity() + "|" + r.cell().requestedRate(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        List<CaseStudy> out = new ArrayList<>();
        for (List<CellResult> group : groups.values()) {
            Optional<CellResult> rust = RUST.stream().flatMap(name -> group.stream().filter(r -> r.cell().store().equals(name))).findFirst();
            Optional<CellResult> go = group.stream().filter(r -> r.cell().store().equals("go-lru") && r.cell().collector().equals("go-gc")).findFirst();
            if (rust.isEmpty() && go.isEmpty()) {
                continue;
            }
            List<CellResult> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.comparingDouble(r -> r.responseTime().get("all").p999()));
            for (CellResult r : sorted) {
                out.add(row(r, rust.orElse(null), go.orElse(null), intervals, sawtooth.apply(r)));
            }
        }
        return out;
    }

    private static CaseStudy row(CellResult r, CellResult rust, CellResult go, IntervalSource intervals, Sawtooth saw) {
        var all = r.responseTime().get("all");
        Bootstrap.Estimate vsRust = rust == null || rust == r ? null : ratio(r, rust, intervals);
        Bootstrap.Estimate goVs = go == null || go == r ? null : ratio(go, r, intervals);
        double mark = Double.NaN;
        if (r.cell().store().equals("go-lru") && r.gc().cycles() > 0 && r.gc().heapUsedAfterGcMaxBytes() > 0) {
            mark = r.gc().gcCpuMs() / r.gc().cycles() / (r.gc().heapUsedAfterGcMaxBytes() / (double) (1L << 20));
        }
        double bytes = r.footprint() == null ? Double.NaN : (r.footprint().heapBytesPerState() == null ? 0 : r.footprint().heapBytesPerState())
                + r.footprint().offHeapBytesPerState();
        return new CaseStudy(r.cell().runId() + " @ " + r.host(), r.cell().capacity(), r.cell().requestedRate(),
                r.cell().store() + " under " + r.cell().collector(), role(r), all.p99(), all.p999(), all.max(), saw == null ? "—" : saw.verdict(),
                r.gc().gcCpuShare(), bytes, vsRust, goVs, mark);
    }

    /** p99.9 of {@code a} ÷ p99.9 of {@code b}, with its interval when both cells' interval logs are at hand. */
    private static Bootstrap.Estimate ratio(CellResult a, CellResult b, IntervalSource intervals) {
        List<Histogram> ia = intervals.intervals(a);
        List<Histogram> ib = intervals.intervals(b);
        if (ia == null || ib == null) {
            return null;
        }
        return Bootstrap.unpaired(List.of(ia), List.of(ib), 99.9).ratio();
    }

    private static String role(CellResult r) {
        String store = r.cell().store();
        String collector = r.cell().collector();
        return switch (store) {
            case "go-lru" -> collector.equals("go-gc") ? "the Go service Discord ran (map + list LRU, Go's collector, its 2-minute forced cycle)"
                    : "the Go service with GOGC=off: its latency without any collection";
            case "rust-btree" -> "the Rust rewrite (BTreeMap, no collector)";
            case "rust-hash" -> "the Rust rewrite over a HashMap (no collector)";
            default -> (collector.equals("epsilon") ? "the JVM with no collection: " : "a JVM answer: ") + store + " under " + collector;
        };
    }

    public List<String> row() {
        return List.of(label, role, Long.toString(capacity), String.format(Locale.ROOT, "%.0f", rate), TimeFormat.ofMillis(p99), TimeFormat.ofMillis(p999),
                TimeFormat.ofMillis(max), sawtooth, String.format(Locale.ROOT, "%.1f %%", gcCpuShare * 100),
                Double.isNaN(bytesPerState) ? "—" : String.format(Locale.ROOT, "%.1f", bytesPerState), ci(vsRust), ci(goVs),
                Double.isNaN(goMarkCpuMsPerMb) ? "—" : String.format(Locale.ROOT, "%.2f", goMarkCpuMsPerMb));
    }

    private static String ci(Bootstrap.Estimate e) {
        return e == null ? "—" : String.format(Locale.ROOT, "×%.2f [%.2f–%.2f]", e.value(), e.low(), e.high());
    }
}
