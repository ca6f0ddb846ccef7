package io.readstates.report;

import io.readstates.report.model.CellResult;
import io.readstates.report.model.GcFigures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sawtooth detection: does a cell's per-interval worst latency spike periodically, at what period
 * and height, and do the spikes line up with GC cycles? The case study's Go service spiked every
 * two minutes, when the runtime forced a collection; the Rust rewrite was flat. This reduces a
 * timeline to those two findings plus one flatness figure per cell.
 *
 * <p>Method. The series is the log of each interval's max response time (the log keeps one huge
 * outlier from dominating). Its sample autocorrelation r(k) = Σ(xᵢ−x̄)(xᵢ₊ₖ−x̄) ÷ Σ(xᵢ−x̄)² is
 * computed for lags 2 … n/2 (at least two whole periods must fit); the period is the lag of the
 * highest local maximum, accepted when r exceeds both 0.3 and the white-noise band 2/√n
 * (Box &amp; Jenkins, <i>Time Series Analysis</i>, §2.1.6). Spikes are intervals whose max exceeds
 * the median by more than 4 scaled MADs and by at least 2×; their amplitude is the median spike max
 * minus the median interval max. GC cycles are bursts of JFR pause/phase events (events less than
 * one interval apart form one burst); the GC period is the median gap between burst starts.
 *
 * @param periodSeconds      detected period, or NaN when the spikes are not periodic
 * @param autocorrelation    r at that period (or the highest r seen)
 * @param spikes             intervals counted as spikes
 * @param spikesOverlappingGc of those, how many overlap a GC pause or concurrent phase
 * @param amplitudeMs        median spike max minus median interval max (0 without spikes)
 * @param gcPeriodSeconds    median gap between GC bursts, or NaN with fewer than two bursts
 * @param flatness           median interval max ÷ worst interval max: 1 is perfectly flat (Rust-like),
 *                           near 0 is dominated by spikes (Go-like); a single figure to rank cells by
 */
public record Sawtooth(String cell, int intervals, double periodSeconds, double autocorrelation, int spikes, int spikesOverlappingGc,
                       double amplitudeMs, double gcPeriodSeconds, double flatness) {

    private static final double MIN_R = 0.3;

    public static Sawtooth of(CellResult r, LatencyTimeline timeline) {
        List<LatencyTimeline.Point> pts = timeline.points().stream().filter(p -> p.count() > 0).toList();
        double width = r.run().intervalSeconds();
        double[] max = pts.stream().mapToDouble(LatencyTimeline.Point::maxMs).toArray();
        double[] starts = pts.stream().mapToDouble(LatencyTimeline.Point::seconds).toArray();
        return analyse(r.cell().id(), max, starts, width, gcActivity(r.gc()));
    }

    /** GC pauses and concurrent phases as [start, end] in seconds of the measurement. */
    static List<double[]> gcActivity(GcFigures gc) {
        List<GcFigures.GcEvent> events = new ArrayList<>();
        if (gc != null) {
            events.addAll(gc.pauses());
            events.addAll(gc.concurrentPhases());
        }
        return spans(events);
    }

    /** Events as [start, end] in seconds, ordered by start. */
    static List<double[]> spans(List<GcFigures.GcEvent> events) {
        List<double[]> out = new ArrayList<>();
        events.forEach(e -> out.add(new double[] {e.startMs() / 1000, (e.startMs() + e.durationMs()) / 1000}));
        out.sort((a, b) -> Double.compare(a[0], b[0]));
        return out;
    }

    static Sawtooth analyse(String cell, double[] maxMs, double[] startSeconds, double widthSeconds, List<double[]> gc) {
        int n = maxMs.length;
        if (n == 0) {
            return new Sawtooth(cell, 0, Double.NaN, Double.NaN, 0, 0, 0, gcPeriod(gc, widthSeconds), Double.NaN);
        }
        double[] log = Arrays.stream(maxMs).map(v -> Math.log(Math.max(v, 1e-6))).toArray();
        double bestR = Double.NaN;
        int bestLag = -1;
        double[] acf = autocorrelation(log, n / 2 + 1);
        for (int k = 2; k <= n / 2; k++) {
            boolean localMax = acf[k] >= acf[k - 1] && (k + 1 >= acf.length || acf[k] >= acf[k + 1]);
            if (localMax && (Double.isNaN(bestR) || acf[k] > bestR)) {
                bestR = acf[k];
                bestLag = k;
            }
        }
        boolean periodic = bestLag > 0 && bestR > Math.max(MIN_R, 2 / Math.sqrt(n));
        double median = TailTax.medianOf(maxMs);
        double[] deviations = Arrays.stream(maxMs).map(v -> Math.abs(v - median)).toArray();
        double mad = 1.4826 * TailTax.medianOf(deviations);
        List<Double> spikeMax = new ArrayList<>();
        int spikesOnGc = 0;
        for (int i = 0; i < n; i++) {
            if (maxMs[i] > median + 4 * mad && maxMs[i] >= 2 * median) {
                spikeMax.add(maxMs[i]);
                double from = startSeconds[i];
                double to = from + widthSeconds;
                if (gc.stream().anyMatch(a -> a[0] < to && a[1] > from)) {
                    spikesOnGc++;
                }
            }
        }
        double amplitude = spikeMax.isEmpty() ? 0 : TailTax.medianOf(spikeMax.stream().mapToDouble(Double::doubleValue).toArray()) - median;
        double worst = Arrays.stream(maxMs).max().orElse(0);
        return new Sawtooth(cell, n, periodic ? bestLag * widthSeconds : Double.NaN, bestR, spikeMax.size(), spikesOnGc, amplitude,
                gcPeriod(gc, widthSeconds), worst > 0 ? median / worst : 1);
    }

    /** Sample autocorrelation for lags 0 … maxLag − 1 (0 where the series is constant). */
    static double[] autocorrelation(double[] x, int maxLag) {
        double mean = Arrays.stream(x).average().orElse(0);
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double[] r = new double[Math.max(maxLag, 1)];
        for (int k = 0; k < r.length; k++) {
            double s = 0;
            for (int i = 0; i + k < x.length; i++) {
                s += (x[i] - mean) * (x[i + k] - mean);
            }
            r[k] = var == 0 ? 0 : s / var;
        }
        return r;
    }

    private static double gcPeriod(List<double[]> gc, double widthSeconds) {
        List<Double> bursts = new ArrayList<>();
        double lastEnd = Double.NEGATIVE_INFINITY;
        for (double[] a : gc) {
            if (a[0] - lastEnd > widthSeconds) {
                bursts.add(a[0]);
            }
            lastEnd = Math.max(lastEnd, a[1]);
        }
        if (bursts.size() < 2) {
            return Double.NaN;
        }
        double[] gaps = new double[bursts.size() - 1];
        for (int i = 1; i < bursts.size(); i++) {
            gaps[i - 1] = bursts.get(i) - bursts.get(i - 1);
        }
        return TailTax.medianOf(gaps);
    }


    public boolean periodic() {
        return !Double.isNaN(periodSeconds);
    }

    /**
     * One line a reader can act on: flat, a sawtooth (a periodic series with at least two spikes —
     * one spike repeats nothing, whatever the autocorrelation of the rest), or isolated spikes.
     */
    public String verdict() {
        if (intervals == 0) {
            return "no intervals";
        }
        if (spikes == 0) {
            return "flat (Rust-like)";
        }
        String gc = spikesOverlappingGc * 2 > spikes ? "; spikes line up with GC" : "; spikes mostly away from GC";
        if (periodic() && spikes >= 2) {
            return String.format(Locale.ROOT, "sawtooth (Go-like): every %.0f s%s", periodSeconds, gc);
        }
        return spikes + " isolated spike(s), not periodic" + gc;
    }

    static final List<String> HEADERS = List.of("cell", "intervals", "period s", "autocorrelation", "spikes (on GC)", "amplitude",
            "GC period s", "flatness", "verdict");

    List<String> row() {
        return List.of(cell, Integer.toString(intervals), periodic() ? fmt(periodSeconds) : "—", fmt(autocorrelation),
                spikes + " (" + spikesOverlappingGc + ")", TimeFormat.ofMillis(amplitudeMs), fmt(gcPeriodSeconds), fmt(flatness), verdict());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
