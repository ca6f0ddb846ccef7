package io.readstates.report.model;

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
        java.util.List<String> notes) {

    public static final int SCHEMA = 1;

    public boolean ok() {
        return "ok".equals(status);
    }

    /** A result for a cell that produced no figures of its own (crash, timeout, OOM). */
    public static CellResult failure(String status, String error, CellDescription cell, Environment environment) {
        return new CellResult(SCHEMA, status, error, cell, environment, null, Map.of(), Map.of(), null, null, null, null, java.util.List.of());
    }
}
