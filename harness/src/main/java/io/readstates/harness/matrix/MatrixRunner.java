package io.readstates.harness.matrix;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.cli.ReadStatesCli;
import io.readstates.report.model.CellDescription;
import io.readstates.report.model.CellResult;
import io.readstates.report.model.ResultFiles;
import io.readstates.report.model.RunManifest;
import io.readstates.store.StoreKind;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link MatrixPlan}: one fresh JVM per cell, with its own heap, collector flags, GC log and
 * timeout. A cell that crashes, hangs or runs out of memory is recorded with its reason and the
 * matrix goes on. Re-running into the same directory resumes: cells with a {@code cell.json} are
 * skipped; a cell directory left half-written by a killed run is moved aside, never deleted.
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

    public MatrixRunner(MatrixPlan plan, Path runDir, PrintStream out, String gitRevision, List<String> commandLine) {
        this.plan = plan;
        this.runDir = runDir;
        this.out = out;
        this.gitRevision = gitRevision;
        this.commandLine = commandLine;
    }

    /** What a run of the given cells did. */
    public record Summary(int ran, int skipped, int failed) {
    }

    public Summary run(List<MatrixPlan.Cell> cells) throws IOException, InterruptedException {
        Files.createDirectories(runDir.resolve(CELLS));
        writeManifest(cells);
        Instant start = Instant.now();
        int ran = 0;
        int skipped = 0;
        int failed = 0;
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
            if (Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
                out.printf("[%d/%d] %s: already done, skipped%n", i + 1, cells.size(), cell.id());
                skipped++;
                continue;
            }
            if (unsupported.isPresent()) {
                Files.createDirectories(dir);
                ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), CellResult.failure("unsupported-jdk", unsupported.get(), describe(cell), null));
                out.printf("[%d/%d] %s: not run — %s%n", i + 1, cells.size(), cell.id(), unsupported.get());
                unsupportedCells++;
                continue;
            }
            out.printf("[%d/%d] %s (heap %s) — elapsed %s, about %s left after this cell%n", i + 1, cells.size(), cell.id(), cell.heap(),
                    format(Duration.between(start, Instant.now())), format(Duration.ofSeconds(estimateLeft)));
            moveAsideIncomplete(dir);
            CellResult result = runCell(cell, dir);
            ran++;
            if (!result.ok()) {
                failed++;
                out.printf("      %s: %s%n", result.status(), result.error());
            } else {
                out.printf("      ok: p99 %.3f ms, p99.9 %.3f ms, max %.3f ms; %d GC pauses, longest %.2f ms%n",
                        result.responseTime().get("all").p99(), result.responseTime().get("all").p999(), result.responseTime().get("all").max(),
                        result.gc().pauseCount(), result.gc().pauseMaxMs());
            }
        }
        out.printf("matrix done in %s: %d cells ran, %d skipped (already done), %d did not finish cleanly%s%n",
                format(Duration.between(start, Instant.now())), ran, skipped, failed,
                unsupportedCells == 0 ? "" : ", " + unsupportedCells + " not runnable on their JDK (reasons in cell.json and the report)");
        return new Summary(ran, skipped, failed);
    }

    /**
     * Why a cell cannot run on its JDK, if it cannot: a JDK older than the cell side's release, a
     * store that needs FFM (Java 22+) on an older JDK, a collector or flag the JDK does not have.
     * Recorded as the cell's result with the reason, and no JVM is started.
     */
    public Optional<String> unsupportedOnItsJdk(MatrixPlan.Cell cell) {
        Optional<Integer> known = JdkLocator.featureVersion(cell.jdk());
        if (known.isEmpty()) {
            return Optional.empty();
        }
        int feature = known.get();
        if (feature < JvmFlags.MINIMUM_CELL_JDK) {
            return Optional.of("JDK " + feature + " cannot run cells: the cell side is built for Java " + JvmFlags.MINIMUM_CELL_JDK
                    + " (class file version 61)");
        }
        Optional<String> store = cell.store().unsupportedOn(feature);
        if (store.isEmpty() && cell.store() == StoreKind.SHARDED) {
            store = plan.shardLayout().unsupportedOn(feature).map(r -> "sharded over " + plan.shardLayout().cliName() + ": " + r);
        }
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
        return plan.warmup().toSeconds() + plan.duration().toSeconds() + 8 + cell.capacity() / 400_000;
    }

    private Duration timeout(MatrixPlan.Cell cell) {
        return Duration.ofSeconds(2 * estimateSeconds(cell) + 120);
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    private void moveAsideIncomplete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path aside = dir.resolveSibling(dir.getFileName() + ".incomplete-" + System.currentTimeMillis());
            Files.move(dir, aside);
            out.printf("      an earlier, unfinished attempt was moved to %s%n", aside.getFileName());
        }
        Files.createDirectories(dir);
    }

    public List<String> command(MatrixPlan.Cell cell, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JdkLocator.javaExecutable(cell.jdk()).toString());
        cmd.add("-Xms" + cell.heap());
        cmd.add("-Xmx" + cell.heap());
        cmd.add("-XX:+AlwaysPreTouch");
        cmd.addAll(cell.collector().jvmFlags(plan.periodicGc()));
        if (plan.compactHeaders()) {
            cmd.add("-XX:+UseCompactObjectHeaders");
        }
        cmd.addAll(JvmFlags.common(JdkLocator.featureVersion(cell.jdk()).orElse(Runtime.version().feature())));
        cmd.add("-Xlog:gc*:file=" + dir.resolve(ResultFiles.GC_LOG) + ":time,uptime,level,tags");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ReadStatesCli.class.getName());
        cmd.add("cell");
        cmd.addAll(List.of(
                "--out", dir.toString(),
                "--id", cell.id(),
                "--store", cell.store().cliName(),
                "--capacity", Long.toString(cell.capacity()),
                "--workload", plan.workload(),
                "--rate", Long.toString(plan.rate()),
                "--duration", plan.duration().toMillis() + "ms",
                "--warmup", plan.warmup().toMillis() + "ms",
                "--workers", Integer.toString(plan.workers()),
                "--seed", Long.toString(plan.seed()),
                "--write-behind", plan.writeBehind().toMillis() + "ms",
                "--shards", Integer.toString(plan.shards()),
                "--shard-layout", plan.shardLayout().cliName(),
                "--label-collector", cell.collector().cliName(),
                "--label-jdk", cell.jdkLabel(),
                "--label-heap", cell.heap(),
                "--label-periodic-gc", plan.periodicGc().isZero() ? "off" : plan.periodicGc().toMillis() + "ms",
                "--repeat", Integer.toString(cell.repeat()),
                "--git-revision", gitRevision,
                "--population", Long.toString(plan.population())));
        cmd.addAll(plan.backing().cellArguments());
        if (plan.trace() != null) {
            cmd.addAll(plan.trace().cellArguments());
        }
        return cmd;
    }

    private CellResult runCell(MatrixPlan.Cell cell, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve(ResultFiles.CELL_LOG);
        Process p = new ProcessBuilder(command(cell, dir)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(timeout(cell).toSeconds(), TimeUnit.SECONDS);
        String status;
        String error;
        if (!finished) {
            p.destroyForcibly().waitFor();
            status = "timeout";
            error = "no result after " + timeout(cell).toSeconds() + " s; the JVM was killed (see cell.log)";
        } else if (Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            return ResultFiles.readCell(dir);
        } else {
            String text = Files.exists(log) ? Files.readString(log) : "";
            status = text.contains("OutOfMemoryError") || text.contains("Out of memory") ? "out-of-memory" : "failed";
            error = "exit status " + p.exitValue() + ": " + lastLines(text, 3);
        }
        CellResult failure = CellResult.failure(status, error, describe(cell), null);
        ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), failure);
        return failure;
    }

    private CellDescription describe(MatrixPlan.Cell cell) {
        return new CellDescription(cell.id(), cell.store().cliName(), cell.collector().cliName(), cell.jdkLabel(), cell.capacity(),
                plan.workload(), null, 0, plan.rate(), plan.duration().toMillis() / 1000.0, plan.warmup().toMillis() / 1000.0,
                plan.workers(), plan.seed(), cell.heap(), plan.periodicGc().toString(), cell.repeat(), command(cell, runDir));
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - n), lines.length));
    }

    private void writeManifest(List<MatrixPlan.Cell> cells) {
        Path file = runDir.resolve(RunManifest.FILE);
        if (Files.exists(file)) {
            return;
        }
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RunManifest m = new RunManifest(plan.profile(), Instant.now().toString(), commandLine, gitRevision,
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                plan.stores().stream().map(s -> s.cliName()).toList(), plan.collectors().stream().map(c -> c.cliName()).toList(),
                plan.jdks().stream().map(Path::toString).toList(), plan.capacities(), plan.workload(), plan.rate(),
                plan.duration().toMillis() / 1000.0, plan.warmup().toMillis() / 1000.0, plan.periodicGc().toString(), plan.repeats(),
                cells.stream().map(MatrixPlan.Cell::id).toList());
        ResultFiles.writeAtomically(file, m);
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
