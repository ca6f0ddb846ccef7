package io.readstates.store.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server the Redis store starts must not outlive the JVM that started it, even one killed with
 * SIGKILL (no shutdown hook runs then). The watchdog is tested with a stand-in owner process and a
 * stand-in server, so the test needs neither a dying JVM nor redis-server.
 */
class RedisServerWatchdogTest {
    private static void awaitGone(ProcessHandle p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void theServerStopsAndItsDirectoryGoesWhenItsOwnerIsKilled(@TempDir Path tmp) throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        Path dir = Files.createDirectory(tmp.resolve("server-dir"));
        Files.writeString(dir.resolve("dump.rdb"), "x");
        Process watchdog = RedisServer.watched(owner.pid(), dir, List.of("sleep", "60"));
        ProcessHandle server = awaitChild(watchdog);

        owner.destroyForcibly().waitFor();
        awaitGone(server);
        watchdog.waitFor(10, TimeUnit.SECONDS);

        assertThat(server.isAlive()).as("the server outlived its owner").isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void stoppingTheWatchdogStopsTheServer(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("server-dir"));
        Process watchdog = RedisServer.watched(ProcessHandle.current().pid(), dir, List.of("sleep", "60"));
        ProcessHandle server = awaitChild(watchdog);

        RedisServer.stop(watchdog);
        awaitGone(server);

        assertThat(server.isAlive()).isFalse();
        assertThat(dir).doesNotExist();
    }

    @Test
    void directoriesOfDeadOwnersAreSweptAndLiveOnesKept(@TempDir Path tmp) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path tmpRoot = Path.of(System.getProperty("java.io.tmpdir"));
        Path ofDead = Files.createTempDirectory(tmpRoot, RedisServer.DIR_PREFIX + dead.pid() + "-");
        Path ofLive = Files.createTempDirectory(tmpRoot, RedisServer.DIR_PREFIX + ProcessHandle.current().pid() + "-");
        try {
            RedisServer.sweepDeadTemporaryDirectories();
            assertThat(ofDead).doesNotExist();
            assertThat(ofLive).exists();
        } finally {
            Files.deleteIfExists(ofLive);
        }
    }

    private static ProcessHandle awaitChild(Process watchdog) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            // the stand-in server, not the watchdog's own short polling sleeps
            var child = watchdog.toHandle().children()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).equals(List.of("60"))).orElse(false)).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the watchdog started no server");
    }
}
