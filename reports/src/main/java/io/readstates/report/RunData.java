package io.readstates.report;

import io.readstates.report.model.CellResult;
import io.readstates.report.model.ResultFiles;
import io.readstates.report.model.RunManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A result directory as the reports see it: its manifest (if any) and every cell that has a
 * {@code cell.json}. Accepts a run directory (with {@code cells/}) or a single cell directory, so
 * any past result can be rendered.
 */
public record RunData(Path dir, RunManifest manifest, List<Cell> cells) {

    /** One cell: its directory and its parsed result. */
    public record Cell(Path dir, CellResult result) {
        public Path latencyLog() {
            return dir.resolve(ResultFiles.LATENCY_LOG);
        }
    }

    public static RunData load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no result directory at " + dir + "; pass a run directory (results/<run>) or a cell directory");
        }
        RunManifest manifest = Files.exists(dir.resolve(RunManifest.FILE)) ? ResultFiles.read(dir.resolve(RunManifest.FILE), RunManifest.class) : null;
        List<Cell> cells = new ArrayList<>();
        if (Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            cells.add(new Cell(dir, ResultFiles.readCell(dir)));
        }
        Path cellsDir = dir.resolve("cells");
        if (Files.isDirectory(cellsDir)) {
            try (Stream<Path> s = Files.list(cellsDir)) {
                s.filter(p -> Files.exists(p.resolve(ResultFiles.CELL_JSON)))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(p -> cells.add(new Cell(p, ResultFiles.readCell(p))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no cell results (no cell.json in it or in " + cellsDir + ")");
        }
        return new RunData(dir, manifest, cells);
    }
}
