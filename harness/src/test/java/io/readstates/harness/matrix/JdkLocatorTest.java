package io.readstates.harness.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --jdk} takes homes or feature versions; JDKs are named by their release file. */
class JdkLocatorTest {
    private static Path jdk(Path dir, String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Files.writeString(home.resolve("bin").resolve("java"), "#!/bin/sh\n").toFile().setExecutable(true);
        return home;
    }

    @Test
    void installedJdksAreFoundOnceEachEvenThroughLinks(@TempDir Path dir) throws Exception {
        Path seventeen = jdk(dir, "java-17-openjdk-amd64", "17.0.15");
        jdk(dir, "temurin-25-jdk-amd64", "25.0.3");
        Files.createSymbolicLink(dir.resolve("java-1.17.0-openjdk-amd64"), seventeen);
        Files.createDirectories(dir.resolve("not-a-jdk"));
        assertThat(JdkLocator.installed(dir)).extracting(JdkLocator::label).containsExactlyInAnyOrder("17", "25");
    }

    @Test
    void aFeatureVersionIsTheRunningJdkOrAnInstalledOneAndAPathIsAPath() {
        assertThat(JdkLocator.resolve(String.valueOf(Runtime.version().feature()))).isEqualTo(JdkLocator.current());
        assertThat(JdkLocator.resolve("/opt/some-jdk")).isEqualTo(Path.of("/opt/some-jdk"));
        assertThatThrownBy(() -> JdkLocator.resolve("9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no JDK 9 is installed under /usr/lib/jvm").hasMessageContaining("pass its home directory");
    }
}
