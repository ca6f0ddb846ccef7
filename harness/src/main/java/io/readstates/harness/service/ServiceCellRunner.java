package io.readstates.harness.service;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.cell.CellRunner;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.results.CellResult;
import io.readstates.results.Environment;
import io.readstates.results.Footprint;
import io.readstates.results.GcFigures;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunFigures;
import io.readstates.results.StoreFigures;
import io.readstates.workload.Operation;
import io.readstates.workload.OperationSource;
import io.readstates.workload.OperationStream;
import io.readstates.workload.OperationType;
import io.readstates.workload.Population;
import io.readstates.workload.trace.BinaryTraceFormat;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one service cell: the operations a JVM cell of the same settings would run — the same
 * population, the same generated stream for warm-up and window, at the same intended times — written
 * as binary traces, replayed by the service's own open-loop driver in its own process, and its
 * {@code latency.hlog}, {@code service.json} and (Go) {@code gctrace} read back into the same
 * {@code cell.json} a JVM cell writes. A crash, a hang or a refusal is recorded as the cell's result.
 *
 * <p>The JVM cell's warm-up and window draw from one stream, warm-up first; so does the trace here
 * (its first warm-up × rate operations are the warm-up). The JVM settles with a full collection
 * between them; the Go service does a {@code runtime.GC()} there unless {@code GOGC=off}.
 */
public final class ServiceCellRunner {
    static final String POPULATION_TRACE = "population.bin";
    static final String OPERATIONS_TRACE = "operations.bin";
    static final String SERVICE_JSON = "service.json";
    static final String STDERR = "service-stderr.log";

    private ServiceCellRunner() {
    }

    /** Runs the cell into {@code dir} and returns (and writes) its result; its traces are written there and deleted afterwards. */
    public static CellResult run(ServiceKind kind, CellSpec spec, Path dir, Duration timeout) throws IOException, InterruptedException {
        return run(kind, spec, dir, timeout, null);
    }

    /**
     * Runs the cell with its traces kept in {@code traceCache}, shared by every service cell of the
     * same operations (a matrix writes a Discord-scale trace — gigabytes — once, not once per
     * service); the caller deletes the cache. With a null cache the traces live in {@code dir} and
     * are deleted when the cell ends.
     */
    public static CellResult run(ServiceKind kind, CellSpec spec, Path dir, Duration timeout, Path traceCache) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        CellSpecFile.write(dir, spec);
        Instant startedAt = Instant.now();
        CellSettings s = spec.settings();
        List<String> command = new ArrayList<>();
        String key = traceKey(spec);
        Path population = traceCache == null ? dir.resolve(POPULATION_TRACE) : traceCache.resolve(key + "." + POPULATION_TRACE);
        Path operations = traceCache == null ? dir.resolve(OPERATIONS_TRACE) : traceCache.resolve(key + "." + OPERATIONS_TRACE);
        try {
            if (s.workers() != 1) {
                return failed(spec, kind, command, startedAt, dir, "a service cell has one driver thread; --workers " + s.workers() + " applies to JVM cells only");
            }
            if (s.trace() != null) {
                return failed(spec, kind, command, startedAt, dir, "service cells replay the generated workload; --trace applies to JVM cells only");
            }
            if (!Files.isExecutable(kind.executable())) {
                return failed(spec, kind, command, startedAt, dir, kind.executable() + " is missing; build the services with services/build.sh");
            }
            long warmupOps = Math.max(1, Math.round(s.warmup().toNanos() / 1e9 * s.rate()));
            long windowOps = Math.round(s.duration().toNanos() / 1e9 * s.rate());
            if (!Files.exists(population) || !Files.exists(operations)) {
                Population pop = Population.of(s.workload(), spec.populationStates(), s.seed());
                writeOnce(population, tmp -> BinaryTraceFormat.record(new PopulationOrder(pop), pop.states(), 1e9, tmp));
                writeOnce(operations, tmp -> BinaryTraceFormat.record(new OperationStream(pop, s.workload(), s.seed(), 0, 1), warmupOps + windowOps,
                        s.rate(), tmp));
            }
            command.add(kind.executable().toString());
            command.add("run");
            command.addAll(kind.arguments());
            command.addAll(List.of("--population", population.toString(), "--trace", operations.toString(), "--warmup-ops", Long.toString(warmupOps),
                    "--capacity", Long.toString(spec.capacity()), "--write-behind-ms", Long.toString(Math.max(1, s.writeBehind().toMillis())),
                    "--interval-ms", Long.toString(s.interval().toMillis()), "--out", dir.toString(),
                    "--comment", "readstates-gc service cell " + spec.id() + " values in nanoseconds; tags <op>.response (from intended start), "
                            + "<op>.service (from actual start), hiccup, start-lag"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(ResultFiles.CELL_LOG).toFile())
                    .redirectError(dir.resolve(STDERR).toFile());
            pb.environment().putAll(kind.environment());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return write(dir, CellResult.failure("timeout", "no result after " + timeout.toSeconds() + " s; the service was killed (see cell.log)",
                        spec.describe(command), environment(kind, spec, startedAt, command)));
            }
            List<String> stderr = Files.readAllLines(dir.resolve(STDERR), StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || !Files.exists(dir.resolve(SERVICE_JSON))) {
                String why = stderr.stream().filter(l -> l.startsWith("error:")).findFirst()
                        .orElse("the service exited with status " + p.exitValue() + (p.exitValue() > 128 ? " (killed by signal " + (p.exitValue() - 128) + ")" : ""));
                return failed(spec, kind, command, startedAt, dir, why + " (see " + STDERR + ")");
            }
            ServiceFigures f = ResultFiles.read(dir.resolve(SERVICE_JSON), ServiceFigures.class);
            return write(dir, assemble(kind, spec, f, stderr, dir, command, startedAt));
        } finally {
            if (traceCache == null) {
                Files.deleteIfExists(population);
                Files.deleteIfExists(operations);
            }
        }
    }

    /** What decides a service cell's operations: the same key, the same two traces. */
    static String traceKey(CellSpec spec) {
        CellSettings s = spec.settings();
        String what = String.join("|", s.workload().describe(), Long.toString(spec.populationStates()), Long.toString(s.seed()),
                Long.toString(s.rate()), s.warmup().toString(), s.duration().toString());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private interface TraceWriter {
        void writeTo(Path file);
    }

    /** Writes to a temporary file moved into place, so that a cache never holds half a trace. */
    private static void writeOnce(Path target, TraceWriter writer) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            writer.writeTo(tmp);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static CellResult failed(CellSpec spec, ServiceKind kind, List<String> command, Instant startedAt, Path dir, String why) {
        return write(dir, CellResult.failure("failed", why, spec.describe(command), environment(kind, spec, startedAt, command)));
    }

    private static CellResult write(Path dir, CellResult r) {
        ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), r);
        return r;
    }

    private static CellResult assemble(ServiceKind kind, CellSpec spec, ServiceFigures f, List<String> stderr, Path dir, List<String> command,
                                       Instant startedAt) {
        CellSettings s = spec.settings();
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Histogram> totals = totals(dir.resolve(ResultFiles.LATENCY_LOG));
        GcFigures gc = kind.isGo()
                ? GoGcTrace.figures(GoGcTrace.parse(stderr), f.processStartEpochMs(), f.windowStartEpochMs(), f.windowEndEpochMs(), f.processCpuMs(), cores)
                : GoGcTrace.none(f.processCpuMs(), cores);
        List<String> notes = new ArrayList<>();
        notes.add("service " + f.service() + " (" + f.variant() + ", " + f.toolchain() + (kind.isGo() ? ", GOGC=" + (f.gogc().isEmpty() ? "100 (default)" : f.gogc()) : "")
                + "), driven by its own open-loop driver in its process over the same operations a JVM cell of these settings runs");
        if (kind.isGo()) {
            notes.add(String.format(Locale.ROOT, "GC figures from GODEBUG=gctrace=1 (each cycle: two stop-the-world pauses and the concurrent mark); "
                    + "the runtime's own MemStats agree on %d cycles (%d forced) and %.3f ms of pauses in the window", f.gcCyclesInWindow(),
                    f.forcedGcCyclesInWindow(), f.gcPauseTotalMsInWindow()));
        }
        notes.add("not measured for services: allocation rate, the driver's own CPU apart from the process's, slow-operation attribution");
        double window = f.elapsedSeconds();
        RunFigures run = new RunFigures(s.rate(), f.completedOperations() / Math.max(1e-9, window), f.scheduledOperations(), f.completedOperations(),
                window, f.maxLagMs(), f.windowStartEpochMs(), f.windowEndEpochMs(), s.interval().toMillis() / 1000.0, 0, 0);
        boolean keptUp = f.completedOperations() == f.scheduledOperations();
        double perState = f.residentStates() == 0 ? 0 : (double) f.footprintBytes() / f.residentStates();
        Footprint footprint = new Footprint(f.residentStates(), f.footprintBytes(), 0, perState, 0, f.footprintMethod(), null, null, null);
        long lookups = f.hits() + f.misses();
        StoreFigures store = new StoreFigures(f.hits(), f.misses(), lookups == 0 ? 0 : (double) f.hits() / lookups, f.evictions(), f.evictionWrites(),
                f.flushWrites(), kind.isGo() ? "memory-mapped region off the Go heap, OffHeapBackingStore's record layout" : "BTreeMap in the process",
                null, null, null, null);
        return new CellResult(CellResult.SCHEMA, keptUp ? "ok" : "behind",
                keptUp ? null : String.format(Locale.ROOT, "the service could not keep up: %d of %d scheduled operations ran before the deadline",
                        f.completedOperations(), f.scheduledOperations()),
                spec.describe(command, f.populationStates(), s.workload().name(), s.workload().describe(), s.rate(), s.duration()),
                environment(kind, spec, startedAt, command), run, CellRunner.summaries(totals, "response"), CellRunner.summaries(totals, "service"),
                CellRunner.summary(totals.getOrDefault("hiccup", LatencyRecorders.newTotal())), gc, footprint, store, notes, null);
    }

    /** Every tag's histograms in the log, summed. */
    static Map<String, Histogram> totals(Path hlog) {
        Map<String, Histogram> out = new HashMap<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                out.computeIfAbsent(e.getTag(), t -> LatencyRecorders.newTotal()).add((Histogram) e);
            }
        } catch (IOException ex) {
            throw new io.readstates.results.UnusableInput("cannot read the service's latency log " + hlog + ": " + ex.getMessage());
        }
        return out;
    }

    private static Environment environment(ServiceKind kind, CellSpec spec, Instant startedAt, List<String> command) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return new Environment(spec.labels().jdk(), kind.executable().toString(), kind.storeName() + " service", command, spec.gitRevision(),
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(), host, System.getProperty("os.name") + " " + System.getProperty("os.version"),
                startedAt.toString());
    }

    /** Every state of the population as a get, in the order a JVM cell preloads its backing store and fills its cache. */
    static final class PopulationOrder implements OperationSource {
        private final Population population;
        private int user;
        private int k;

        PopulationOrder(Population population) {
            this.population = population;
        }

        @Override
        public void next(Operation op) {
            while (k >= population.channelsOf(user)) {
                user++;
                k = 0;
            }
            op.set(OperationType.GET, Population.userId(user), population.channelId(user, k), 0);
            k++;
        }
    }
}
