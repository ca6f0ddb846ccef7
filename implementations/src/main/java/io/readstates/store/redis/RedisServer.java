package io.readstates.store.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the Redis store's server is: the one named by {@code READSTATES_REDIS} (or the system
 * property {@code readstates.redis}), as {@code host:port}, or else a {@code redis-server} this
 * JVM starts itself on a free loopback port — no persistence ({@code --save ""},
 * {@code --appendonly no}), stopped when the JVM exits. Tests, cells and users without a server of
 * their own therefore need only Debian's {@code redis-server} package; nothing is set up by hand.
 */
public final class RedisServer {
    /** Environment variable (or, lower-case with dots, system property) naming an existing server. */
    public static final String ENDPOINT_VARIABLE = "READSTATES_REDIS";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
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
            String configured = System.getProperty("readstates.redis", System.getenv(ENDPOINT_VARIABLE));
            shared = configured != null && !configured.isBlank() ? parse(configured.trim()) : startLocal();
        }
        return shared;
    }

    static Endpoint parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ENDPOINT_VARIABLE + " must be host:port, e.g. 127.0.0.1:6379; got '" + hostPort + "'");
        }
    }

    private static Endpoint startLocal() {
        Path executable = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Redis store needs a Redis server: install Debian's redis-server package "
                        + "(apt-get install redis-server), or set " + ENDPOINT_VARIABLE + "=host:port to use a running one"));
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("readstates-redis");
            Path log = dir.resolve("redis.log");
            Process process = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--loglevel", "warning")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "readstates-redis-stop"));
            Endpoint endpoint = new Endpoint("127.0.0.1", port);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                try (Jedis j = new Jedis(endpoint.host(), port, 1000)) {
                    if ("PONG".equals(j.ping())) {
                        return endpoint;
                    }
                } catch (JedisException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        throw new IllegalStateException("redis-server did not start on port " + port + " within " + START_TIMEOUT.toSeconds()
                                + " s: " + Files.readString(log).strip());
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
