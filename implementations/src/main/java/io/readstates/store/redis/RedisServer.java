package io.readstates.store.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the Redis store's server is: the one named by {@code READSTATES_REDIS} (or the system
 * property {@code readstates.redis}), as {@code host:port}, or else a {@code redis-server} this
 * JVM starts itself on a free loopback port — no persistence ({@code --save ""},
 * {@code --appendonly no}), stopped when the JVM exits. Tests, cells and users without a server of
 * their own therefore need only Debian's {@code redis-server} package; nothing is set up by hand.
 *
 * <p>A server this JVM starts must not outlive it, even when the JVM is killed with SIGKILL and
 * runs no shutdown hook: it is started under a small {@code /bin/sh} watchdog that polls the JVM's
 * PID ({@code kill -0}) and stops the server and removes its temporary directory when the JVM is
 * gone, or when the watchdog itself is told to stop. The directory's name carries the owner's PID
 * ({@value #DIR_PREFIX}PID-…), so {@link #sweepDeadTemporaryDirectories} can remove what a watchdog
 * killed along with its JVM could not.
 */
public final class RedisServer {
    /** Environment variable (or, lower-case with dots, system property) naming an existing server. */
    public static final String ENDPOINT_VARIABLE = "READSTATES_REDIS";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    static final String DIR_PREFIX = "readstates-redis-";
    /**
     * Runs the server as a child and stops it (SIGTERM, then removes {@code $DIR}) when {@code $OWNER}
     * is gone or the watchdog gets SIGTERM/SIGINT/SIGHUP. Arguments: the server's command line.
     */
    static final String WATCHDOG = "\"$@\" & server=$!; "
            + "stop() { kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf \"$DIR\"; exit 0; }; "
            + "trap stop TERM INT HUP; "
            + "while kill -0 \"$OWNER\" 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 0.2; done; stop";
    private static Endpoint shared;

    private RedisServer() {
    }

    /** A server's address. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** The configured server, or the one this JVM started (starting it on first use). */
    public static synchronized Endpoint endpoint() {
        if (shared == null) {
            String configured = configured();
            shared = configured != null ? parse(configured) : startLocal();
        }
        return shared;
    }

    /**
     * Whether a Redis store started here would fail for want of a server: none is configured and no
     * {@code redis-server} is installed. The matrix asks this before its first Redis cell so that it
     * can install Debian's package rather than record the cell as failed.
     */
    public static boolean localServerMissing() {
        return configured() == null && localExecutable().isEmpty();
    }

    private static String configured() {
        String configured = System.getProperty("readstates.redis", System.getenv(ENDPOINT_VARIABLE));
        return configured == null || configured.isBlank() ? null : configured.trim();
    }

    private static Optional<Path> localExecutable() {
        return Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static Endpoint parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ENDPOINT_VARIABLE + " must be host:port, e.g. 127.0.0.1:6379; got '" + hostPort + "'");
        }
    }

    /** Starts {@code command} under the watchdog: it ends when {@code owner} does, and takes {@code dir} with it. */
    static Process watched(long owner, Path dir, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "readstates-redis-watchdog"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OWNER", Long.toString(owner));
        pb.environment().put("DIR", dir.toString());
        return pb.start();
    }

    /** Stops a watched server: the watchdog stops the server and removes its directory. */
    static void stop(Process watchdog) {
        watchdog.destroy();
        try {
            watchdog.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes the temporary directories of servers whose owning JVM is no longer running (a
     * watchdog killed together with its JVM leaves one) and returns how many it removed.
     */
    public static int sweepDeadTemporaryDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        int removed = 0;
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path dir : s.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                String rest = dir.getFileName().toString().substring(DIR_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(rest.substring(0, dash));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                deleteTree(dir);
                removed++;
            }
        } catch (IOException e) {
            return removed;
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Endpoint startLocal() {
        Path executable = localExecutable().orElseThrow(() -> new IllegalStateException("the Redis store needs a Redis server: install Debian's redis-server package "
                        + "(apt-get install redis-server), or set " + ENDPOINT_VARIABLE + "=host:port to use a running one"));
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            sweepDeadTemporaryDirectories();
            long owner = ProcessHandle.current().pid();
            Path dir = Files.createTempDirectory(DIR_PREFIX + owner + "-");
            Path log = dir.resolve("redis.log");
            Process process = watched(owner, dir, List.of(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--loglevel", "warning",
                    "--logfile", log.toString()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "readstates-redis-stop"));
            Endpoint endpoint = new Endpoint("127.0.0.1", port);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                try (Jedis j = new Jedis(endpoint.host(), port, 1000)) {
                    if ("PONG".equals(j.ping())) {
                        return endpoint;
                    }
                } catch (JedisException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        String why = Files.exists(log) ? Files.readString(log).strip() : "no log";
                        stop(process);
                        throw new IllegalStateException("redis-server did not start on port " + port + " within " + START_TIMEOUT.toSeconds()
                                + " s: " + why);
                    }
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }
}
