package io.readstates.harness;

import io.readstates.harness.matrix.JdkLocator;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK 17 the tests run cells on, when one is installed. CI sets
 * {@code READSTATES_REQUIRE_JDK17=1} (every CI machine has JDK 17), so there a missing JDK 17
 * fails the run instead of quietly dropping the JDK 17 cells.
 */
public final class Jdk17 {
    private Jdk17() {
    }

    public static Optional<Path> home() {
        try {
            return Optional.of(JdkLocator.resolve("17"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Fails when JDK 17 is required here ({@code READSTATES_REQUIRE_JDK17}) and not installed. */
    public static void requireWhenAsked() {
        if (System.getenv("READSTATES_REQUIRE_JDK17") != null) {
            assertThat(home()).as("JDK 17 under /usr/lib/jvm (READSTATES_REQUIRE_JDK17 is set)").isPresent();
        }
    }
}
