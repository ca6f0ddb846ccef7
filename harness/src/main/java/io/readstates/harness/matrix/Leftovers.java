package io.readstates.harness.matrix;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.UnusableInput;
import io.readstates.store.redis.RedisServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what dead attempts left behind, when a run starts (it holds the run lock, so nothing else
 * uses these files): the persisted backing-store tables ({@code backing.db}, up to gigabytes each)
 * of cell directories that hold no clean result — moved-aside attempts, killed or timed-out cells —
 * and the temporary directories of Redis servers whose JVM is gone. A clean cell's table stays only
 * when the run keeps them ({@code --keep-backing}). Results and logs are never touched.
 */
final class Leftovers {
    private Leftovers() {
    }

    static void sweep(Path cellsDir, boolean keepBacking, PrintStream out) {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(cellsDir)) {
            dirs = s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cellsDir + ": " + e.getMessage(), e);
        }
        long freed = 0;
        for (Path dir : dirs) {
            Path table = dir.resolve(BackingSpec.FILE);
            if (Files.exists(table) && !(keepBacking && cleanResult(dir))) {
                try {
                    freed += Files.size(table);
                } catch (IOException e) {
                    // size is for the message only
                }
                BackingSpec.deleteFile(dir);
            }
        }
        if (freed > 0) {
            out.printf("removed backing-store files left by earlier attempts (%.1f MB)%n", freed / 1e6);
        }
        int redis = RedisServer.sweepDeadTemporaryDirectories();
        if (redis > 0) {
            out.printf("removed %d temporary director%s of Redis servers whose JVM is gone%n", redis, redis == 1 ? "y" : "ies");
        }
    }

    private static boolean cleanResult(Path dir) {
        if (!Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            return false;
        }
        try {
            CellResult r = ResultFiles.readCell(dir);
            return r.ok();
        } catch (UnusableInput e) {
            return false;
        }
    }
}
