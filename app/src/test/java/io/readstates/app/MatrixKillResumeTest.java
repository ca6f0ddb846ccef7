package io.readstates.app;

import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.matrix.JdkLocator;
import io.readstates.report.history.RunHistory;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a running matrix mid-cell, as a user (SIGTERM, Ctrl-C) or the machine (SIGKILL) would, and
 * resumes it: no cell JVM may go on measuring in the background, and the resumed cell's result must
 * come from the JVM the resumed run started — never the orphan's.
 */
class MatrixKillResumeTest {

    private static List<String> matrixArguments(Path runDir) {
        return List.of("matrix", "--profile", "smoke", "--out", runDir.toString(), "--stores", "object-graph", "--collectors", "g1",
                "--capacities", "20k", "--workload", "small", "--rate", "2k", "--duration", "10s", "--warmup", "0", "--periodic-gc", "off",
                "--no-report");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIGKILL", "SIGTERM"})
    void aKilledMatrixLeavesNoCellRunningAndAResumeAdoptsOnlyItsOwnResult(String signal, @TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReadStatesCli.class.getName()));
        cmd.addAll(matrixArguments(runDir));
        Process matrix = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("matrix.log").toFile()).start();
        ProcessHandle cell;
        String killedAttempt;
        try {
            cell = awaitCellJvm(matrix);
            killedAttempt = CellSpecFile.read(Path.of(argumentAfter(cell, "--spec").orElseThrow())).attempt();
            assertThat(killedAttempt).as("the matrix gives every launch a token").isNotBlank();
            Thread.sleep(1_500);
        } finally {
            if (signal.equals("SIGKILL")) {
                matrix.destroyForcibly();
            } else {
                matrix.destroy();
            }
            matrix.waitFor(30, TimeUnit.SECONDS);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        while (cell.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        boolean orphanAlive = cell.isAlive();
        cell.destroyForcibly();
        assertThat(orphanAlive).as("the cell JVM of a matrix killed with " + signal + " stopped by itself").isFalse();

        Instant resumed = Instant.now();
        assertThat(ReadStatesCli.execute(matrixArguments(runDir).toArray(String[]::new))).isZero();

        Path cellDir = runDir.resolve("cells").resolve("object-graph__g1__20k__jdk" + JdkLocator.label(JdkLocator.current()));
        CellResult r = ResultFiles.readCell(cellDir);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.cell().attempt()).isNotNull().isNotEqualTo(killedAttempt);
        assertThat(Instant.parse(r.environment().startedAt())).isAfter(resumed);
        assertThat(cellDir.resolve("backing.db")).doesNotExist();

        // the finished run goes into a history once, however often the matrix is run over it
        Path history = dir.resolve("history.duckdb");
        List<String> withHistory = new ArrayList<>(matrixArguments(runDir));
        withHistory.addAll(List.of("--history", history.toString()));
        assertThat(ReadStatesCli.execute(withHistory.toArray(String[]::new))).isZero();
        assertThat(ReadStatesCli.execute(withHistory.toArray(String[]::new))).isZero();
        try (RunHistory h = RunHistory.open(history)) {
            assertThat(h.size()).isEqualTo(1);
            assertThat(h.trends("p999_ms").values()).singleElement().satisfies(series -> assertThat(series).hasSize(1));
        }
    }

    private static ProcessHandle awaitCellJvm(Process matrix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> cell = matrix.toHandle().descendants().filter(p -> argumentAfter(p, "--spec").isPresent()).findFirst();
            if (cell.isPresent()) {
                return cell.get();
            }
            assertThat(matrix.isAlive()).as("the matrix is still running").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the matrix started no cell JVM within 60 s");
    }

    /**
     * An argument of a running process, from {@code /proc/PID/cmdline}: {@code ProcessHandle.Info}
     * gives no arguments for a command line as long as a test JVM's class path makes it.
     */
    private static Optional<String> argumentAfter(ProcessHandle p, String option) {
        String[] args;
        try {
            args = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException gone) {
            return Optional.empty();
        }
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(option)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }
}
