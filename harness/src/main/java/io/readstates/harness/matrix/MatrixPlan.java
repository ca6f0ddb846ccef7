package io.readstates.harness.matrix;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.gc.Collector;
import io.readstates.harness.service.ServiceKind;
import io.readstates.store.StoreType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cells of a matrix run, in execution order. Repeats are interleaved (every cell once, then
 * every cell again, …) and shuffled within each round, so that slow drifts of a shared machine
 * spread over all cells instead of landing on one — the A B A B discipline of
 * {@code docs/measuring-on-a-noisy-machine.md}.
 *
 * @param jdks           JDK homes, each a matrix dimension; labels are the JDK's feature version
 * @param periodicGc     force a collection cycle at this period (zero: off)
 * @param heaps          {@code -Xmx} values, each a matrix dimension (the memory-ballast experiment), or "auto" to size from capacity and store
 * @param gcFlagSets     sets of extra {@code -XX:} flags (collector knobs: IHOP, pause target, soft max heap), each a matrix
 *                       dimension; an empty set is the collector's defaults
 * @param compactHeaders add {@code -XX:+UseCompactObjectHeaders} to every cell
 * @param settings       how every cell is set up and driven, handed to each cell unchanged
 * @param services       the case study's own services, each one row per capacity and repeat beside the JVM cells
 *                       ({@link ServiceKind}); they have no JVM, collector or JDK of their own to vary
 */
public record MatrixPlan(
        String profile,
        List<? extends StoreType> stores,
        List<Collector> collectors,
        List<Path> jdks,
        List<Long> capacities,
        Duration periodicGc,
        List<String> heaps,
        List<List<String>> gcFlagSets,
        boolean compactHeaders,
        int repeats,
        CellSettings settings,
        List<ServiceKind> services) {

    /** A plan of one heap setting and the collectors' default flags. */
    public MatrixPlan(String profile, List<? extends StoreType> stores, List<Collector> collectors, List<Path> jdks, List<Long> capacities,
                      Duration periodicGc, String heap, boolean compactHeaders, int repeats, CellSettings settings, List<ServiceKind> services) {
        this(profile, stores, collectors, jdks, capacities, periodicGc, List.of(heap), List.of(List.of()), compactHeaders, repeats, settings, services);
    }

    /** A plan of JVM cells only. */
    public MatrixPlan(String profile, List<? extends StoreType> stores, List<Collector> collectors, List<Path> jdks, List<Long> capacities,
                      Duration periodicGc, String heap, boolean compactHeaders, int repeats, CellSettings settings) {
        this(profile, stores, collectors, jdks, capacities, periodicGc, heap, compactHeaders, repeats, settings, List.of());
    }

    /** A flag a {@code --gc-flags} set may hold: a {@code -XX:} option, boolean or with a value. */
    private static final Pattern GC_FLAG = Pattern.compile("-XX:([+-][A-Za-z0-9_]+|[A-Za-z0-9_]+=[A-Za-z0-9_.:%/-]+)");

    /** The smallest heap a cell may be given: below it the harness itself does not start. */
    static final long MIN_HEAP_BYTES = 32L << 20;
    static final int MAX_REPEATS = 1_000;
    /** The embedded backing store's bytes per state of the population (record and hash slots, rounded up). */
    static final long BACKING_BYTES_PER_STATE = 64;
    private static final Pattern HEAP_SIZE = Pattern.compile("(\\d{1,15})([kKmMgGtT]?)");

    /** Every value is checked here (the cells' own settings in {@link CellSettings}), before a directory is made or a JVM started. */
    public MatrixPlan {
        services = List.copyOf(services);
        heaps = List.copyOf(heaps);
        gcFlagSets = gcFlagSets.stream().map(List::copyOf).toList();
        require(!heaps.isEmpty(), "--heap names no heap; give a size such as 4g, or auto");
        require(heaps.stream().distinct().count() == heaps.size(), "--heap names a heap twice: " + heaps);
        require(!gcFlagSets.isEmpty(), "--gc-flags names no flag set; give 'none' for the collector's defaults");
        require(gcFlagSets.stream().distinct().count() == gcFlagSets.size(), "--gc-flags names a flag set twice: " + gcFlagSets);
        for (List<String> set : gcFlagSets) {
            for (String flag : set) {
                require(GC_FLAG.matcher(flag).matches(), "--gc-flags takes -XX: options such as -XX:InitiatingHeapOccupancyPercent=20 or "
                        + "-XX:SoftMaxHeapSize=4g (heap size is --heap, the collector is --collectors); got '" + flag + "'");
            }
        }
        require(!stores.isEmpty() || !services.isEmpty(), "--stores names no store; give at least one, e.g. off-heap");
        require(!collectors.isEmpty(), "--collectors names no collector; give at least one, e.g. g1");
        require(!jdks.isEmpty(), "--jdk names no JDK; give at least one, e.g. 25");
        require(!capacities.isEmpty(), "--capacities names no capacity; give at least one, e.g. 1M");
        for (long capacity : capacities) {
            require(capacity > 0, "--capacities must be > 0 states each, got " + capacity);
            settings.checkCapacity(capacity);
        }
        require(!periodicGc.isNegative(), "--periodic-gc must be a period >= 0 or off, got " + periodicGc);
        require(repeats >= 1 && repeats <= MAX_REPEATS, "--repeats must be between 1 and " + MAX_REPEATS + ", got " + repeats);
        for (String heap : heaps) {
            if (!heap.equals("auto")) {
                long bytes = heapBytes(heap);
                require(bytes >= MIN_HEAP_BYTES, "--heap " + heap + " is too small: a cell needs at least 32m (e.g. 512m, 4g), or auto");
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code 512m}, {@code 4g}, {@code 1048576} as the JVM reads {@code -Xmx}: bytes. */
    public static long heapBytes(String size) {
        Matcher m = HEAP_SIZE.matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--heap takes a JVM heap size such as 4g or 512m, or auto; got '" + size + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        require(n <= (Long.MAX_VALUE >> shift), "--heap " + size + " is larger than any machine");
        return n << shift;
    }

    /**
     * Refuses a plan whose cells cannot fit this machine: each cell's heap is pre-touched
     * ({@code -XX:+AlwaysPreTouch}), so it is resident memory from the start, and the embedded
     * backing store holds the whole population beside it. A cell over the machine would be killed
     * by the kernel after minutes of set-up, or push the machine into swap and measure that.
     */
    public void checkFitsMachine(long physicalBytes) {
        long reserve = 1L << 30;
        for (Cell c : cells()) {
            if (c.service() != null) {
                continue;
            }
            long heapBytes = heapBytes(c.heap());
            long populationStates = settings.populationStates(c.capacity());
            long backingBytes = settings.backing().kind() == BackingSpec.Kind.CASSANDRA ? 0 : saturatingMultiply(populationStates, BACKING_BYTES_PER_STATE);
            long needed = heapBytes + backingBytes;
            if (needed < 0 || needed > physicalBytes - reserve) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "cell %s needs about %.1f GiB (heap %s pre-touched, plus %.1f GiB of backing store for its population) but this "
                                + "machine has %.1f GiB; choose a smaller --capacities or --heap", c.id(), Math.max(needed, 0) / (double) (1L << 30),
                        c.heap(), backingBytes / (double) (1L << 30), physicalBytes / (double) (1L << 30)));
            }
        }
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** What the plan will not measure although a reader might expect it to. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        Duration driven = settings.warmup().plus(settings.duration());
        if (settings.trace() == null && settings.writeBehind().compareTo(driven) >= 0) {
            out.add("--write-behind " + settings.writeBehind().toSeconds() + " s is not shorter than warm-up + window (" + driven.toSeconds()
                    + " s): no state becomes due for a flush in the window, so the flusher's cost is not measured");
        }
        return out;
    }

    /**
     * Everything in the plan that shapes a cell's result, as text: written to {@code run.json} and
     * compared when a run is resumed, so that a resumed run never mixes cells planned differently.
     */
    public SortedMap<String, String> resumeSettings() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("profile", profile);
        m.put("stores", String.join(",", stores.stream().map(StoreType::cliName).toList()));
        if (!services.isEmpty()) {
            m.put("services", String.join(",", services.stream().map(ServiceKind::cliName).toList()));
        }
        m.put("collectors", String.join(",", collectors.stream().map(Collector::cliName).toList()));
        m.put("jdks", String.join(",", jdks.stream().map(Path::toString).toList()));
        m.put("capacities", capacities.toString());
        m.put("workload", settings.workload().name());
        m.put("rate", Long.toString(settings.rate()));
        m.put("duration", settings.duration().toString());
        m.put("warmup", settings.warmup().toString());
        m.put("periodic-gc", periodicGc.toString());
        m.put("heap", String.join(",", heaps));
        if (!gcFlagSets.equals(List.of(List.of()))) {
            m.put("gc-flags", gcFlagSets.stream().map(MatrixPlan::flagSetLabel).toList().toString());
        }
        m.put("compact-headers", Boolean.toString(compactHeaders));
        m.put("repeats", Integer.toString(repeats));
        m.put("workers", Integer.toString(settings.workers()));
        m.put("seed", Long.toString(settings.seed()));
        m.put("interval", settings.interval().toString());
        m.put("write-behind", settings.writeBehind().toString());
        m.put("shards", Integer.toString(settings.shards()));
        m.put("shard-layout", settings.shardLayout().cliName());
        m.put("population", Long.toString(settings.population()));
        m.put("backing", CellSpecFile.oneLine(settings.backing()));
        m.put("trace", settings.trace() == null ? "none" : CellSpecFile.oneLine(settings.trace()));
        m.put("wait", settings.waitStrategy().cliName());
        m.put("slow-threshold", settings.slowThreshold().toString());
        return m;
    }

    /**
     * One planned cell: a JVM cell ({@code service} null), or a service cell, whose {@code collector}
     * and {@code jdk} are null (it has neither), whose {@code jdkLabel} names its toolchain and whose
     * heap is its own business.
     */
    public record Cell(String id, StoreType store, Collector collector, Path jdk, String jdkLabel, long capacity, int repeat, String heap,
                       ServiceKind service, List<String> gcFlags) {
        public Cell(String id, StoreType store, Collector collector, Path jdk, String jdkLabel, long capacity, int repeat, String heap) {
            this(id, store, collector, jdk, jdkLabel, capacity, repeat, heap, null, List.of());
        }
    }

    /** A flag set as a cell-id part: "none", or the flags without {@code -XX:}, joined by '+'. */
    static String flagSetLabel(List<String> flags) {
        return flags.isEmpty() ? "none" : String.join("+", flags.stream().map(f -> f.substring("-XX:".length())).toList());
    }

    /** The heap label of a service cell: the JVM's -Xmx does not apply to it. */
    public static final String SERVICE_HEAP = "own";

    /** What the cell's JVM is asked to run: the contract the matrix writes into the cell's directory. */
    public CellSpec cellSpec(Cell cell, String gitRevision, String runId, String attempt) {
        if (cell.service() != null) {
            // Go forces a cycle every two minutes whenever its collector is on (the runtime's forcegcperiod).
            Duration forced = cell.service() == ServiceKind.GO ? Duration.ofMinutes(2) : Duration.ZERO;
            return new CellSpec(cell.id(), cell.store(), cell.capacity(), new CellSpec.Labels(cell.service().collectorName(), cell.jdkLabel(),
                    SERVICE_HEAP, CellSpec.periodicGcLabel(forced), List.of()), cell.repeat(), gitRevision, runId, attempt, settings);
        }
        return new CellSpec(cell.id(), cell.store(), cell.capacity(),
                new CellSpec.Labels(cell.collector().cliName(), cell.jdkLabel(), cell.heap(), CellSpec.periodicGcLabel(periodicGc), cell.gcFlags()),
                cell.repeat(), gitRevision, runId, attempt, settings);
    }

    /**
     * Every cell, in execution order: repeat rounds one after another (every cell once, then every
     * cell again), and within a round the cells shuffled with a generator seeded from the settings' seed
     * and the round — recorded, so the order is reproducible, but no store or collector always runs
     * first or last (before, Epsilon always ran last per store, so any drift over a round landed on it).
     */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            List<Cell> round = new ArrayList<>();
            for (long capacity : capacities) {
                for (Path jdk : jdks) {
                    String jdkLabel = JdkLocator.label(jdk);
                    for (StoreType store : stores) {
                        for (Collector collector : collectors) {
                            for (String heap : heaps) {
                                for (List<String> flags : gcFlagSets) {
                                    StringBuilder id = new StringBuilder()
                                            .append(store.cliName()).append("__").append(collector.cliName())
                                            .append("__").append(capacityLabel(capacity)).append("__jdk").append(jdkLabel);
                                    if (heaps.size() > 1) {
                                        id.append("__heap").append(heap);
                                    }
                                    if (gcFlagSets.size() > 1) {
                                        id.append("__").append(flagSetLabel(flags));
                                    }
                                    if (repeats > 1) {
                                        id.append("__r").append(r);
                                    }
                                    round.add(new Cell(id.toString(), store, collector, jdk, jdkLabel, capacity, r, heapFor(heap, collector, capacity),
                                            null, flags));
                                }
                            }
                        }
                    }
                }
                for (ServiceKind service : services) {
                    String toolchain = service.isGo() ? "go" : "rust";
                    StringBuilder id = new StringBuilder().append(service.storeName()).append("__").append(service.collectorName())
                            .append("__").append(capacityLabel(capacity)).append("__").append(toolchain);
                    if (repeats > 1) {
                        id.append("__r").append(r);
                    }
                    round.add(new Cell(id.toString(), service.asStoreType(), null, null, toolchain, capacity, r, SERVICE_HEAP, service, List.of()));
                }
            }
            Collections.shuffle(round, new Random(settings.seed() * 1_000_003L + r));
            out.addAll(round);
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
     * The heap a cell gets: the user's value ({@code heap}), or about 3× the object graph's live set (≈ 120 B per
     * state in this layout) with at least 1 GiB — enough headroom that collections are periodic, not
     * continuous. Epsilon never frees anything, so it gets room for the whole run's allocation too.
     */
    static String heapFor(String heap, Collector collector, long capacity) {
        if (!heap.equals("auto")) {
            return heap;
        }
        long gib = Math.max(1, (long) Math.ceil(capacity * 120.0 * 3 / (1L << 30)));
        if (collector == Collector.EPSILON) {
            gib += 3;
        }
        return Math.min(gib, 20) + "g";
    }

    /**
     * The cells of shard {@code k} (1-based) of {@code n}. Whole comparison groups — one store,
     * capacity, JDK and repeat under every collector — go to one shard, dealt round-robin, so that a
     * ratio between collectors (the tail tax) never divides one machine's figure by another's. Cells
     * keep their execution order.
     */
    public List<Cell> shard(int k, int n) {
        List<Cell> all = cells();
        Map<String, Integer> groupIndex = new LinkedHashMap<>();
        for (Cell c : all) {
            groupIndex.putIfAbsent(comparisonGroup(c), groupIndex.size());
        }
        List<Cell> out = new ArrayList<>();
        for (Cell c : all) {
            if (groupIndex.get(comparisonGroup(c)) % n == k - 1) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The cells compared with each other inside a run: same store, capacity, JDK and repeat; any
     * collector, heap and flag set (so a knob's cell and its plain twin also stay on one machine).
     */
    static String comparisonGroup(Cell c) {
        return c.store().cliName() + "|" + c.capacity() + "|" + c.jdkLabel() + "|" + c.repeat();
    }
}
