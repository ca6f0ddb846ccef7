package io.readstates.harness.matrix;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed cell's error names its cause, not its last stack frames. */
class CellFailureCauseTest {
    @Test
    void anOutOfMemoryErrorIsNamedWithItsKind() {
        String log = "cell x: 3000000 states\nException in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
                + "\tat io.readstates.store.layout.ObjectGraphLayout.insert(ObjectGraphLayout.java:80)\n\tat io.readstates.X.y(X.java:1)\n";
        CellFailureCause c = CellFailureCause.of(1, log);
        assertThat(c.status()).isEqualTo("out-of-memory");
        assertThat(c.reason()).startsWith("java.lang.OutOfMemoryError: Java heap space").doesNotContain("ObjectGraphLayout");
    }

    @Test
    void theInnermostCauseOfAnExceptionIsNamed() {
        String log = "internal error (please report it with the trace below): java.lang.IllegalStateException: store failed\n"
                + "java.lang.IllegalStateException: store failed\n\tat a.B.c(B.java:1)\n"
                + "Caused by: redis.clients.jedis.exceptions.JedisConnectionException: Failed to connect to 127.0.0.1:6390\n\tat d.E.f(E.java:2)\n";
        CellFailureCause c = CellFailureCause.of(3, log);
        assertThat(c.status()).isEqualTo("failed");
        assertThat(c.reason()).startsWith("redis.clients.jedis.exceptions.JedisConnectionException: Failed to connect to 127.0.0.1:6390")
                .contains("exit status 3");
    }

    @Test
    void aCellKilledBySignalSaysSoEvenWithAnEmptyLog() {
        CellFailureCause c = CellFailureCause.of(137, "");
        assertThat(c.reason()).contains("killed by signal 9 (SIGKILL)");
    }

    @Test
    void aJvmThatCouldNotStartSaysWhy() {
        String log = "Error occurred during initialization of VM\nCould not reserve enough space for 20971520KB object heap\n";
        assertThat(CellFailureCause.of(1, log).reason()).startsWith("the JVM did not start: Could not reserve enough space");
        String nativeOom = "#\n# There is insufficient memory for the Java Runtime Environment to continue.\n# Native memory allocation (mmap) failed\n";
        assertThat(CellFailureCause.of(1, nativeOom).status()).isEqualTo("out-of-memory");
    }

    @Test
    void theCliOneLineErrorIsTheCause() {
        assertThat(CellFailureCause.of(2, "error: trace t.csv line 3: unknown operation 'read'\n").reason())
                .startsWith("trace t.csv line 3: unknown operation 'read'");
    }
}
