package io.readstates.report.gate;

import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import io.readstates.results.RunManifest;
import io.readstates.results.UnusableInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A baseline small enough to commit: of a run, only what the gate reads — {@code run.json}, and per
 * cell its {@code cell.json}, {@code cell-spec.json} and interval log (the bootstrap resamples its
 * one-second histograms) — without JFR recordings, GC logs or charts. Refreshing replaces the
 * whole directory at once: the new copy is written beside it and swapped in, so an interrupted
 * refresh leaves the old baseline as it was.
 */
public final class Baseline {
    /** The files of a cell directory the gate needs. */
    static final List<String> CELL_FILES = List.of(ResultFiles.CELL_JSON, ResultFiles.CELL_SPEC, ResultFiles.LATENCY_LOG);

    private Baseline() {
    }

    /** Writes {@code run}'s gate files into {@code target}, replacing what was there; returns the cells copied. */
    public static int refresh(RunData run, Path target) {
        if (!run.problems().isEmpty()) {
            throw new UnusableInput("will not make a baseline of " + run.dir() + ": " + String.join("; ", run.problems()));
        }
        if (run.cells().stream().noneMatch(c -> c.result().ok())) {
            throw new UnusableInput("will not make a baseline of " + run.dir() + ": none of its cells finished ok");
        }
        Path abs = target.toAbsolutePath().normalize();
        Path fresh = abs.resolveSibling(abs.getFileName() + ".new");
        Path old = abs.resolveSibling(abs.getFileName() + ".old");
        try {
            deleteTree(fresh);
            Files.createDirectories(fresh);
            if (Files.exists(run.dir().resolve(RunManifest.FILE))) {
                Files.copy(run.dir().resolve(RunManifest.FILE), fresh.resolve(RunManifest.FILE));
            }
            for (RunData.Cell c : run.cells()) {
                Path into = fresh.resolve("cells").resolve(c.dir().getFileName().toString());
                Files.createDirectories(into);
                for (String f : CELL_FILES) {
                    if (Files.exists(c.dir().resolve(f))) {
                        Files.copy(c.dir().resolve(f), into.resolve(f));
                    }
                }
            }
            deleteTree(old);
            if (Files.exists(abs)) {
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, abs, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UnusableInput("cannot write the baseline " + target + ": " + e.getMessage(), e);
        }
        return run.cells().size();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
