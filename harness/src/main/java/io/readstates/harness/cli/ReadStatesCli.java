package io.readstates.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The command line: {@code cell} (one measured cell in this JVM), {@code matrix} (many cells, one
 * fresh JVM each), {@code report} (charts and HTML from a result directory) and {@code check}
 * (a run against a baseline). Wrong input gets one line saying what was wrong and what would be
 * right, and exit status 2.
 */
@Command(name = "readstates-gc", mixinStandardHelpOptions = true, version = "readstates-gc 0.1.0",
        description = "Measures what garbage collection costs a large in-process LRU of read states, per store layout and collector.",
        subcommands = {CellCommand.class, MatrixCommand.class, ReportCommand.class, CheckCommand.class, ReplayCommand.class, TraceCommand.class})
public final class ReadStatesCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: cell, matrix, report or check");
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status (0 ok, 1 failure or regression, 2 unusable input). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReadStatesCli());
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof UsageException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            err.println("error: " + ex);
            ex.printStackTrace(err);
            return 1;
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
