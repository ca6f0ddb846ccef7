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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The case study told from one report: each thing Discord tried before the rewrite, the JVM
 * experiment that stands for it, what this report measured for it, and a verdict computed from the
 * cells — set beside what Discord saw. Users come to learn which attempts work on the JVM; the
 * tables above hold every figure, this one answers the question attempt by attempt.
 *
 * <p>Every comparison pairs cells of one run on one host at one rate (as {@link CaseStudy} does),
 * and its ratio of p99.9 carries a 95 % bootstrap interval over the cells' one-second intervals
 * ({@link Bootstrap#unpaired}); a verdict is worded only where the interval excludes 1. An attempt
 * whose cells are not in the report says so and names what would measure it — nothing is filled in.
 *
 * @param attempt    Discord's attempt
 * @param discord    what Discord saw (the case study's words, shortened)
 * @param experiment the JVM experiment that stands for it
 * @param measured   the cells this report has for it and their figures, or what is missing
 * @param verdict    one line computed from those figures, or "—"
 */
public record CaseStudyAttempt(String attempt, String discord, String experiment, String measured, String verdict) {

    public static final List<String> HEADERS = List.of("Discord's attempt", "what Discord saw", "JVM experiment", "measured here", "verdict");

    private static final String NOT_HERE = "not in this report: ";
    static final Set<String> POINTER_FREE = Set.of("off-heap", "primitive-arrays", "b-tree", "chronicle-map");
    static final List<String> COLLECTOR_KNOBS = List.of("InitiatingHeapOccupancyPercent", "G1ReservePercent", "MaxGCPauseMillis", "SoftMaxHeapSize",
            "GCTimeRatio", "ZAllocationSpikeTolerance", "ShenandoahGCHeuristics");

    /** The attempts, in the case study's order, from the measured cells of every run in the report. */
    public static List<CaseStudyAttempt> compute(List<CellResult> results, IntervalSource intervals, Function<CellResult, Sawtooth> sawtooth) {
        Map<String, List<CellResult>> groups = new TreeMap<>();
        for (CellResult r : results) {
            if (r.measured()) {
                groups.computeIfAbsent(r.cell().runId() + "|" + r.host() + "|" + r.cell().requestedRate(), k -> new ArrayList<>()).add(r);
            }
        }
        Finder find = new Finder(new ArrayList<>(groups.values()), intervals, sawtooth);
        List<CaseStudyAttempt> out = new ArrayList<>();
        out.add(find.knobs());
        out.add(find.ballast());
        out.add(find.capacity("reduce the LRU's capacity", "smaller GC spikes, but a worse p99: more misses, more Cassandra reads",
                "the cache-size experiment: one population behind caches of several sizes (hit rate vs tail)", r -> r.cell().store().equals("object-graph"),
                "--profile cache-size"));
        out.add(find.pair("many smaller LRUs", "spread the GC work but did not remove it: the scan stays proportional to all live objects",
                "the sharded store against the object graph, same collector", r -> r.cell().store().equals("sharded"),
                r -> r.cell().store().equals("object-graph"), "--stores sharded,object-graph"));
        out.add(find.runtimes());
        out.add(find.pair("off-heap structures (rejected in Go)", "not pursued: Go had no safe way to keep the cache out of the collector's view",
                "pointer-free stores against the object graph, under the same collector", r -> POINTER_FREE.contains(r.cell().store()),
                r -> r.cell().store().equals("object-graph"), "--stores off-heap,object-graph --collectors g1,zgc"));
        out.add(find.pair("an external cache (Redis + Lua, the design before)", "moved the cache out of the process, at a network round trip per operation",
                "the Redis store against the object graph, same collector", r -> r.cell().store().equals("redis"),
                r -> r.cell().store().equals("object-graph"), "--stores redis,object-graph"));
        out.add(find.rewrite());
        out.add(find.capacity("\"a larger cache is better\" (after the rewrite)", "with no collector, raising the capacity only raised the hit rate",
                "a capacity sweep of the pointer-free stores: hit rate up, tail not worse", r -> POINTER_FREE.contains(r.cell().store()),
                "--profile cache-size --stores off-heap"));
        return out;
    }

    public List<String> row() {
        return List.of(attempt, discord, experiment, measured, verdict);
    }

    /** Whether this report has cells for the attempt (otherwise the row names the command that would measure it). */
    public boolean measuredHere() {
        return !measured.startsWith(NOT_HERE);
    }

    /**
     * Whether a report shows the attempts: a case-study run or the services always; any other report
     * when its cells answer at least two of the attempts — as the parts of {@code --profile
     * case-study} rendered together do, or a report merging runs that the user assembled — so that an
     * ordinary run that happens to hold off-heap and the object graph is not given eight rows of
     * "not in this report".
     */
    public static boolean worthShowing(List<CaseStudyAttempt> attempts, boolean caseStudyRunOrServices) {
        return caseStudyRunOrServices || attempts.stream().filter(CaseStudyAttempt::measuredHere).count() >= 2;
    }

    /** Searches the report's groups for each attempt's cells. */
    private record Finder(List<List<CellResult>> groups, IntervalSource intervals, Function<CellResult, Sawtooth> sawtooth) {

        CaseStudyAttempt knobs() {
            String attempt = "dynamic GOGC tuning";
            String discord = "no setting removed the two-minute spike: the forced cycle scans the whole heap whatever the trigger";
            String experiment = "the collector's trigger and headroom knobs (G1 IHOP and pause target, ZGC soft max heap) under the periodic cycle";
            Optional<List<CellResult>> pair = firstPair((tuned, plain) -> collects(tuned) && knob(tuned).isPresent() && sameCell(plain, tuned) && knob(plain).isEmpty()
                    && java.util.Objects.equals(plain.cell().heap(), tuned.cell().heap()), (a, b) -> 0);
            if (pair.isPresent()) {
                CellResult tuned = pair.get().get(0);
                return compared(attempt, discord, experiment, tuned, pair.get().get(1), "with " + knob(tuned).orElseThrow(), "without it");
            }
            return missing(attempt, discord, experiment, "no two cells of one run differ only by a collector knob; give the matrix the "
                    + "collector's defaults and a knob as two flag sets: --gc-flags none --gc-flags '-XX:SoftMaxHeapSize=4g'");
        }

        CaseStudyAttempt ballast() {
            String attempt = "a memory ballast (Twitch's)";
            String discord = "not adopted: a larger heap makes Go collect less often, but the two-minute forced cycle still scans it all";
            String experiment = "a heap several times the live set, same store and collector";
            Optional<List<CellResult>> pair = firstPair((big, small) -> collects(big) && sameCell(small, big) && heapBytes(small) > 0 && heapBytes(big) >= 2 * heapBytes(small)
                    && java.util.Objects.equals(small.cell().periodicGc(), big.cell().periodicGc())
                    && small.cell().gcFlags().equals(big.cell().gcFlags()), Comparator.comparingLong(Finder::heapBytes));
            if (pair.isPresent()) {
                CellResult big = pair.get().get(0);
                CellResult small = pair.get().get(1);
                return compared(attempt, discord, experiment, big, small, "heap " + big.cell().heap(), "heap " + small.cell().heap());
            }
            return missing(attempt, discord, experiment, "no two cells of one run differ only in heap size; give the matrix two heaps, "
                    + "e.g. --heap 4g,16g");
        }

        CaseStudyAttempt runtimes() {
            String attempt = "upgrade the runtime (Go 1.8 → 1.10)";
            String discord = "each release lowered the pauses; the two-minute spike stayed";
            String experiment = "JDK 17 against JDK 25 (and compact object headers), same store and collector";
            Optional<List<CellResult>> pair = firstPair((newer, older) -> sameButJdk(older, newer) && feature(older) < feature(newer),
                    Comparator.comparingInt(Finder::feature));
            if (pair.isPresent()) {
                CellResult newer = pair.get().get(0);
                CellResult older = pair.get().get(1);
                return compared(attempt, discord, experiment, newer, older, "JDK " + newer.cell().jdk(), "JDK " + older.cell().jdk());
            }
            return missing(attempt, discord, experiment, "no cell ran on two JDKs in one run; run --profile scaling --jdk 25,17");
        }

        CaseStudyAttempt rewrite() {
            String attempt = "the rewrite (Rust, BTreeMap, no collector)";
            String discord = "flat latency, no spikes, lower CPU and memory";
            String experiment = "the Go and Rust service rows, and the best pointer-free JVM store against Rust";
            for (List<CellResult> group : groups) {
                Optional<CellResult> rust = group.stream().filter(r -> r.cell().store().startsWith("rust-")).findFirst();
                Optional<CellResult> jvm = group.stream().filter(r -> POINTER_FREE.contains(r.cell().store()) && !r.cell().collector().equals("epsilon"))
                        .min(Comparator.comparingDouble(Finder::p999));
                if (rust.isPresent() && jvm.isPresent()) {
                    return compared(attempt, discord, experiment, jvm.get(), rust.get(), "the JVM's best pointer-free store under a collector", "Rust");
                }
            }
            return missing(attempt, discord, experiment, "no Rust service row beside a pointer-free store under a collector; add "
                    + "--services rust-btree (the case-study profile has it)");
        }

        CaseStudyAttempt capacity(String attempt, String discord, String experiment, Predicate<CellResult> store, String command) {
            Optional<List<CellResult>> pair = firstPair((large, small) -> store.test(large) && large.store() != null && store.test(small)
                    && small.store() != null && small.cell().store().equals(large.cell().store()) && small.cell().collector().equals(large.cell().collector())
                    && small.cell().jdk().equals(large.cell().jdk()) && small.cell().populationStates() == large.cell().populationStates()
                    && small.cell().capacity() < large.cell().capacity(), Comparator.comparingLong(r -> r.cell().capacity()));
            if (pair.isPresent()) {
                CellResult large = pair.get().get(0);
                CellResult s = pair.get().get(1);
                String hits = String.format(Locale.ROOT, "hit rate %.1f %% at %,d states, %.1f %% at %,d", s.store().hitRate() * 100,
                        s.cell().capacity(), large.store().hitRate() * 100, large.cell().capacity());
                CaseStudyAttempt c = compared(attempt, discord, experiment, large, s, "the larger cache", "the smaller");
                return new CaseStudyAttempt(attempt, discord, experiment, hits + "; " + c.measured(), c.verdict());
            }
            return missing(attempt, discord, experiment, "no cells share a population behind caches of different sizes; run " + command);
        }

        /**
         * The treated store's best cell under a collector that has a baseline under the same
         * conditions, with that baseline. When several runs have such a pair (the parts of {@code
         * --profile case-study}: the cache-size sweep at 2M and the services at 10M), the pair with
         * the most states is taken, since what a layout saves the collector grows with the live set;
         * the first run's among equals.
         */
        CaseStudyAttempt pair(String attempt, String discord, String experiment, Predicate<CellResult> treated, Predicate<CellResult> baseline,
                              String command) {
            CellResult chosen = null;
            CellResult chosenBase = null;
            for (List<CellResult> group : groups) {
                Optional<CellResult> best = group.stream().filter(r -> treated.test(r) && !r.cell().collector().equals("epsilon")
                                && group.stream().anyMatch(b -> baseline.test(b) && sameConditions(b, r)))
                        .min(Comparator.comparingDouble(Finder::p999));
                if (best.isPresent() && (chosen == null || best.get().cell().capacity() > chosen.cell().capacity())) {
                    chosen = best.get();
                    chosenBase = group.stream().filter(b -> baseline.test(b) && sameConditions(b, best.get())).findFirst().orElseThrow();
                }
            }
            if (chosen == null) {
                return missing(attempt, discord, experiment, "no such pair under one collector in one run; run " + command);
            }
            return compared(attempt, discord, experiment, chosen, chosenBase, chosen.cell().store(), chosenBase.cell().store());
        }

        /**
         * The first cell of any group that has a baseline in its group, with that baseline (the least
         * by {@code order} when there are several), as [cell, baseline].
         */
        private Optional<List<CellResult>> firstPair(BiPredicate<CellResult, CellResult> isBaseline, Comparator<CellResult> order) {
            for (List<CellResult> group : groups) {
                for (CellResult cell : group) {
                    Optional<CellResult> base = group.stream().filter(r -> r != cell && isBaseline.test(cell, r)).min(order);
                    if (base.isPresent()) {
                        return Optional.of(List.of(cell, base.get()));
                    }
                }
            }
            return Optional.empty();
        }

        /** A collector that collects: knobs and heap size mean nothing to Epsilon or Go with GOGC=off. */
        private static boolean collects(CellResult r) {
            return !TailTax.NO_COLLECTION.contains(r.cell().collector());
        }

        /**
         * The knobs the matrix gave the cell ({@code --gc-flags}), or for a cell started by hand the
         * first known collector knob among its JVM flags.
         */
        private static Optional<String> knob(CellResult r) {
            if (!r.cell().gcFlags().isEmpty()) {
                return Optional.of(String.join(" ", r.cell().gcFlags()));
            }
            return COLLECTOR_KNOBS.stream().filter(k -> r.cell().jvmFlags().stream().anyMatch(f -> f.contains(k))).findFirst();
        }

        private CaseStudyAttempt compared(String attempt, String discord, String experiment, CellResult treated, CellResult base,
                                          String treatedName, String baseName) {
            String measured = treatedName + " (" + label(treated) + "): " + figures(treated) + " — against " + baseName + " (" + label(base) + "): "
                    + figures(base);
            Bootstrap.Estimate ratio = ratio(treated, base);
            String verdict;
            if (ratio == null) {
                verdict = String.format(Locale.ROOT, "%s: p99.9 ×%.2f of %s's (no interval logs, so no interval)", treatedName,
                        p999(treated) / p999(base), baseName);
            } else {
                String words = ratio.below(1) ? "lower than " + baseName + "'s" : ratio.above(1) ? "higher than " + baseName + "'s"
                        : "not distinguishable from " + baseName + "'s";
                verdict = String.format(Locale.ROOT, "%s: p99.9 ×%.2f [95 %% CI %.2f–%.2f] of %s's — %s", treatedName, ratio.value(), ratio.low(),
                        ratio.high(), baseName, words);
            }
            return new CaseStudyAttempt(attempt, discord, experiment, measured, verdict);
        }

        private Bootstrap.Estimate ratio(CellResult a, CellResult b) {
            List<Histogram> ia = intervals.intervals(a);
            List<Histogram> ib = intervals.intervals(b);
            return ia == null || ib == null ? null : Bootstrap.unpaired(List.of(ia), List.of(ib), 99.9).ratio();
        }

        private String figures(CellResult r) {
            var all = r.responseTime().get("all");
            Sawtooth saw = sawtooth.apply(r);
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "p99 %s, p99.9 %s, max %s", TimeFormat.ofMillis(all.p99()),
                    TimeFormat.ofMillis(all.p999()), TimeFormat.ofMillis(all.max())));
            if (saw != null) {
                s.append("; ").append(saw.verdict());
            }
            if (r.gc() != null) {
                s.append(String.format(Locale.ROOT, "; GC CPU %.1f %%", r.gc().gcCpuShare() * 100));
            }
            if (r.store() != null) {
                s.append(String.format(Locale.ROOT, "; hit rate %.1f %%", r.store().hitRate() * 100));
            }
            if (r.footprint() != null) {
                double bytes = (r.footprint().heapBytesPerState() == null ? 0 : r.footprint().heapBytesPerState()) + r.footprint().offHeapBytesPerState();
                s.append(String.format(Locale.ROOT, "; %.1f bytes/state", bytes));
            }
            return s.toString();
        }

        private static String label(CellResult r) {
            return r.cell().store() + " under " + r.cell().collector() + (r.cell().jdk().matches("\\d+") ? ", JDK " + r.cell().jdk() : "")
                    + String.format(Locale.ROOT, ", %,d states", r.cell().capacity());
        }

        private static CaseStudyAttempt missing(String attempt, String discord, String experiment, String why) {
            return new CaseStudyAttempt(attempt, discord, experiment, NOT_HERE + why, "—");
        }

        private static double p999(CellResult r) {
            return r.responseTime().get("all").p999();
        }

        /** Same store, collector, JDK and capacity. */
        private static boolean sameCell(CellResult a, CellResult b) {
            return a.cell().store().equals(b.cell().store()) && a.cell().collector().equals(b.cell().collector()) && a.cell().jdk().equals(b.cell().jdk())
                    && a.cell().capacity() == b.cell().capacity();
        }

        private static boolean sameButJdk(CellResult a, CellResult b) {
            return a.cell().store().equals(b.cell().store()) && a.cell().collector().equals(b.cell().collector())
                    && a.cell().capacity() == b.cell().capacity();
        }

        /** Same collector, JDK and capacity: a fair pair of two stores. */
        private static boolean sameConditions(CellResult a, CellResult b) {
            return a.cell().collector().equals(b.cell().collector()) && a.cell().jdk().equals(b.cell().jdk()) && a.cell().capacity() == b.cell().capacity();
        }

        private static int feature(CellResult r) {
            return r.cell().jdk().matches("\\d+") ? Integer.parseInt(r.cell().jdk()) : -1;
        }

        /** The heap of a JVM cell in bytes ("4g", "512m"), 0 when not a size. */
        static long heapBytes(CellResult r) {
            String h = r.cell().heap() == null ? "" : r.cell().heap().trim().toLowerCase(Locale.ROOT);
            if (!h.matches("\\d+[kmg]")) {
                return 0;
            }
            long n = Long.parseLong(h.substring(0, h.length() - 1));
            return n << switch (h.charAt(h.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                default -> 30;
            };
        }
    }
}
