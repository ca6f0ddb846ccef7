package io.readstates.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Everything one cell ran and measured — the contents of {@code cell.json}. The format is the
 * contract between the harness (which writes it) and the reports (which read it), so it is
 * self-describing: a report can be rendered, or compared with another run, long after the run.
 * Times are in milliseconds unless a name says otherwise; {@code null} means "not measured", with
 * the reason in {@link #notes}.
 *
 * @param schema         format version ({@link #SCHEMA})
 * @param status         {@code ok}, {@code failed}, {@code timeout}, {@code out-of-memory}, {@code behind}
 * @param error          why a cell did not finish, or null
 * @param cell           what ran
 * @param environment    where and how it ran
 * @param run            the driver's figures (rates, counts, lag)
 * @param responseTime   per operation type and {@code all}: from each operation's intended start
 * @param serviceTime    per operation type and {@code all}: from each operation's actual start
 * @param hiccup         the platform-hiccup control: oversleep of a thread that only sleeps
 * @param gc             collector figures from the cell's JFR recording and /proc
 * @param footprint      bytes per resident state
 * @param store          cache figures (hit rate, evictions, writes)
 * @param notes          free-form remarks, e.g. why a figure is missing
 * @param attribution    what the slow operations waited for; null when not measured (results before it existed)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CellResult(
        int schema,
        String status,
        String error,
        CellDescription cell,
        Environment environment,
        RunFigures run,
        Map<String, LatencySummary> responseTime,
        Map<String, LatencySummary> serviceTime,
        LatencySummary hiccup,
        GcFigures gc,
        Footprint footprint,
        StoreFigures store,
        java.util.List<String> notes,
        AttributionFigures attribution) {

    public static final int SCHEMA = 1;

    /** Status of a cell whose own {@code cell.json} could not be read; set by readers, never written. */
    public static final String UNREADABLE = "unreadable";
    /** Status of a cell its JDK cannot run: planned, explained, not launched — not a failure of the run. */
    public static final String UNSUPPORTED_JDK = "unsupported-jdk";

    public boolean ok() {
        return "ok".equals(status);
    }

    /** Whether the window ran and its figures exist: {@code ok}, or {@code behind} (figures are lower bounds). */
    public boolean measured() {
        return "ok".equals(status) || "behind".equals(status);
    }

    /** Whether this result makes its run unclean: anything but {@code ok} and {@code unsupported-jdk}. */
    public boolean spoilsRun() {
        return !ok() && !UNSUPPORTED_JDK.equals(status);
    }

    /** Whether a resumed run may run this cell again: it crashed, hung or ran out of memory (not: it was measured, or cannot run). */
    public boolean retriable() {
        return "failed".equals(status) || "timeout".equals(status) || "out-of-memory".equals(status);
    }

    /** Stands in for a cell whose {@code cell.json} is unreadable, so that a report can name it and render the rest. */
    public static CellResult unreadable(String cellDirName, String reason) {
        CellDescription d = new CellDescription(cellDirName, "?", "?", "?", 0, "?", null, 0, 0, 0, 0, 0, 0, "?", "?", 0, java.util.List.of(), null, null, java.util.List.of());
        return failure(UNREADABLE, reason, d, null);
    }

    /** A result for a cell that produced no figures of its own (crash, timeout, OOM). */
    public static CellResult failure(String status, String error, CellDescription cell, Environment environment) {
        return new CellResult(SCHEMA, status, error, cell, environment, null, Map.of(), Map.of(), null, null, null, null, java.util.List.of(), null);
    }

    /** This result with its description moved to run {@code runId} (see {@link CellDescription#withRunId}). */
    public CellResult withRunId(String runId) {
        return new CellResult(schema, status, error, cell.withRunId(runId), environment, run, responseTime, serviceTime, hiccup, gc, footprint,
                store, notes, attribution);
    }

    /** Where the cell ran, for keys: the host name, or "?" when not recorded. */
    public String host() {
        return environment == null || environment.hostName() == null ? "?" : environment.hostName();
    }
}
