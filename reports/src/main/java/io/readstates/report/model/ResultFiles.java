package io.readstates.report.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes result files. Writes are atomic (a temporary file moved into place), so a run
 * killed mid-write leaves the previous file or none — never half a file that a report would choke on.
 */
public final class ResultFiles {
    public static final String CELL_JSON = "cell.json";
    public static final String LATENCY_LOG = "latency.hlog";
    public static final String JFR = "recording.jfr";
    public static final String GC_LOG = "gc.log";
    public static final String CELL_LOG = "cell.log";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultFiles() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void writeAtomically(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static CellResult readCell(Path cellDir) {
        return read(cellDir.resolve(CELL_JSON), CellResult.class);
    }
}
