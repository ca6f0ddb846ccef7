package io.readstates.harness.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds JDKs and names them by feature version (25, 17) from their {@code release} file, so a cell
 * records which JDK it really ran on rather than what a path suggests.
 */
public final class JdkLocator {
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JdkLocator() {
    }

    public static Path current() {
        return Path.of(System.getProperty("java.home"));
    }

    /** The {@code bin/java} of a JDK home, or an error naming what is missing. */
    public static Path javaExecutable(Path home) {
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("no Java launcher at " + java + "; --jdk takes a JDK home directory such as /usr/lib/jvm/temurin-25-jdk-amd64");
        }
        return java;
    }

    public static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String label(Path home) {
        return featureVersion(home).map(String::valueOf).orElse(home.getFileName().toString());
    }
}
