package io.readstates.harness.matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a run directory for as long as a matrix runs in it. Two matrices on one
 * directory would measure every cell twice at once, each disturbing the other, and interleave lines
 * of one {@code latency.hlog}. The lock is an OS file lock ({@code fcntl}, via
 * {@link FileChannel#tryLock}) on {@value #FILE}: the kernel releases it when the holder dies, even
 * by SIGKILL, so a dead run never blocks the next one. The holder writes its PID into the file so
 * that a refused run can say who holds the directory.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    /**
     * Directories locked by this JVM. POSIX record locks belong to the process, and closing any
     * channel on the file drops all of them, so a second attempt from the same JVM must be refused
     * before it opens the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or throws {@link IllegalArgumentException} naming the process that holds it. */
    public static RunLock acquire(Path runDir) {
        Path file = runDir.resolve(FILE);
        FileChannel ch = null;
        Path key = null;
        try {
            Files.createDirectories(runDir);
            key = runDir.toRealPath();
            if (!HELD.add(key)) {
                key = null;
                throw inUse(runDir, Long.toString(ProcessHandle.current().pid()));
            }
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                throw inUse(runDir, holder.isEmpty() ? "unknown" : holder);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new RunLock(key, ch, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            if (key != null) {
                HELD.remove(key);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot lock run directory " + runDir + " (" + e.getMessage()
                    + "); --out must be a directory this user can create and write", (IOException) e);
        }
    }

    private static IllegalArgumentException inUse(Path runDir, String holder) {
        return new IllegalArgumentException("run directory " + runDir + " is in use by another matrix (PID " + holder
                + "); wait for it to finish, or choose another --out");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.truncate(0);
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        } finally {
            closeQuietly(channel);
            HELD.remove(key);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing held any more
            }
        }
    }
}
