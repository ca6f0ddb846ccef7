package io.readstates.harness.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLockTest {
    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesPidAndMayTakeItAfterwards(@TempDir Path dir) {
        try (RunLock first = RunLock.acquire(dir)) {
            assertThatThrownBy(() -> RunLock.acquire(dir)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in use by another matrix (PID " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("choose another --out");
        }
        try (RunLock again = RunLock.acquire(dir)) {
            assertThat(dir.resolve(RunLock.FILE)).exists();
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(RunLock.FILE);
        // The holder is a child JVM taking the lock through RunLock itself; once it is killed with SIGKILL the
        // kernel drops its lock, so a dead run never blocks the next one.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(lockFile) && Files.readString(lockFile).strip().equals(Long.toString(holder.pid())))) {
                assertThat(System.nanoTime()).as("the child took the lock").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThatThrownBy(() -> RunLock.acquire(dir)).hasMessageContaining("PID " + holder.pid());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (RunLock mine = RunLock.acquire(dir)) {
            assertThat(Files.readString(lockFile)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    /** Holds a run lock until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]));
            Thread.sleep(60_000);
            lock.close();
        }
    }
}
