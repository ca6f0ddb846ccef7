package io.readstates.report.history;

import io.readstates.results.CellResult;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The run history: one row per cell and repeat of every run added, in an embedded DuckDB file
 * (default {@code results/history.duckdb}), so that trends and change points over nightly runs can
 * be queried in SQL — with this tool ({@code history trend}), the DuckDB CLI, or any JDBC/ODBC
 * client. DuckDB rather than SQLite: it is a column store built for exactly these scans and
 * aggregates ({@code quantile_cont}, window functions over runs), and it reads the project's CSV
 * and JSON results directly when a user wants more than this table holds.
 *
 * <p>Schema ({@value #TABLE}): the run ({@code run_id, host, git_revision, started_at, profile}),
 * every dimension of the cell ({@code cell_id, store, collector, jdk, capacity, workload, rate,
 * heap, periodic_gc, repeat, status}) and its figures ({@code p50_ms … max_ms, pause_count,
 * pause_max_ms, pause_total_ms, gc_cpu_ms, gc_cores, gc_machine_share, heap_bytes_per_state,
 * intrinsic_bytes_per_state, offheap_bytes_per_state, hit_rate, gc_share_p999}); a figure a cell
 * did not measure is NULL. Adding a run is idempotent by run id: a run already in the file is
 * left as it is.
 */
public final class RunHistory implements AutoCloseable {
    public static final String TABLE = "cells";
    public static final Path DEFAULT_FILE = Path.of("results", "history.duckdb");

    /** The figures kept per cell, in column order: the names users query and {@code history trend --metric} takes. */
    public static final Map<String, Function<CellResult, Double>> FIGURES = figures();

    private final Connection db;
    private final Path file;

    private static Map<String, Function<CellResult, Double>> figures() {
        Map<String, Function<CellResult, Double>> m = new LinkedHashMap<>();
        m.put("p50_ms", r -> r.responseTime().get("all").p50());
        m.put("p90_ms", r -> r.responseTime().get("all").p90());
        m.put("p99_ms", r -> r.responseTime().get("all").p99());
        m.put("p999_ms", r -> r.responseTime().get("all").p999());
        m.put("p9999_ms", r -> r.responseTime().get("all").p9999());
        m.put("max_ms", r -> r.responseTime().get("all").max());
        m.put("pause_count", r -> (double) r.gc().pauseCount());
        m.put("pause_max_ms", r -> r.gc().pauseMaxMs());
        m.put("pause_total_ms", r -> r.gc().pauseTotalMs());
        m.put("gc_cpu_ms", r -> r.gc().gcCpuMs());
        m.put("gc_cores", r -> r.gc().gcCores());
        m.put("gc_machine_share", r -> r.gc().gcMachineShare());
        m.put("heap_bytes_per_state", r -> r.footprint() == null ? null : r.footprint().heapBytesPerState());
        m.put("intrinsic_bytes_per_state", r -> r.footprint() == null ? null : r.footprint().intrinsicBytesPerState());
        m.put("offheap_bytes_per_state", r -> r.footprint() == null ? null : r.footprint().offHeapBytesPerState());
        m.put("hit_rate", r -> r.store() == null ? null : r.store().hitRate());
        m.put("gc_share_p999", r -> r.attribution() == null ? null : r.attribution().aboveP999().collectorShare());
        return m;
    }

    private RunHistory(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating when absent) the history at {@code file}. */
    public static RunHistory open(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
            RunHistory h = new RunHistory(file, c);
            h.createTable();
            return h;
        } catch (SQLException | java.io.IOException e) {
            throw new UnusableInput("cannot open the history " + file + " as a DuckDB database: " + e.getMessage(), e);
        }
    }

    private void createTable() throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + TABLE + " (run_id VARCHAR NOT NULL, host VARCHAR, git_revision VARCHAR, "
                + "started_at TIMESTAMP, profile VARCHAR, cell_id VARCHAR NOT NULL, store VARCHAR, collector VARCHAR, jdk VARCHAR, capacity BIGINT, "
                + "workload VARCHAR, rate DOUBLE, heap VARCHAR, periodic_gc VARCHAR, repeat INTEGER, status VARCHAR");
        FIGURES.keySet().forEach(f -> ddl.append(", ").append(f).append(" DOUBLE"));
        ddl.append(")");
        try (Statement s = db.createStatement()) {
            s.execute(ddl.toString());
        }
    }

    /** True when the run is in the history already. */
    public boolean contains(String runId) {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE run_id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the history " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds every cell of the run, in one transaction. Returns the rows added: 0 when the run is in
     * the history already (a run is added once, whatever the number of calls).
     */
    public int add(RunData run) {
        String runId = runId(run);
        if (contains(runId)) {
            return 0;
        }
        String columns = "run_id, host, git_revision, started_at, profile, cell_id, store, collector, jdk, capacity, workload, rate, heap, "
                + "periodic_gc, repeat, status, " + String.join(", ", FIGURES.keySet());
        String marks = String.join(", ", java.util.Collections.nCopies(16 + FIGURES.size(), "?"));
        try {
            db.setAutoCommit(false);
            int n = 0;
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + TABLE + " (" + columns + ") VALUES (" + marks + ")")) {
                for (RunData.Cell c : run.cells()) {
                    CellResult r = c.result();
                    int i = 1;
                    insert.setString(i++, runId);
                    insert.setString(i++, r.host());
                    insert.setString(i++, r.environment() != null ? r.environment().gitRevision() : run.manifest() != null ? run.manifest().gitRevision() : null);
                    insert.setObject(i++, startedAt(run, r));
                    insert.setString(i++, run.manifest() == null ? null : run.manifest().profile());
                    insert.setString(i++, r.cell().id());
                    insert.setString(i++, r.cell().store());
                    insert.setString(i++, r.cell().collector());
                    insert.setString(i++, r.cell().jdk());
                    insert.setLong(i++, r.cell().capacity());
                    insert.setString(i++, r.cell().workload());
                    insert.setDouble(i++, r.cell().requestedRate());
                    insert.setString(i++, r.cell().heap());
                    insert.setString(i++, r.cell().periodicGc());
                    insert.setInt(i++, r.cell().repeat());
                    insert.setString(i++, r.status());
                    for (Function<CellResult, Double> f : FIGURES.values()) {
                        Double v = r.measured() ? safely(f, r) : null;
                        if (v == null || v.isNaN() || v.isInfinite()) {
                            insert.setNull(i++, java.sql.Types.DOUBLE);
                        } else {
                            insert.setDouble(i++, v);
                        }
                    }
                    insert.addBatch();
                    n++;
                }
                insert.executeBatch();
            }
            db.commit();
            return n;
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            throw new IllegalStateException("cannot add run " + runId + " to the history " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is closed with the history
            }
        }
    }

    private static Double safely(Function<CellResult, Double> f, CellResult r) {
        try {
            return f.apply(r);
        } catch (NullPointerException notMeasured) {
            return null;
        }
    }

    /** The run's id: run.json's, else the one its cells recorded; a directory with neither cannot be told apart from another run. */
    public static String runId(RunData run) {
        if (run.manifest() != null && run.manifest().runId() != null) {
            return run.manifest().runId();
        }
        return run.cells().stream().map(c -> c.result().cell().runId()).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> new UnusableInput(run.dir() + " records no run id (run.json or cell.json); it cannot be added to a history, "
                        + "where runs are told apart by their id"));
    }

    private static java.sql.Timestamp startedAt(RunData run, CellResult r) {
        String when = run.manifest() != null ? run.manifest().createdAt() : r.environment() != null ? r.environment().startedAt() : null;
        return when == null ? null : java.sql.Timestamp.from(Instant.parse(when));
    }

    /** One point of a trend: a run's median of a figure for one cell key. */
    public record Point(String runId, String gitRevision, Instant startedAt, double value) {
    }

    /**
     * Every cell key (store, collector, JDK, capacity, workload, rate, heap, periodic GC) with its
     * series of {@code figure}: per run, the median over the run's ok repeats, oldest run first.
     */
    public Map<String, List<Point>> trends(String figure) {
        if (!FIGURES.containsKey(figure)) {
            throw new UnusableInput("unknown figure '" + figure + "'; figures: " + String.join(", ", FIGURES.keySet()));
        }
        String key = "store || '/' || collector || ' jdk' || jdk || ' ' || capacity || ' states ' || workload || ' ' || rate || ' ops/s heap ' "
                + "|| heap || ' periodic ' || periodic_gc";
        String sql = "SELECT " + key + " AS k, run_id, any_value(git_revision), min(started_at), median(" + figure + ") FROM " + TABLE
                + " WHERE status = 'ok' AND " + figure + " IS NOT NULL GROUP BY k, run_id ORDER BY k, min(started_at), run_id";
        Map<String, List<Point>> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                java.sql.Timestamp t = rs.getTimestamp(4);
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Point(rs.getString(2), rs.getString(3), t == null ? null : t.toInstant(), rs.getDouble(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the history " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The trailing window of one cell key for the history gate: per earlier run of the same store,
     * collector, JDK, capacity, workload, rate, heap and periodic GC (the candidate's own run
     * excluded), the median of {@code figure} over that run's ok repeats — newest first, at most
     * {@code runs} of them.
     */
    public List<Double> window(CellResult like, String figure, String excludedRunId, int runs) {
        if (!FIGURES.containsKey(figure)) {
            throw new UnusableInput("unknown figure '" + figure + "'; figures: " + String.join(", ", FIGURES.keySet()));
        }
        String sql = "SELECT run_id, min(started_at) AS t, median(" + figure + ") FROM " + TABLE + " WHERE status = 'ok' AND " + figure
                + " IS NOT NULL AND store = ? AND collector = ? AND jdk = ? AND capacity = ? AND workload = ? AND rate = ? AND heap = ? "
                + "AND periodic_gc = ? AND run_id <> ? GROUP BY run_id ORDER BY t DESC NULLS LAST, run_id DESC LIMIT ?";
        var d = like.cell();
        List<Double> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            int i = 1;
            q.setString(i++, d.store());
            q.setString(i++, d.collector());
            q.setString(i++, d.jdk());
            q.setLong(i++, d.capacity());
            q.setString(i++, d.workload());
            q.setDouble(i++, d.requestedRate());
            q.setString(i++, d.heap());
            q.setString(i++, d.periodicGc());
            q.setString(i++, excludedRunId);
            q.setInt(i, runs);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getDouble(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the history " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Rows in the history. */
    public long size() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the history " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the history " + file + ": " + e.getMessage(), e);
        }
    }
}
