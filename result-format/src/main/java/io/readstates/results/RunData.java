package io.readstates.results;


import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A result directory as the reports see it: its manifest (if any) and every cell that has a
 * {@code cell.json}. Accepts a run directory (with {@code cells/}) or a single cell directory, so
 * any past result can be rendered.
 *
 * <p>Every file is checked as it is loaded: a cell whose {@code cell.json} is truncated or
 * malformed, or whose {@code latency.hlog} does not decode, becomes an {@code unreadable} cell
 * carrying the reason, and the reason is listed in {@link #problems}. The rest of the run is still
 * usable, so one broken file costs one row of a report, not the report.
 */
public record RunData(Path dir, RunManifest manifest, List<Cell> cells, List<String> problems) {

    /** One cell: its directory and its parsed result. */
    public record Cell(Path dir, CellResult result) {
        public Path latencyLog() {
            return dir.resolve(ResultFiles.LATENCY_LOG);
        }
    }

    public static RunData load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UnusableInput("no result directory at " + dir + "; pass a run directory (results/<run>) or a cell directory");
        }
        List<String> problems = new ArrayList<>();
        RunManifest manifest = null;
        if (Files.exists(dir.resolve(RunManifest.FILE))) {
            try {
                manifest = ResultFiles.read(dir.resolve(RunManifest.FILE), RunManifest.class);
            } catch (UnusableInput e) {
                problems.add(e.getMessage());
            }
        }
        List<Cell> cells = new ArrayList<>();
        String fallbackRunId = manifest != null && manifest.runId() != null ? manifest.runId() : "dir:" + dir.toAbsolutePath().normalize();
        if (Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            cells.add(loadCell(dir, fallbackRunId, problems));
        }
        Path cellsDir = dir.resolve("cells");
        if (Files.isDirectory(cellsDir)) {
            try (Stream<Path> s = Files.list(cellsDir)) {
                s.filter(p -> Files.exists(p.resolve(ResultFiles.CELL_JSON)))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(p -> cells.add(loadCell(p, fallbackRunId, problems)));
            } catch (IOException e) {
                throw new UnusableInput("cannot list " + cellsDir + ": " + e.getMessage(), e);
            }
        }
        if (cells.isEmpty()) {
            throw new UnusableInput(dir + " holds no cell results (no cell.json in it or in " + cellsDir + ")");
        }
        return new RunData(dir, manifest, cells, List.copyOf(problems));
    }

    /**
     * Several directories read as one run: the shards of a run ({@code --shard K/N}, same run id)
     * that a gate checks together. Cells keep their own run ids, so cells of different runs are
     * still never paired; the first directory's manifest stands for the whole.
     */
    public static RunData loadAll(List<Path> dirs) {
        if (dirs.size() == 1) {
            return load(dirs.get(0));
        }
        List<RunData> runs = dirs.stream().map(RunData::load).toList();
        List<Cell> cells = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        runs.forEach(r -> {
            cells.addAll(r.cells());
            problems.addAll(r.problems());
        });
        return new RunData(dirs.get(0), runs.get(0).manifest(), cells, List.copyOf(problems));
    }

    /**
     * A cell with its run id: the one it recorded, or for results from before cells recorded it, the
     * manifest's, or else its directory's — so cells from different directories never pass as one run.
     */
    private static Cell loadCell(Path cellDir, String fallbackRunId, List<String> problems) {
        try {
            CellResult read = ResultFiles.readCell(cellDir);
            CellResult r = read.cell().runId() == null ? read.withRunId(fallbackRunId) : read;
            if (r.measured() && Files.exists(cellDir.resolve(ResultFiles.LATENCY_LOG))) {
                checkLatencyLog(cellDir.resolve(ResultFiles.LATENCY_LOG), r.run().completedOperations());
            }
            return new Cell(cellDir, r);
        } catch (UnusableInput | UncheckedIOException e) {
            problems.add(cellDir.getFileName() + ": " + e.getMessage());
            return new Cell(cellDir, CellResult.unreadable(cellDir.getFileName().toString(), e.getMessage()).withRunId(fallbackRunId));
        }
    }

    /** Decodes the whole interval log once: a log that does not decode, or is empty for a cell that ran operations, is unusable. */
    static void checkLatencyLog(Path hlog, long completedOperations) {
        int intervals = 0;
        try {
            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (e.getTag() != null) {
                    intervals++;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new UnusableInput(hlog + " is not a readable HdrHistogram interval log: " + e);
        }
        if (intervals == 0 && completedOperations > 0) {
            throw new UnusableInput(hlog + " holds no tagged interval histograms, but the cell completed " + completedOperations
                    + " operations; the log is corrupt or was cut");
        }
    }

    /**
     * The interval histograms (response time) of the given cells, read on first use and kept: what
     * the bootstrap resamples. A cell without a latency log (or one that is not among these) has none.
     */
    public static IntervalSource intervalsOf(List<Cell> cells) {
        Map<CellResult, Path> logs = new IdentityHashMap<>();
        cells.forEach(c -> logs.put(c.result(), c.latencyLog()));
        Map<CellResult, List<Histogram>> read = new IdentityHashMap<>();
        return r -> {
            Path log = logs.get(r);
            if (log == null || !r.measured() || !Files.exists(log)) {
                return null;
            }
            return read.computeIfAbsent(r, x -> IntervalHistograms.read(log, "response").intervals().stream()
                    .map(IntervalHistograms.Interval::histogram).toList());
        };
    }
}
