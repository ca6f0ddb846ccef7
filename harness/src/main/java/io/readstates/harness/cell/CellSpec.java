package io.readstates.harness.cell;

import io.readstates.results.CellDescription;
import io.readstates.store.StoreType;

import java.time.Duration;
import java.util.List;

/**
 * One cell, as its own JVM is asked to run it: the contract between the matrix and the cell. The
 * matrix builds it once from its plan, writes it as {@code cell-spec.json} into the cell's
 * directory ({@link CellSpecFile}) and starts the child with {@code cell --spec FILE}; a cell run by
 * hand with options builds the same record. The file stays beside the results, so what ran is
 * what was asked.
 *
 * @param id          the cell's id (directory name in a matrix run)
 * @param store       the store under test
 * @param capacity    cache capacity in states
 * @param labels      what the parent chose JVM flags for (collector, JDK, heap, periodic GC)
 * @param repeat      repeat number within the run
 * @param gitRevision source revision of the harness
 * @param runId       the matrix run this cell belongs to, or null when run by hand
 * @param attempt     the matrix's token for this launch, written into {@code cell.json} so the matrix
 *                    adopts only the result of the JVM it started (null when run by hand)
 * @param settings    how the cell is set up and driven
 */
public record CellSpec(
        String id,
        StoreType store,
        long capacity,
        Labels labels,
        int repeat,
        String gitRevision,
        String runId,
        String attempt,
        CellSettings settings) {

    /**
     * What the parent started the cell's JVM with, as recorded labels: the cell itself runs with
     * whatever flags its JVM has, and records them too.
     */
    public record Labels(String collector, String jdk, String heap, String periodicGc, List<String> gcFlags) {
        /** A cell started by hand: its JVM's own flags are what they are. */
        public static final Labels AS_STARTED = new Labels("as-started", "as-started", "as-started", "off", List.of());

        /** {@code gcFlags}: the extra {@code -XX:} flags the matrix started the cell with; absent (older spec files) means none. */
        public Labels {
            if (collector == null || jdk == null || heap == null || periodicGc == null) {
                throw new IllegalArgumentException("cell labels must all be given (collector, jdk, heap, periodicGc)");
            }
            gcFlags = gcFlags == null ? List.of() : List.copyOf(gcFlags);
        }
    }

    public CellSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a cell needs an id");
        }
        if (store == null) {
            throw new IllegalArgumentException("a cell needs a store (--store)");
        }
        if (labels == null || settings == null) {
            throw new IllegalArgumentException("a cell needs its labels and settings");
        }
        settings.checkCapacity(capacity);
    }

    /**
     * The one way a periodic-collection period is written in results ({@code cell.json},
     * {@code run.json}): {@code off}, or whole milliseconds such as {@code 20000ms}. Reports match
     * cells on it, so the matrix's record of a failed cell must say it exactly as a cell's own does.
     */
    public static String periodicGcLabel(Duration period) {
        return period == null || period.isZero() ? "off" : period.toMillis() + "ms";
    }

    /** States in the population of this cell. */
    public long populationStates() {
        return settings.populationStates(capacity);
    }

    /** The cell as planned: what the matrix records for a cell that never wrote a result of its own. */
    public CellDescription describe(List<String> jvmFlags) {
        return describe(jvmFlags, populationStates(), settings.workload().name(), settings.workload().describe(), settings.rate(),
                settings.duration());
    }

    /**
     * The cell as it ran, for its {@code cell.json}: the one builder of a cell description, used by
     * the cell and by the matrix alike, so the two never write a dimension two ways.
     */
    public CellDescription describe(List<String> jvmFlags, long populationStates, String workloadName, String workloadText, double rate,
                                    Duration window) {
        return new CellDescription(id, store.cliName(), labels.collector(), labels.jdk(), capacity, workloadName, workloadText, populationStates,
                rate, window.toMillis() / 1000.0, settings.warmup().toMillis() / 1000.0, settings.workers(), settings.seed(), labels.heap(),
                labels.periodicGc(), repeat, jvmFlags, runId, attempt, labels.gcFlags());
    }
}
