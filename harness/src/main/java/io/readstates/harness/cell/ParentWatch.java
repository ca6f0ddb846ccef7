package io.readstates.harness.cell;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Ends a cell's JVM when the matrix that started it is gone. A matrix killed with SIGKILL runs no
 * code of its own, so its child cannot be stopped from the parent's side; left alone, the orphan
 * would go on measuring (and loading the machine under the next run's cells) and write a result
 * into a directory a resumed run is using. Linux's {@code PR_SET_PDEATHSIG} is not reachable from
 * Java, so the cell watches instead: a daemon thread checks the parent every
 * {@value #PERIOD_MS} ms ({@link ProcessHandle#isAlive} compares the process start time, so a
 * reused PID is not mistaken for the parent) and exits the JVM — running its shutdown hooks, which
 * stop a Redis server the cell started — after the given clean-up.
 */
public final class ParentWatch {
    static final long PERIOD_MS = 200;
    /** Exit status of a cell whose matrix is gone (a failed cell). */
    public static final int PARENT_GONE = 1;

    private ParentWatch() {
    }

    /** Starts watching {@code parentPid}; if it is already gone, cleans up and exits at once. */
    public static void start(long parentPid, Runnable cleanUp, PrintStream log) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            stop(parentPid, cleanUp, log);
        }
        ProcessHandle handle = parent.get();
        Thread t = new Thread(() -> {
            try {
                while (handle.isAlive()) {
                    Thread.sleep(Duration.ofMillis(PERIOD_MS).toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
            stop(parentPid, cleanUp, log);
        }, "readstates-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void stop(long parentPid, Runnable cleanUp, PrintStream log) {
        log.printf("the matrix that started this cell (PID %d) is gone; stopping the cell without a result%n", parentPid);
        try {
            cleanUp.run();
        } finally {
            System.exit(PARENT_GONE);
        }
    }
}
