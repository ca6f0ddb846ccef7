package io.readstates.report.render;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.readstates.results.AtomicFiles;

import java.nio.file.Path;
import java.util.List;

/** {@code cells.csv}: the comparison table, machine-readable, one row per cell. */
final class CellsCsv {
    private CellsCsv() {
    }

    static void write(Path file, List<List<String>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        CellRow.CSV_HEADERS.forEach(schema::addColumn);
        AtomicFiles.write(file, tmp -> new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(tmp.toFile()).writeAll(rows).close());
    }
}
