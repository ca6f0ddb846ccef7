package io.readstates.harness.matrix;

import java.util.List;

/**
 * Flags every cell JVM gets whatever the collector: FFM without warnings, and what Chronicle Map
 * needs on JDK 17+ (it compiles generated code with javac at run time and reaches JDK internals).
 * Analytics are off so that no run ever tries to reach an outside host. The same list is the
 * parent POM's {@code test.jvm.args} and the executable jar's manifest (Add-Opens, Add-Exports).
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /**
     * The oldest JDK whose JVM can load the cell-side classes: they are built for this release
     * (the FFM classes for 25, loaded only where FFM exists — see {@code FfmSupport}).
     */
    public static final int MINIMUM_CELL_JDK = 17;

    /** The first release that knows {@code --sun-misc-unsafe-memory-access} (JEP 471). */
    private static final int UNSAFE_ACCESS_FLAG_SINCE = 23;
    private static final String UNSAFE_ACCESS_FLAG = "--sun-misc-unsafe-memory-access=allow";

    /** The common flags for a JVM of Java release {@code jdkFeature}: an older JVM refuses a flag it does not know. */
    public static List<String> common(int jdkFeature) {
        return jdkFeature >= UNSAFE_ACCESS_FLAG_SINCE ? COMMON : COMMON.stream().filter(f -> !f.equals(UNSAFE_ACCESS_FLAG)).toList();
    }

    public static final List<String> COMMON = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            UNSAFE_ACCESS_FLAG,
            "-Dchronicle.analytics.disable=true",
            "-Djava.awt.headless=true");
}
