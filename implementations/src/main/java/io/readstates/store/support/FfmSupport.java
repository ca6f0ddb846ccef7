package io.readstates.store.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The one door to the classes that need the Foreign Function &amp; Memory API.
 *
 * <p>Why: the cell side is built for Java 17 so that a JDK 17 JVM can run a cell (Discord compared
 * Go versions; we compare JDKs), but FFM is final only from Java 22. The FFM classes are therefore
 * compiled for Java 25 (source folder {@code src/main/java25}) and never named by the Java 17 code:
 * it asks here, and gets them by reflection only when this JVM can load them. On an older JVM the
 * caller gets a clear reason instead of an {@link UnsupportedClassVersionError}.
 */
public final class FfmSupport {
    /** The first Java release with the final FFM API (JEP 454). */
    public static final int MINIMUM_JDK = 22;

    private FfmSupport() {
    }

    /** Whether this JVM has the final FFM API. */
    public static boolean available() {
        return Runtime.version().feature() >= MINIMUM_JDK;
    }

    /** Why {@code what} cannot run on a JVM of release {@code jdkFeature}, if it cannot. */
    public static Optional<String> unavailableOn(int jdkFeature, String what) {
        return jdkFeature >= MINIMUM_JDK ? Optional.empty()
                : Optional.of(what + " needs the FFM API (final in Java " + MINIMUM_JDK + "); this JVM is Java " + jdkFeature);
    }

    /** Throws with the reason when this JVM lacks FFM. */
    public static void require(String what) {
        unavailableOn(Runtime.version().feature(), what).ifPresent(reason -> {
            throw new UnsupportedOperationException(reason);
        });
    }

    /**
     * Builds an FFM-backed {@code className} through its constructor of {@code types}. Exceptions the
     * constructor throws reach the caller as they are (an {@link IOException} as
     * {@link UncheckedIOException}).
     */
    public static <T> T construct(String className, Class<T> as, Class<?>[] types, Object... args) {
        require(className);
        try {
            return as.cast(Class.forName(className).getConstructor(types).newInstance(args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the FFM class " + className + " is missing from this build: " + e, e);
        }
    }
}
