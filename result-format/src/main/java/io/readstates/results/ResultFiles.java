package io.readstates.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes result files. Writes are atomic ({@link AtomicFiles}), so a run killed mid-write
 * leaves the previous file or none — never half a file that a report would choke on. Reads check
 * what they read, so a corrupt file is one clear error, not a stack trace later.
 */
public final class ResultFiles {
    public static final String CELL_JSON = "cell.json";
    public static final String LATENCY_LOG = "latency.hlog";
    public static final String JFR = "recording.jfr";
    public static final String GC_LOG = "gc.log";
    public static final String CELL_LOG = "cell.log";
    /** What the cell was asked to run (written by the matrix, or by a cell started by hand). */
    public static final String CELL_SPEC = "cell-spec.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultFiles() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void writeAtomically(Path file, Object value) {
        AtomicFiles.write(file, tmp -> MAPPER.writeValue(tmp.toFile(), value));
    }

    /** Reads a JSON result file; a missing, unreadable or malformed one is {@link UnusableInput} naming the file. */
    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new UnusableInput("no " + file.getFileName() + " at " + file);
        }
        try {
            T value = MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                throw new UnusableInput(file + " is empty; expected a " + type.getSimpleName() + " JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new UnusableInput("cannot read " + file + " as " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Reads a cell's {@code cell.json} and checks that it holds what its status promises: every
     * result says what ran and how it ended; an {@code ok} or {@code behind} result carries the
     * figures the reports read. A file that fails this is {@link UnusableInput}, never half-read.
     */
    public static CellResult readCell(Path cellDir) {
        Path file = cellDir.resolve(CELL_JSON);
        CellResult r = read(file, CellResult.class);
        String missing = r.status() == null ? "status" : r.cell() == null ? "cell" : r.cell().id() == null ? "cell.id" : null;
        if (missing == null && r.measured()) {
            missing = r.run() == null ? "run" : r.responseTime() == null || r.responseTime().get("all") == null ? "responseTime.all"
                    : r.gc() == null ? "gc" : null;
        }
        if (missing != null) {
            throw new UnusableInput(file + " lacks '" + missing + "'; it is not a complete cell result (schema " + CellResult.SCHEMA + ")");
        }
        return r;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
