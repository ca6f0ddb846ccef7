package io.readstates.harness.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds JDKs and names them by feature version (25, 17) from their {@code release} file, so a cell
 * records which JDK it really ran on rather than what a path suggests.
 */
public final class JdkLocator {
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JdkLocator() {
    }

    /** Where Debian and the Temurin packages install JDKs. */
    static final Path INSTALLED = Path.of("/usr/lib/jvm");

    /**
     * A {@code --jdk} value: a JDK home directory, or a feature version such as {@code 17} meaning
     * the JDK of that version installed under {@code /usr/lib/jvm} (or the running one).
     */
    public static Path resolve(String value) {
        String v = value.trim();
        if (!v.matches("\\d+")) {
            return Path.of(v);
        }
        int wanted = Integer.parseInt(v);
        if (Runtime.version().feature() == wanted) {
            return current();
        }
        List<Path> installed = installed(INSTALLED);
        return installed.stream().filter(h -> featureVersion(h).orElse(-1) == wanted).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no JDK " + wanted + " is installed under " + INSTALLED + " (found: "
                        + installed.stream().map(h -> h.getFileName() + " = " + label(h)).collect(Collectors.joining(", "))
                        + "); pass its home directory instead, e.g. --jdk /path/to/jdk-" + wanted));
    }

    /** JDK homes directly under {@code dir} (symbolic links to the same JDK counted once), sorted by name. */
    static List<Path> installed(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            Map<Path, Path> byRealPath = new TreeMap<>();
            s.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")) && featureVersion(h).isPresent()).sorted()
                    .forEach(h -> byRealPath.putIfAbsent(realPath(h), h));
            return byRealPath.values().stream().sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath();
        }
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
