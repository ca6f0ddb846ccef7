package io.readstates.results;

/**
 * Input that cannot be used — a missing, unreadable or corrupt result file, a rule naming no cell,
 * runs that cannot be compared. The command line prints its one-line message and exits with status
 * 2; status 1 stays reserved for a failed gate or a failed cell.
 */
public class UnusableInput extends IllegalArgumentException {
    public UnusableInput(String message) {
        super(message);
    }

    public UnusableInput(String message, Throwable cause) {
        super(message, cause);
    }
}
