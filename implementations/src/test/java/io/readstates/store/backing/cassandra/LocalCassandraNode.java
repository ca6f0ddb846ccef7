package io.readstates.store.backing.cassandra;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts and stops a real Cassandra node through the project's own script, on free ports, for tests. */
final class LocalCassandraNode {
    private static final Path SCRIPT = Path.of("..", "bin", "cassandra-node.sh").toAbsolutePath().normalize();
    final Path dir;
    final int nativePort;
    final int storagePort;

    LocalCassandraNode(Path dir) throws IOException {
        this.dir = dir;
        this.nativePort = freePort();
        this.storagePort = freePort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void start() throws IOException, InterruptedException {
        run("start", 240);
    }

    void stop() throws IOException, InterruptedException {
        run("stop", 120);
    }

    private void run(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cassandra-node-" + command, ".log");
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), command, dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("CASSANDRA_NATIVE_PORT", Integer.toString(nativePort));
        env.put("CASSANDRA_STORAGE_PORT", Integer.toString(storagePort));
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(SCRIPT + " " + command + " did not finish within " + timeoutSeconds + " s: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(SCRIPT + " " + command + " failed (exit " + p.exitValue() + "): " + Files.readString(log));
        }
    }

    CassandraSettings settings(String keyspace) {
        return CassandraSettings.local(nativePort).withKeyspace(keyspace);
    }
}
