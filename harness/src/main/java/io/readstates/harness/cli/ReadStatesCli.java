package io.readstates.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The command line: {@code cell} (one measured cell in this JVM), {@code matrix} (many cells, one
 * fresh JVM each), {@code report} (charts and HTML from a result directory), {@code check} (a run
 * against a baseline or rules), {@code replay} (a trace through a store, its contents out) and
 * {@code trace} (a workload written as a trace file) and {@code history} (runs kept in a DuckDB file,
 * trends with change points). Exit statuses mean one thing each: 0 done; 1 a failed gate, or a run
 * or cell that did not finish cleanly; 2 unusable input — a wrong option or value, a missing,
 * unreadable or corrupt file — always with one line saying what was wrong and what would be right;
 * 3 an internal error (a bug: the stack trace is printed).
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

    public static final int FAILED = 1;
    public static final int UNUSABLE_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    /** Runs the CLI and returns the exit status (0 ok, 1 failure or regression, 2 unusable input, 3 internal error). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReadStatesCli());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return UNUSABLE_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof UsageException || ex instanceof UncheckedIOException) {
                err.println("error: " + ex.getMessage());
                return UNUSABLE_INPUT;
            }
            err.println("internal error (please report it with the trace below): " + ex);
            ex.printStackTrace(err);
            return INTERNAL_ERROR;
        });
        return cl;
    }

    /** Input that cannot be used (a missing directory, mismatched runs): exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
