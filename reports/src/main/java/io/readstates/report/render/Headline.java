package io.readstates.report.render;

import io.readstates.report.analysis.Bootstrap;
import io.readstates.report.analysis.CellKey;
import io.readstates.report.analysis.Figures;
import io.readstates.report.analysis.TailTax;
import io.readstates.results.CellResult;
import io.readstates.results.IntervalSource;
import io.readstates.results.RunData;
import io.readstates.results.TimeFormat;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one paragraph at the top of a report: what won, by how much, and with what confidence — in
 * words a reader can repeat, each claim backed by an interval from the tables below. Nothing is
 * claimed that an interval does not support: a tail tax whose interval contains 1 is reported as
 * "not distinguishable from no GC", and a winner is named as such only when the interval of its
 * ratio to the runner-up lies below 1.
 */
final class Headline {
    private Headline() {
    }

    static List<String> sentences(List<RunData.Cell> cells, List<TailTax> taxes, IntervalSource intervals) {
        List<String> out = new ArrayList<>();
        long unclean = cells.stream().filter(c -> c.result().spoilsRun()).count();
        Map<String, List<CellResult>> byConditions = new TreeMap<>();
        for (RunData.Cell c : cells) {
            CellResult r = c.result();
            if (r.ok() && !TailTax.NO_COLLECTION.contains(r.cell().collector())) {
                byConditions.computeIfAbsent(r.cell().runId() + " | " + CellKey.conditions(r), k -> new ArrayList<>()).add(r);
            }
        }
        byConditions.forEach((conditions, rs) -> winner(rs, intervals).ifPresent(out::add));
        for (TailTax t : taxes) {
            if (t.p999Ci() != null) {
                Bootstrap.Estimate e = t.p999Ci().ratio();
                out.add(String.format(Locale.ROOT, "%s under %s (%d states): p99.9 tail tax ×%.2f [95%% CI %.2f–%.2f] — %s.",
                        t.storeLabel(), t.collector(), t.capacity(), e.value(), e.low(), e.high(), t.verdict()));
            }
        }
        if (unclean > 0) {
            out.add(unclean + " cell(s) did not finish cleanly; their figures are missing or lower bounds, and rules that need them fail.");
        }
        if (out.isEmpty()) {
            out.add("No comparison to summarise: the run has no two successful cells under the same conditions.");
        }
        return out;
    }

    /** The best and the runner-up by median p99.9 over repeats, and whether the difference is more than noise. */
    private static Optional<String> winner(List<CellResult> rs, IntervalSource intervals) {
        Map<String, List<CellResult>> byCell = new TreeMap<>();
        rs.forEach(r -> byCell.computeIfAbsent(r.cell().store() + " under " + r.cell().collector(), k -> new ArrayList<>()).add(r));
        if (byCell.size() < 2) {
            return Optional.empty();
        }
        List<Map.Entry<String, List<CellResult>>> ranked = new ArrayList<>(byCell.entrySet());
        ranked.sort(Comparator.comparingDouble(e -> Figures.median(e.getValue(), r -> r.responseTime().get("all").p999())));
        var best = ranked.get(0);
        var second = ranked.get(1);
        var worst = ranked.get(ranked.size() - 1);
        double bestP = Figures.median(best.getValue(), r -> r.responseTime().get("all").p999());
        double worstP = Figures.median(worst.getValue(), r -> r.responseTime().get("all").p999());
        CellResult any = best.getValue().get(0);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "At %d states and %.0f ops/s, the lowest p99.9 is %s (%s); the highest, %s (%s), is %s as high",
                any.cell().capacity(), any.cell().requestedRate(), best.getKey(), TimeFormat.ofMillis(bestP), worst.getKey(),
                TimeFormat.ofMillis(worstP), times(worstP / bestP)));
        List<List<Histogram>> a = best.getValue().stream().map(intervals::intervals).toList();
        List<List<Histogram>> b = second.getValue().stream().map(intervals::intervals).toList();
        if (!a.contains(null) && !b.contains(null)) {
            Bootstrap.Estimate e = Bootstrap.unpaired(a, b, 99.9).ratio();
            s.append(String.format(Locale.ROOT, "; against the runner-up, %s, its p99.9 is ×%.2f [95%% CI %.2f–%.2f]: %s", second.getKey(),
                    e.value(), e.low(), e.high(), e.below(1) ? "a real difference" : "not distinguishable on this evidence"));
        }
        return Optional.of(s.append('.').toString());
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1f×", ratio);
    }
}
