package io.readstates.harness.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceKindTest {
    @TempDir
    Path home;
    private String before;

    @BeforeEach
    void useTemporaryServicesHome() {
        before = System.getProperty(ServiceKind.HOME_PROPERTY);
        System.setProperty(ServiceKind.HOME_PROPERTY, home.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(ServiceKind.HOME_PROPERTY);
        } else {
            System.setProperty(ServiceKind.HOME_PROPERTY, before);
        }
    }

    /**
     * The matrix used to build the services only when a binary was missing, so a checkout that
     * changed a service's sources went on measuring the binary built from the old ones.
     */
    @Test
    void aBinaryOlderThanItsServicesSourcesIsRebuilt() throws IOException {
        Instant t = Instant.parse("2026-11-28T12:00:00Z");
        Path source = file(home.resolve("rust-readstates/src/store.rs"), t);
        Path output = file(home.resolve("rust-readstates/target/release/rust-readstates"), t.plusSeconds(600));
        assertThat(ServiceKind.RUST_BTREE.needsBuild()).as("no binary yet").isTrue();

        Path exe = file(home.resolve("bin/rust-readstates"), t.plusSeconds(60));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ServiceKind.RUST_BTREE.needsBuild()).as("built after its sources; cargo's own output does not count").isFalse();

        Files.setLastModifiedTime(source, FileTime.from(t.plusSeconds(120)));
        assertThat(ServiceKind.RUST_BTREE.needsBuild()).as("a source changed after the build").isTrue();
        assertThat(ServiceKind.RUST_HASH.needsBuild()).as("the same binary serves both Rust variants").isTrue();
        assertThat(ServiceKind.GO.needsBuild()).as("the Go binary is missing").isTrue();
        assertThat(output).exists();
    }

    private static Path file(Path path, Instant modified) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x");
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }
}
