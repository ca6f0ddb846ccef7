package io.readstates.harness.matrix;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.cli.CellMain;
import io.readstates.harness.latency.ExternalHiccupControl;
import io.readstates.harness.service.ServiceCellRunner;
import io.readstates.harness.service.ServiceKind;
import io.readstates.results.CellDescription;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunManifest;
import io.readstates.results.UnusableInput;
import io.readstates.store.redis.RedisServer;
import io.readstates.store.registry.StoreKind;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link MatrixPlan}: one fresh JVM per cell, with its own heap, collector flags, GC log and
 * timeout. Each cell's JVM is handed its {@link CellSpec} as {@code cell-spec.json} in the cell's
 * directory ({@code cell --spec FILE}): one typed record, built here from the plan, read there. A
 * cell that crashes, hangs or runs out of memory is recorded with its cause and the matrix goes on.
 *
 * <p>Re-running into the same directory resumes it, safely: the directory is locked for the run
 * ({@link RunLock}); a resume must plan the same settings and cells as {@code run.json} says the run
 * was planned with; cells with a {@code cell.json} are kept, except that {@code retryFailed} runs
 * crashed, hung and out-of-memory cells again (their directory is moved aside, never deleted); a
 * cell directory left half-written by a killed run is moved aside. Every launch carries a fresh
 * attempt token, and a result is adopted only when its {@code cell.json} carries that token — an
 * orphaned JVM of a killed run (which {@link io.readstates.harness.cell.ParentWatch} stops within
 * a fraction of a second anyway) can never have its result taken as this run's. A JVM still running
 * when the matrix is stopped (SIGTERM, Ctrl-C) is stopped with it.
 */
public final class MatrixRunner {
    static final String CELLS = "cells";
    /** The first release where {@code -XX:+UseCompactObjectHeaders} is a product flag (JEP 519). */
    static final int COMPACT_HEADERS_SINCE = 25;
    private final MatrixPlan plan;
    private final Path runDir;
    private final PrintStream out;
    private final String gitRevision;
    private final List<String> commandLine;
    private final Options options;
    private volatile Process running;

    /**
     * How a run treats what it finds in its directory.
     *
     * @param retryFailed run cells again whose earlier attempt crashed, hung or ran out of memory
     * @param runId       the run's identity for a new run (shards of one run pass the same), or null to make one
     */
    public record Options(boolean retryFailed, String runId) {
        public static final Options DEFAULT = new Options(false, null);
    }

    public MatrixRunner(MatrixPlan plan, Path runDir, PrintStream out, String gitRevision, List<String> commandLine) {
        this(plan, runDir, out, gitRevision, commandLine, Options.DEFAULT);
    }

    public MatrixRunner(MatrixPlan plan, Path runDir, PrintStream out, String gitRevision, List<String> commandLine, Options options) {
        this.plan = plan;
        this.runDir = runDir;
        this.out = out;
        this.gitRevision = gitRevision;
        this.commandLine = commandLine;
        this.options = options;
    }

    /**
     * What a run of the given cells did.
     *
     * @param unclean cells of the run, run now or kept from before, whose result is neither {@code ok}
     *                nor {@code unsupported-jdk}: while there are any, the matrix exits non-zero
     */
    public record Summary(int ran, int skipped, int failed, int unclean) {
    }

    public Summary run(List<MatrixPlan.Cell> cells) throws IOException, InterruptedException {
        try (RunLock lock = RunLock.acquire(runDir)) {
            Files.createDirectories(runDir.resolve(CELLS));
            String runId = manifest(cells);
            Leftovers.sweep(runDir.resolve(CELLS), plan.settings().backing().keepFile(), out);
            Thread stopper = new Thread(this::stopRunningCell, "readstates-matrix-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                return runCells(cells, runId);
            } finally {
                removeHook(stopper);
            }
        }
    }

    private Summary runCells(List<MatrixPlan.Cell> cells, String runId) throws IOException, InterruptedException {
        Instant start = Instant.now();
        int ran = 0;
        int skipped = 0;
        int failed = 0;
        int unclean = 0;
        int unsupportedCells = 0;
        List<Optional<String>> unsupportedReasons = cells.stream().map(this::unsupportedOnItsJdk).toList();
        long estimateLeft = 0;
        for (int i = 0; i < cells.size(); i++) {
            estimateLeft += unsupportedReasons.get(i).isEmpty() ? estimateSeconds(cells.get(i)) : 0;
        }
        for (int i = 0; i < cells.size(); i++) {
            MatrixPlan.Cell cell = cells.get(i);
            Path dir = runDir.resolve(CELLS).resolve(cell.id());
            Optional<String> unsupported = unsupportedReasons.get(i);
            if (unsupported.isEmpty()) {
                estimateLeft -= estimateSeconds(cell);
            }
            Optional<CellResult> earlier = earlierResult(dir);
            if (earlier.isPresent() && !(options.retryFailed() && earlier.get().retriable())) {
                CellResult e = earlier.get();
                String why = e.ok() ? "already done" : e.retriable() ? "kept as " + e.status() + " (--retry-failed runs it again)"
                        : "kept as " + e.status();
                out.printf("[%d/%d] %s: %s, skipped%n", i + 1, cells.size(), cell.id(), why);
                skipped++;
                unclean += e.spoilsRun() ? 1 : 0;
                continue;
            }
            if (unsupported.isPresent()) {
                Files.createDirectories(dir);
                ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON),
                        CellResult.failure(CellResult.UNSUPPORTED_JDK, unsupported.get(), describe(cell, runId, null), null));
                out.printf("[%d/%d] %s: not run — %s%n", i + 1, cells.size(), cell.id(), unsupported.get());
                unsupportedCells++;
                continue;
            }
            out.printf("[%d/%d] %s (heap %s) — elapsed %s, about %s left after this cell%n", i + 1, cells.size(), cell.id(), cell.heap(),
                    format(Duration.between(start, Instant.now())), format(Duration.ofSeconds(estimateLeft)));
            moveAside(dir, earlier.isPresent() ? "retried" : "incomplete");
            ensurePackages(cell);
            CellResult result = runCell(cell, dir, runId);
            ran++;
            if (!result.ok()) {
                failed++;
                unclean += result.spoilsRun() ? 1 : 0;
                out.printf("      %s: %s%n", result.status(), result.error());
            } else {
                out.printf("      ok: p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; %d GC pauses, longest %.2f ms%n",
                        result.responseTime().get("all").p99(), result.responseTime().get("all").p999(), result.responseTime().get("all").max(),
                        result.gc().pauseCount(), result.gc().pauseMaxMs());
            }
        }
        deleteTraces();
        out.printf("matrix done in %s: %d cells ran, %d skipped (done earlier), %d did not finish cleanly%s%s%n",
                format(Duration.between(start, Instant.now())), ran, skipped, failed,
                unsupportedCells == 0 ? "" : ", " + unsupportedCells + " not runnable on their JDK (reasons in cell.json and the report)",
                unclean == 0 ? "" : "; the run holds " + unclean + " cell(s) that are not ok");
        return new Summary(ran, skipped, failed, unclean);
    }

    /** The result an earlier attempt left, if it left a readable one; an unreadable one counts as none (its directory is moved aside). */
    private Optional<CellResult> earlierResult(Path dir) {
        if (!Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResultFiles.readCell(dir));
        } catch (UnusableInput e) {
            out.printf("      %s; the cell runs again%n", e.getMessage());
            return Optional.empty();
        }
    }

    private void stopRunningCell() {
        Process p = running;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook is running or ran
        }
    }

    /**
     * Why a cell cannot run on its JDK, if it cannot: a JDK older than the cell side's release, a
     * store that needs FFM (Java 22+) on an older JDK, a collector or flag the JDK does not have.
     * Recorded as the cell's result with the reason, and no JVM is started.
     */
    public Optional<String> unsupportedOnItsJdk(MatrixPlan.Cell cell) {
        if (cell.service() != null) {
            return Optional.empty();
        }
        Optional<Integer> known = JdkLocator.featureVersion(cell.jdk());
        if (known.isEmpty()) {
            return Optional.empty();
        }
        int feature = known.get();
        if (feature < JvmFlags.MINIMUM_CELL_JDK) {
            return Optional.of("JDK " + feature + " cannot run cells: the cell side is built for Java " + JvmFlags.MINIMUM_CELL_JDK
                    + " (class file version 61)");
        }
        Optional<String> store = plan.settings().storeType(cell.store()).unsupportedOn(feature);
        if (store.isPresent()) {
            return store;
        }
        Optional<String> collector = cell.collector().unsupportedOn(feature);
        if (collector.isPresent()) {
            return collector;
        }
        if (plan.compactHeaders() && feature < COMPACT_HEADERS_SINCE) {
            return Optional.of("-XX:+UseCompactObjectHeaders is a product flag from Java " + COMPACT_HEADERS_SINCE
                    + " (JEP 519); this JDK is Java " + feature);
        }
        return Optional.empty();
    }

    public long estimateSeconds(MatrixPlan.Cell cell) {
        return plan.settings().warmup().toSeconds() + plan.settings().duration().toSeconds() + 8 + cell.capacity() / 400_000;
    }

    private Duration timeout(MatrixPlan.Cell cell) {
        return Duration.ofSeconds(2 * estimateSeconds(cell) + 120);
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    private void moveAside(Path dir, String what) throws IOException {
        if (Files.exists(dir)) {
            Path aside = dir.resolveSibling(dir.getFileName() + "." + what + "-" + System.currentTimeMillis());
            Files.move(dir, aside);
            out.printf("      the earlier attempt was moved to %s%n", aside.getFileName());
        }
        Files.createDirectories(dir);
    }

    public List<String> command(MatrixPlan.Cell cell, Path dir) {
        return command(cell, dir, false);
    }

    /** The cell as this run would plan it now (no attempt token yet): what {@code --dry-run} prints. */
    public CellSpec plannedSpec(MatrixPlan.Cell cell) {
        return plan.cellSpec(cell, gitRevision, options.runId(), null);
    }

    /** The cell's JVM: heap, collector and logging flags, then {@code cell --spec} with the spec in the cell's directory. */
    private List<String> command(MatrixPlan.Cell cell, Path dir, boolean watchParent) {
        List<String> cmd = new ArrayList<>();
        if (cell.service() != null) {
            cmd.add(cell.service().executable().toString());
            cmd.addAll(List.of("run", "…", "(the service's own process; traces and options written at run time)"));
            return cmd;
        }
        cmd.add(JdkLocator.javaExecutable(cell.jdk()).toString());
        cmd.add("-Xms" + cell.heap());
        cmd.add("-Xmx" + cell.heap());
        cmd.add("-XX:+AlwaysPreTouch");
        cmd.addAll(cell.collector().jvmFlags(plan.periodicGc()));
        cmd.addAll(cell.gcFlags());
        if (plan.compactHeaders()) {
            cmd.add("-XX:+UseCompactObjectHeaders");
        }
        cmd.addAll(JvmFlags.common(JdkLocator.featureVersion(cell.jdk()).orElse(Runtime.version().feature())));
        cmd.add("-Xlog:gc*:file=" + dir.resolve(ResultFiles.GC_LOG) + ":time,uptime,level,tags");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CellMain.class.getName());
        cmd.addAll(List.of("--spec", dir.resolve(CellSpecFile.FILE).toString()));
        if (watchParent) {
            cmd.addAll(List.of("--parent-pid", Long.toString(ProcessHandle.current().pid())));
        }
        return cmd;
    }

    private CellResult runCell(MatrixPlan.Cell cell, Path dir, String runId) throws IOException, InterruptedException {
        Path log = dir.resolve(ResultFiles.CELL_LOG);
        String attempt = UUID.randomUUID().toString();
        if (cell.service() != null) {
            ensureServicesBuilt();
            return ServiceCellRunner.run(cell.service(), plan.cellSpec(cell, gitRevision, runId, attempt), dir, timeout(cell), runDir.resolve(TRACES));
        }
        CellSpecFile.write(dir, plan.cellSpec(cell, gitRevision, runId, attempt));
        Process p = new ProcessBuilder(command(cell, dir, true)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        running = p;
        Process control = externalHiccupControl(cell, dir, p);
        CellResult result;
        try {
            result = awaitResult(cell, dir, runId, attempt, p, log);
        } finally {
            running = null;
            control.destroy();
            control.waitFor(5, TimeUnit.SECONDS);
        }
        if (!result.ok() || !plan.settings().backing().keepFile()) {
            BackingSpec.deleteFile(dir);
        }
        return result;
    }

    /**
     * Builds the services ({@code services/build.sh}) once per run, before the first service cell,
     * when a binary is missing or older than its sources ({@link ServiceKind#needsBuild}), so a fresh
     * or updated checkout runs service rows without a hand step; a failed build is left for the
     * cells to record (a missing binary fails its cell with the fix named).
     */
    private void ensureServicesBuilt() throws IOException, InterruptedException {
        boolean needed = plan.services().stream().anyMatch(ServiceKind::needsBuild);
        if (!needed || servicesBuildTried) {
            return;
        }
        servicesBuildTried = true;
        Path script = ServiceKind.home().resolve("build.sh");
        Path log = runDir.resolve("services-build.log");
        out.printf("      building the services (%s; output in %s)%n", script, log.getFileName());
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * The out-of-process hiccup control beside the cell ({@link ExternalHiccupControl}): a JVM of the
     * cell's JDK with a 32 MB serial-collector heap that ends when the cell does.
     */
    private static Process externalHiccupControl(MatrixPlan.Cell cell, Path dir, Process cellProcess) throws IOException {
        return new ProcessBuilder(JdkLocator.javaExecutable(cell.jdk()).toString(), "-Xms32m", "-Xmx32m", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), ExternalHiccupControl.class.getName(),
                dir.resolve(ExternalHiccupControl.FILE).toString(), Long.toString(cellProcess.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private CellResult awaitResult(MatrixPlan.Cell cell, Path dir, String runId, String attempt, Process p, Path log)
            throws IOException, InterruptedException {
        boolean finished = p.waitFor(timeout(cell).toSeconds(), TimeUnit.SECONDS);
        String status;
        String error;
        Path json = dir.resolve(ResultFiles.CELL_JSON);
        if (!finished) {
            p.destroyForcibly().waitFor();
            status = "timeout";
            error = "no result after " + timeout(cell).toSeconds() + " s; the JVM was killed (see cell.log)";
        } else if (Files.exists(json)) {
            try {
                CellResult r = ResultFiles.readCell(dir);
                if (attempt.equals(r.cell().attempt())) {
                    return r;
                }
                Path foreign = dir.resolve(ResultFiles.CELL_JSON + ".foreign-" + System.currentTimeMillis());
                Files.move(json, foreign);
                status = "failed";
                error = "cell.json was written by another process (attempt " + r.cell().attempt() + ", not this run's " + attempt
                        + "); kept as " + foreign.getFileName() + " and not adopted";
            } catch (UnusableInput e) {
                status = "failed";
                error = e.getMessage();
            }
        } else {
            CellFailureCause cause = CellFailureCause.of(p.exitValue(), Files.exists(log) ? Files.readString(log) : "");
            status = cause.status();
            error = cause.reason();
        }
        CellResult failure = CellResult.failure(status, error, describe(cell, runId, attempt), null);
        ResultFiles.writeAtomically(json, failure);
        return failure;
    }

    private boolean servicesBuildTried;
    private boolean packagesTried;

    /**
     * Installs, once per run and before the first cell that needs them, the Debian packages that cell
     * lacks ({@link DebianPackages}); a failed install is left for the cell to record with its advice.
     */
    private void ensurePackages(MatrixPlan.Cell cell) throws IOException, InterruptedException {
        if (packagesTried) {
            return;
        }
        List<String> missing = missingPackages(cell, RedisServer::localServerMissing);
        if (missing.isEmpty()) {
            return;
        }
        packagesTried = true;
        DebianPackages.install(missing, runDir.resolve("packages-install.log"), out);
    }

    /** The Debian packages {@code cell} needs and this machine lacks: {@code redis-server} for a Redis cell without a server. */
    static List<String> missingPackages(MatrixPlan.Cell cell, BooleanSupplier redisServerMissing) {
        return cell.store() == StoreKind.REDIS && cell.service() == null && redisServerMissing.getAsBoolean() ? List.of("redis-server") : List.of();
    }

    /** The service cells' shared traces ({@link ServiceCellRunner}), deleted when the cells are done: gigabytes at Discord's scale. */
    static final String TRACES = "service-traces";

    private void deleteTraces() throws IOException {
        Path traces = runDir.resolve(TRACES);
        if (Files.isDirectory(traces)) {
            try (var files = Files.list(traces)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(traces);
        }
    }

    private CellDescription describe(MatrixPlan.Cell cell, String runId, String attempt) {
        return plan.cellSpec(cell, gitRevision, runId, attempt).describe(command(cell, runDir.resolve(CELLS).resolve(cell.id()), attempt != null));
    }

    /**
     * Writes {@code run.json} for a new run and returns its run id; for a resumed run, checks that
     * this plan is the one the run was made with (refusing with the differences) and returns the
     * run's id.
     */
    private String manifest(List<MatrixPlan.Cell> cells) {
        Path file = runDir.resolve(RunManifest.FILE);
        List<String> ids = cells.stream().map(MatrixPlan.Cell::id).toList();
        if (Files.exists(file)) {
            RunManifest earlier;
            try {
                earlier = ResultFiles.read(file, RunManifest.class);
            } catch (UnusableInput e) {
                throw new UnusableInput("cannot resume " + runDir + ": " + e.getMessage() + "; choose another --out");
            }
            List<String> differences = new ArrayList<>();
            if (earlier.plan() == null) {
                differences.add("run.json records no plan (written by an older readstates-gc)");
            } else {
                plan.resumeSettings().forEach((k, v) -> {
                    if (!v.equals(earlier.plan().get(k))) {
                        differences.add(k + " was " + earlier.plan().get(k) + ", now " + v);
                    }
                });
            }
            if (!ids.equals(earlier.cells())) {
                differences.add("the cells differ (" + earlier.cells().size() + " planned then, " + ids.size() + " now; another --shard?)");
            }
            if (options.runId() != null && !options.runId().equals(earlier.runId())) {
                differences.add("run id was " + earlier.runId() + ", now " + options.runId());
            }
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException("refusing to resume " + runDir + " with a different plan: " + String.join("; ", differences)
                        + "; repeat the original options (see its run.json) or choose another --out");
            }
            if (!gitRevision.equals(earlier.gitRevision())) {
                out.printf("note: the run was started at revision %s and is resumed at %s; each cell records its own%n", earlier.gitRevision(), gitRevision);
            }
            return earlier.runId();
        }
        String runId = options.runId() != null ? options.runId() : newRunId();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RunManifest m = new RunManifest(plan.profile(), Instant.now().toString(), commandLine, gitRevision,
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                plan.stores().stream().map(s -> s.cliName()).toList(), plan.collectors().stream().map(c -> c.cliName()).toList(),
                plan.jdks().stream().map(Path::toString).toList(), plan.capacities(), plan.settings().workload().name(), plan.settings().rate(),
                plan.settings().duration().toMillis() / 1000.0, plan.settings().warmup().toMillis() / 1000.0,
                CellSpec.periodicGcLabel(plan.periodicGc()), plan.repeats(), ids, runId, plan.resumeSettings());
        ResultFiles.writeAtomically(file, m);
        return runId;
    }

    /** A run id unique enough to tell runs apart: the start time and 32 random bits. */
    static String newRunId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%08x", new java.security.SecureRandom().nextInt());
    }

    /** The source revision, or "unknown" outside a git checkout. */
    public static String gitRevision() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String rev = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                return "unknown";
            }
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
            d.waitFor();
            return dirty ? rev + "-dirty" : rev;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

}
