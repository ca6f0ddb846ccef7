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

    /** The oldest JDK whose JVM can load the cell-side classes (they are compiled for this release). */
    public static final int MINIMUM_CELL_JDK = 25;

    public static final List<String> COMMON = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dchronicle.analytics.disable=true",
            "-Djava.awt.headless=true");
}
