package io.readstates.harness.matrix;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.gc.Collector;
import io.readstates.harness.service.ServiceKind;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.workload.WorkloadSpec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named matrix sizes, planned for a 2-core, 24 GiB machine. {@code smoke} is for tests and CI,
 * {@code quick} is the default a new user runs (minutes), {@code full} is the research matrix
 * (tens of millions of states, interleaved repeats; hours). Every dimension can be overridden.
 */
public enum MatrixProfile {
    SMOKE(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.EPSILON),
            List.of(100_000L), Duration.ofSeconds(2), 1, driven(WorkloadSpec.RESIDENT, 20_000, Duration.ofSeconds(4), Duration.ofSeconds(1),
            Duration.ofSeconds(1)).build())),
    QUICK(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.PRIMITIVE_ARRAYS, StoreKind.OFF_HEAP),
            List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH), List.of(2_000_000L), Duration.ofSeconds(10), 1,
            driven(WorkloadSpec.RESIDENT, 100_000, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5)).build())),
    /** The live-set scaling experiment: marking cost per cycle against resident states (a forced cycle every 4 s). */
    SCALING(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH),
            List.of(1_000_000L, 2_000_000L, 4_000_000L, 8_000_000L), Duration.ofSeconds(4), 1,
            driven(WorkloadSpec.RESIDENT, 50_000, Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(5)).build())),
    /**
     * The cache-size trade-off: one population of 2M states behind caches of 1/8 to all of it, with
     * a lognormal load round trip (median 300 µs, p99 3 ms) and 16 workers so that misses overlap as
     * concurrent requests do, and a forced cycle every 5 s so that marking the live set is part of the
     * price — hit rate and tail latency against live heap.
     */
    CACHE_SIZE(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1),
            List.of(250_000L, 500_000L, 1_000_000L, 2_000_000L), Duration.ofSeconds(5), 1,
            driven(WorkloadSpec.DISCORD_2019, 20_000, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .workers(16).population(2_000_000L)
                    .backing(BackingSpec.DEFAULT.withLoad(DelayDistribution.parse("lognormal:median=300us,p99=3ms"))).build())),
    /**
     * The GC tail tax with intervals: the pointer-free stores and the object graph at 10M resident
     * states, 200k ops/s, under every concurrent collector and Epsilon, five interleaved, shuffled
     * repeats (a forced cycle every 20 s; write-behind 10 s, inside the window). About 90 minutes here.
     */
    TAIL_TAX(new ProfileDefaults(List.of(StoreKind.OFF_HEAP, StoreKind.PRIMITIVE_ARRAYS, StoreKind.OBJECT_GRAPH),
            List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH, Collector.EPSILON), List.of(10_000_000L), Duration.ofSeconds(20), 5,
            driven(WorkloadSpec.RESIDENT, 200_000, Duration.ofSeconds(45), Duration.ofSeconds(5), Duration.ofSeconds(10)).build())),
    /**
     * Long enough to find Go's two-minute forced-GC period: a forced cycle every 120 s in a 7-minute
     * window (three periods and a half), the object graph and the off-heap store under G1 and ZGC.
     * About 32 minutes here.
     */
    SAWTOOTH(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.ZGC),
            List.of(2_000_000L), Duration.ofSeconds(120), 1,
            driven(WorkloadSpec.RESIDENT, 20_000, Duration.ofMinutes(7), Duration.ofSeconds(10), Duration.ofSeconds(30)).build())),
    /**
     * The rewrite part of {@code --profile case-study}, and a profile of its own: Discord's Go service (its collector, and GOGC=off),
     * the Rust rewrite, and the object graph and off-heap stores under G1, ZGC and Epsilon, all
     * replaying the same operations — 10M resident states, 200k ops/s, 7-minute windows: the Go
     * service forces a collection after its warm-up, so its two-minute period starts with the window
     * and a 7-minute window holds three forced cycles (the sawtooth detector needs three spikes; a
     * 6-minute window held two). A forced JVM cycle every 120 s to match. About 75 minutes here.
     */
    CASE_STUDY_SERVICES(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.ZGC, Collector.EPSILON),
            List.of(10_000_000L), Duration.ofSeconds(120), 1,
            driven(WorkloadSpec.RESIDENT, 200_000, Duration.ofMinutes(7), Duration.ofSeconds(10), Duration.ofSeconds(30)).build(),
            List.of(ServiceKind.GO, ServiceKind.GO_GOGC_OFF, ServiceKind.RUST_BTREE))),
    /** The rewrite part of {@code --profile case-study-quick} (200k states, 20k ops/s, 20 s; Go's 2-minute cycle does not fit): about 6 minutes here. */
    CASE_STUDY_SERVICES_QUICK(new ProfileDefaults(List.of(StoreKind.OBJECT_GRAPH, StoreKind.OFF_HEAP), List.of(Collector.G1, Collector.ZGC, Collector.EPSILON),
            List.of(200_000L), Duration.ofSeconds(10), 1,
            driven(WorkloadSpec.RESIDENT, 20_000, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5)).build(),
            List.of(ServiceKind.GO, ServiceKind.GO_GOGC_OFF, ServiceKind.RUST_BTREE))),
    FULL(new ProfileDefaults(List.of(StoreKind.values()),
            List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH, Collector.SHENANDOAH_GENERATIONAL, Collector.EPSILON),
            List.of(1_000_000L, 4_000_000L, 10_000_000L, 16_000_000L), Duration.ofSeconds(20), 5,
            driven(WorkloadSpec.RESIDENT, 200_000, Duration.ofSeconds(120), Duration.ofSeconds(20), Duration.ofSeconds(30)).build()));

    /** A profile's drive: the cell defaults with its workload, rate, window, warm-up and write-behind delay. */
    private static CellSettings.Builder driven(WorkloadSpec workload, long rate, Duration window, Duration warmup, Duration writeBehind) {
        return CellSettings.builder().workload(workload).rate(rate).duration(window).warmup(warmup).writeBehind(writeBehind);
    }

    private final ProfileDefaults defaults;

    MatrixProfile(ProfileDefaults defaults) {
        this.defaults = defaults;
    }

    public ProfileDefaults defaults() {
        return defaults;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The profiles that are several matrices in one command ({@code case-study}, {@code case-study-quick}):
     * named here so that an unknown name lists them too; {@code MatrixCommand} runs them.
     */
    public static final List<String> COMPOSITE = List.of("case-study", "case-study-quick");

    public static MatrixProfile byName(String name) {
        for (MatrixProfile p : values()) {
            if (p.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "'; known profiles: "
                + String.join(", ", java.util.stream.Stream.concat(Arrays.stream(values()).map(MatrixProfile::cliName), COMPOSITE.stream()).toList()));
    }
}
