package io.readstates.harness.matrix;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.TraceReplay;
import io.readstates.harness.gc.Collector;
import io.readstates.store.StoreKind;
import io.readstates.store.StoreType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cells of a matrix run, in execution order. Repeats are interleaved (every cell once, then
 * every cell again, …) so that slow drifts of a shared machine spread over all cells instead of
 * landing on one — the A B A B discipline of {@code DESIGN.md}.
 *
 * @param jdks     JDK homes, each a matrix dimension; labels are the JDK's feature version
 * @param heap     {@code -Xmx} value, or "auto" to size from capacity and store
 * @param population fixed population in states for every cell, or 0 (capacity × working-set factor)
 * @param trace    every cell's measured window replays this trace, or null
 */
public record MatrixPlan(
        String profile,
        List<? extends StoreType> stores,
        List<Collector> collectors,
        List<Path> jdks,
        List<Long> capacities,
        String workload,
        long rate,
        Duration duration,
        Duration warmup,
        Duration periodicGc,
        String heap,
        boolean compactHeaders,
        int repeats,
        int workers,
        long seed,
        Duration writeBehind,
        int shards,
        StoreKind shardLayout,
        long population,
        BackingSpec backing,
        TraceReplay trace) {

    public MatrixPlan {
        for (long capacity : capacities) {
            if (population > 0 && population < capacity) {
                throw new IllegalArgumentException("--population " + population + " is smaller than the capacity " + capacity
                        + "; a population must hold at least as many states as the cache");
            }
        }
    }

    /** One planned cell. */
    public record Cell(String id, StoreType store, Collector collector, Path jdk, String jdkLabel, long capacity, int repeat, String heap) {
    }

    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            for (long capacity : capacities) {
                for (Path jdk : jdks) {
                    String jdkLabel = JdkLocator.label(jdk);
                    for (StoreType store : stores) {
                        for (Collector collector : collectors) {
                            StringBuilder id = new StringBuilder()
                                    .append(store.cliName()).append("__").append(collector.cliName())
                                    .append("__").append(capacityLabel(capacity)).append("__jdk").append(jdkLabel);
                            if (repeats > 1) {
                                id.append("__r").append(r);
                            }
                            out.add(new Cell(id.toString(), store, collector, jdk, jdkLabel, capacity, r, heapFor(store, collector, capacity)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {@code 2000000 → 2M}. */
    public static String capacityLabel(long capacity) {
        if (capacity % 1_000_000 == 0) {
            return capacity / 1_000_000 + "M";
        }
        if (capacity % 1_000 == 0) {
            return capacity / 1_000 + "k";
        }
        return Long.toString(capacity);
    }

    /**
     * The heap a cell gets: the user's value, or about 3× the object graph's live set (≈ 120 B per
     * state in this layout) with at least 1 GiB — enough headroom that collections are periodic, not
     * continuous. Epsilon never frees anything, so it gets room for the whole run's allocation too.
     */
    String heapFor(StoreType store, Collector collector, long capacity) {
        if (!heap.equals("auto")) {
            return heap;
        }
        long gib = Math.max(1, (long) Math.ceil(capacity * 120.0 * 3 / (1L << 30)));
        if (collector == Collector.EPSILON) {
            gib += 3;
        }
        return Math.min(gib, 20) + "g";
    }

    /** The cells of shard {@code k} (1-based) of {@code n}: every n-th cell, deterministically. */
    public List<Cell> shard(int k, int n) {
        List<Cell> all = cells();
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % n == k - 1) {
                out.add(all.get(i));
            }
        }
        return out;
    }
}
