package io.readstates.harness.matrix;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a Debian package a planned cell needs (today: {@code redis-server} for the Redis store)
 * when it is missing, so that a profile such as {@code case-study} runs on a fresh machine without a
 * hand step, as the services' Go toolchain is installed by {@code services/build.sh}. It installs
 * only as root with {@code apt-get}; otherwise it prints the command to run, and the cell that needs
 * the package fails with the same advice. The run never reaches any host but the apt mirror.
 */
final class DebianPackages {
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");

    private DebianPackages() {
    }

    /** The shell command that installs {@code packages}, quietly and without questions. */
    static List<String> installCommand(List<String> packages) {
        return List.of("/bin/sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + String.join(" ", packages));
    }

    /** Installs {@code packages} (output in {@code log}) when this process may; returns whether apt-get ran and succeeded. */
    static boolean install(List<String> packages, Path log, PrintStream out) throws IOException, InterruptedException {
        if (!isRoot() || !Files.isExecutable(APT_GET)) {
            out.printf("      missing: %s; install with: sudo apt-get install %s%n", String.join(", ", packages), String.join(" ", packages));
            return false;
        }
        out.printf("      installing %s with apt-get (output in %s)%n", String.join(", ", packages), log.getFileName());
        Process p = new ProcessBuilder(installCommand(packages)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
