package io.readstates.report.gate;

import io.readstates.report.analysis.Bootstrap;
import io.readstates.report.analysis.CellKey;
import io.readstates.report.analysis.Figures;
import io.readstates.report.analysis.TailTax;
import io.readstates.results.CellResult;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate rule evaluated inside one run, so it stays valid on noisy shared machines: it compares cells
 * that ran side by side instead of a run with a baseline from another day. Two forms:
 * <pre>
 *   off-heap/g1 p99.9 &lt;= 0.1 * object-graph/g1 p99.9      a store/collector against another
 *   tail-tax off-heap p99.9 &lt;= 1.2                         every collector of a store against Epsilon
 *   tail-tax off-heap/zgc max &lt;= 1.5                       one collector of a store against Epsilon
 *   off-heap/g1 offheap-bytes-per-state &lt;= 44               a figure against a fixed limit
 *   gc-share off-heap/g1 p99.9 &lt;= 0.1                       share of operations ≥ p99.9 the cell attributed to the collector
 * </pre>
 * Metrics: {@code p50 p90 p99 p99.9 p99.99 max} (response time, ms), {@code pause-max pause-total}
 * (ms), {@code heap-bytes-per-state offheap-bytes-per-state}, {@code gc-share-p99.9} (the share of a cell's operations at or
 * above its p99.9 whose main cause the cell attributed to the collector: docs/slow-operations.md). A rule is evaluated once per set of
 * conditions ({@link Gate#conditions}: JDK, capacity, workload, rate, heap, periodic GC), comparing
 * only cells that differ in store and collector. With repeats, a cell's figure is the median over
 * its repeats; the tail tax is the median of per-repeat ratios ({@link TailTax}). With the cells'
 * interval logs, a tail-tax rule fails when the tax's 95 % confidence interval lies above the limit
 * (evidence of a violation), not when one noisy median does. A cell the rule needs that is not
 * {@code ok} fails it.
 */
public record InRunRule(String text, String left, String leftMetric, double factor, String right, String rightMetric, boolean tailTax) {
    private static final Pattern COMPARE = Pattern.compile("\\s*(\\S+/\\S+)\\s+(\\S+)\\s*<=\\s*([0-9.]+)\\s*\\*\\s*(\\S+/\\S+)\\s+(\\S+)\\s*");
    private static final Pattern ABSOLUTE = Pattern.compile("\\s*(\\S+/\\S+)\\s+(\\S+)\\s*<=\\s*([0-9.]+)\\s*");
    private static final Pattern TAX = Pattern.compile("\\s*tail-tax\\s+(\\S+)\\s+(p99\\.9|max)\\s*<=\\s*([0-9.]+)\\s*");
    private static final Pattern GC_SHARE = Pattern.compile("\\s*gc-share\\s+(\\S+/\\S+)\\s+p99\\.9\\s*<=\\s*([0-9.]+)\\s*");
    static final Map<String, ToDoubleFunction<CellResult>> METRICS = Map.ofEntries(
            Map.entry("gc-share-p99.9", r -> r.attribution() == null ? Double.NaN : r.attribution().aboveP999().collectorShare()),
            Map.entry("p50", r -> r.responseTime().get("all").p50()),
            Map.entry("p90", r -> r.responseTime().get("all").p90()),
            Map.entry("p99", r -> r.responseTime().get("all").p99()),
            Map.entry("p99.9", r -> r.responseTime().get("all").p999()),
            Map.entry("p99.99", r -> r.responseTime().get("all").p9999()),
            Map.entry("max", r -> r.responseTime().get("all").max()),
            Map.entry("pause-max", r -> r.gc().pauseMaxMs()),
            Map.entry("pause-total", r -> r.gc().pauseTotalMs()),
            Map.entry("heap-bytes-per-state", r -> r.footprint().heapBytesPerState() == null ? Double.NaN : r.footprint().heapBytesPerState()),
            Map.entry("offheap-bytes-per-state", r -> r.footprint().offHeapBytesPerState()));

    private static final String FORMS = "expected 'STORE/COLLECTOR METRIC <= FACTOR * STORE/COLLECTOR METRIC', 'STORE/COLLECTOR METRIC <= LIMIT' , 'tail-tax STORE[/COLLECTOR] p99.9|max <= LIMIT' or 'gc-share STORE/COLLECTOR p99.9 <= SHARE'";

    public static InRunRule parse(String text) {
        Matcher t = TAX.matcher(text);
        if (t.matches()) {
            return new InRunRule(text.trim(), t.group(1), t.group(2), number(text, t.group(3)), null, null, true);
        }
        Matcher g = GC_SHARE.matcher(text);
        if (g.matches()) {
            return new InRunRule(text.trim(), g.group(1), "gc-share-p99.9", number(text, g.group(2)), null, null, false);
        }
        Matcher a = ABSOLUTE.matcher(text);
        if (a.matches() && !a.group(1).equals("tail-tax") && !a.group(1).equals("gc-share")) {
            checkMetric(text, a.group(2));
            return new InRunRule(text.trim(), a.group(1), a.group(2), number(text, a.group(3)), null, null, false);
        }
        Matcher c = COMPARE.matcher(text);
        if (c.matches()) {
            checkMetric(text, c.group(2));
            checkMetric(text, c.group(5));
            return new InRunRule(text.trim(), c.group(1), c.group(2), number(text, c.group(3)), c.group(4), c.group(5), false);
        }
        throw new UnusableInput("cannot read rule '" + text + "'; " + FORMS);
    }

    private static double number(String text, String n) {
        try {
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw new UnusableInput("rule '" + text + "': '" + n + "' is not a number; use e.g. 1.2 or 0.1");
        }
    }

    private static void checkMetric(String text, String m) {
        if (!METRICS.containsKey(m)) {
            throw new UnusableInput("rule '" + text + "': unknown metric '" + m + "'; metrics: " + String.join(", ", new java.util.TreeSet<>(METRICS.keySet())));
        }
    }

    /** One evaluated comparison of the rule. */
    public record Outcome(String rule, String subject, double value, double limit, boolean pass) {
    }

    private static List<CellResult> matching(RunData run, String storeCollector) {
        return matchingAnyStatus(run, storeCollector).stream().filter(CellResult::ok).toList();
    }

    private static List<CellResult> matchingAnyStatus(RunData run, String storeCollector) {
        String[] sc = storeCollector.split("/");
        return run.cells().stream().map(RunData.Cell::result)
                .filter(r -> r.cell().store().equals(sc[0]) && (sc.length < 2 || r.cell().collector().equals(sc[1]))).toList();
    }

    /**
     * A cell the rule needs that did not finish cleanly fails the rule: leaving it out would let the
     * worst case (the collector that fell behind or ran out of memory) pass by vanishing.
     */
    private List<Outcome> unclean(RunData run, String storeCollector) {
        return matchingAnyStatus(run, storeCollector).stream().filter(r -> !r.ok())
                .map(r -> new Outcome(text, r.cell().id() + " is " + r.status(), Double.NaN, factor, false)).toList();
    }

    public List<Outcome> evaluate(RunData run) {
        List<Outcome> out = new ArrayList<>();
        out.addAll(unclean(run, left));
        if (tailTax) {
            out.addAll(unclean(run, left.split("/")[0] + "/epsilon"));
        } else if (right != null) {
            out.addAll(unclean(run, right));
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (tailTax) {
            String[] sc = left.split("/");
            List<TailTax> taxes = TailTax.compute(run.cells().stream().map(RunData.Cell::result).toList(), RunData.intervalsOf(run.cells())).stream()
                    .filter(x -> x.store().equals(sc[0]) && (sc.length < 2 || x.collector().equals(sc[1]))).toList();
            if (taxes.isEmpty()) {
                throw new UnusableInput("rule '" + text + "': no tail tax for " + left + " (the run needs its cells under a collector and under epsilon)");
            }
            for (TailTax x : taxes) {
                double v = leftMetric.equals("max") ? x.maxMedian() : x.p999Median();
                Bootstrap.Comparison ci = leftMetric.equals("max") ? x.maxCi() : x.p999Ci();
                String subject = x.storeLabel() + "/" + x.collector() + " " + leftMetric + " tax";
                if (ci == null) {
                    out.add(new Outcome(text, subject, v, factor, v <= factor));
                } else {
                    Bootstrap.Estimate e = ci.ratio();
                    out.add(new Outcome(text, subject + String.format(Locale.ROOT, " [95%% CI %.2f–%.2f]", e.low(), e.high()), v, factor,
                            !e.above(factor)));
                }
            }
            return out;
        }
        Map<String, List<CellResult>> a = byConditions(matching(run, left));
        if (a.isEmpty()) {
            throw new UnusableInput("rule '" + text + "': no successful cells for " + left + " in " + run.dir());
        }
        Map<String, List<CellResult>> b = right == null ? Map.of() : byConditions(matching(run, right));
        if (right != null && b.isEmpty()) {
            throw new UnusableInput("rule '" + text + "': no successful cells for " + right + " in " + run.dir());
        }
        for (var e : a.entrySet()) {
            double va = Figures.median(e.getValue(), METRICS.get(leftMetric));
            if (Double.isNaN(va)) {
                throw new UnusableInput("rule '" + text + "': " + leftMetric + " is not measured for " + left
                        + " (e.g. heap footprint under epsilon, or the slow-operation attribution in results written before it existed)");
            }
            String subject = left + " " + leftMetric + " @ " + e.getKey();
            if (right == null) {
                out.add(new Outcome(text, subject, va, factor, va <= factor));
                continue;
            }
            List<CellResult> others = b.get(e.getKey());
            if (others == null) {
                throw new UnusableInput("rule '" + text + "': " + right + " has no cell under the same conditions as " + left + " (" + e.getKey()
                        + "); a rule compares only cells that differ in store and collector");
            }
            double vb = Figures.median(others, METRICS.get(rightMetric));
            if (Double.isNaN(vb)) {
                throw new UnusableInput("rule '" + text + "': " + rightMetric + " is not measured for " + right + " (e.g. heap footprint under epsilon)");
            }
            out.add(new Outcome(text, subject, va, factor * vb, va <= factor * vb));
        }
        return out;
    }

    /** Cells grouped by {@link Gate#conditions}: a rule is evaluated per group, never over a mix of capacities or rates. */
    private static Map<String, List<CellResult>> byConditions(List<CellResult> cells) {
        Map<String, List<CellResult>> out = new java.util.TreeMap<>();
        cells.forEach(c -> out.computeIfAbsent(CellKey.conditions(c), k -> new ArrayList<>()).add(c));
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s", text);
    }
}
