package io.readstates.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a result file so that a reader sees the old file or the whole new one, never a part: the
 * content goes to a uniquely named temporary file in the same directory, is forced to disk, and is
 * renamed over the target (rename is atomic within a file system, POSIX {@code rename(2)}); the
 * directory is then forced so the rename itself survives a crash. Unique temporary names let two
 * writers (which the run lock should prevent, but a user can still start a report by hand) never
 * write into each other's temporary file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes content into the path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} atomically. {@code suffix} is the temporary file's ending, for writers
     * that insist on an extension (XChart appends ".png" unless the name ends with it).
     */
    public static void write(Path target, String suffix, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp" + suffix);
            content.writeTo(tmp);
            force(tmp, false);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            force(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    public static void write(Path target, Content content) {
        write(target, "", content);
    }

    public static void writeString(Path target, String text) {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    private static void force(Path path, boolean directory) throws IOException {
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // some file systems cannot open a directory for fsync; the rename is still atomic there
        }
    }
}
