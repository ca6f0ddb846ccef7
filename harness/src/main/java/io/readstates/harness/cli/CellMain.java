package io.readstates.harness.cli;

/**
 * The entry point of a cell's own JVM: the matrix starts {@code java … CellMain --spec FILE}, so a
 * cell process needs nothing beyond the harness (not the reports, not the rest of the command
 * line). Options and exit statuses are those of {@code readstates-gc cell}.
 */
public final class CellMain {
    private CellMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(ExitStatus.commandLine(new CellCommand()).execute(args));
    }
}
