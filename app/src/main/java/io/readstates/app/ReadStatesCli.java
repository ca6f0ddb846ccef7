package io.readstates.app;

import io.readstates.harness.cli.CellCommand;
import io.readstates.harness.cli.ExitStatus;
import io.readstates.harness.cli.ReplayCommand;
import io.readstates.harness.cli.TraceCommand;
import io.readstates.report.cli.CheckCommand;
import io.readstates.report.cli.HistoryCommand;
import io.readstates.report.cli.ReportCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The command line, joining the harness's commands — {@code cell} (one measured cell in this JVM),
 * {@code matrix} (many cells, one fresh JVM each), {@code replay} (a trace through a store, its
 * contents out), {@code trace} (a workload written as a trace file) — with the reports' —
 * {@code report} (charts and HTML from result directories), {@code check} (a run against a
 * baseline, rules or its history) and {@code history} (runs kept in a DuckDB file, trends with
 * change points). This module is the only one that sees both sides; exit statuses are
 * {@link ExitStatus}'s.
 */
@Command(name = "readstates-gc", mixinStandardHelpOptions = true, version = "readstates-gc 0.1.0",
        description = "Measures what garbage collection costs a large in-process LRU of read states, per store layout and collector.",
        subcommands = {CellCommand.class, MatrixCommand.class, ReportCommand.class, CheckCommand.class, ReplayCommand.class, TraceCommand.class,
                HistoryCommand.class})
public final class ReadStatesCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status ({@link ExitStatus}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return ExitStatus.commandLine(new ReadStatesCli());
    }
}
