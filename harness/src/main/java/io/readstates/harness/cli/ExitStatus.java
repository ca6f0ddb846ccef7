package io.readstates.harness.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The exit statuses every readstates-gc command uses, one meaning each, and the picocli handlers
 * that produce them: 0 done; 1 a failed gate, or a run or cell that did not finish cleanly; 2
 * unusable input — a wrong option or value, a missing, unreadable or corrupt file — always with
 * one line saying what was wrong and what would be right; 3 an internal error (a bug: the stack
 * trace is printed). Shared by the full command line and by the cell's own entry point
 * ({@link CellMain}), so a cell started by the matrix exits exactly as one started by hand.
 */
public final class ExitStatus {
    public static final int FAILED = CommandLine.ExitCode.SOFTWARE;
    public static final int UNUSABLE_INPUT = CommandLine.ExitCode.USAGE;
    public static final int INTERNAL_ERROR = 3;

    private ExitStatus() {
    }

    /** {@code command} as a command line whose errors end in the statuses above. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return UNUSABLE_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
                err.println("error: " + ex.getMessage());
                return UNUSABLE_INPUT;
            }
            err.println("internal error (please report it with the trace below): " + ex);
            ex.printStackTrace(err);
            return INTERNAL_ERROR;
        });
        return cl;
    }
}
