package io.readstates.report;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code cells.csv}: the comparison table, machine-readable, one row per cell. */
final class CellsCsv {
    private CellsCsv() {
    }

    static void write(Path file, List<List<String>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        CellRow.HEADERS.forEach(schema::addColumn);
        try {
            new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(file.toFile()).writeAll(rows).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
