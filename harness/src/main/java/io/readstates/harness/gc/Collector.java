package io.readstates.harness.gc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The collectors a matrix can run, with the flags that select them and the flag that forces a
 * periodic cycle — the JVM counterpart of Go's two-minute {@code forcegcperiod}, which the case
 * study blames for its sawtooth. What each flag does to the figures: {@code docs/gc-figures.md}.
 */
public enum Collector {
    G1("g1", List.of("-XX:+UseG1GC")) {
        @Override
        List<String> periodicFlags(Duration period) {
            return List.of("-XX:G1PeriodicGCInterval=" + period.toMillis());
        }
    },
    ZGC("zgc", List.of("-XX:+UseZGC")) {
        @Override
        List<String> periodicFlags(Duration period) {
            return List.of("-XX:ZCollectionInterval=" + period.toMillis() / 1000.0);
        }
    },
    SHENANDOAH("shenandoah", List.of("-XX:+UseShenandoahGC")) {
        @Override
        List<String> periodicFlags(Duration period) {
            return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:ShenandoahGuaranteedGCInterval=" + period.toMillis());
        }
    },
    /** Generational mode is a product feature from Java 25 (JEP 521). */
    SHENANDOAH_GENERATIONAL("shenandoah-gen", List.of("-XX:+UseShenandoahGC", "-XX:ShenandoahGCMode=generational"), 25) {
        @Override
        List<String> periodicFlags(Duration period) {
            return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:ShenandoahGuaranteedOldGCInterval=" + period.toMillis());
        }
    },
    PARALLEL("parallel", List.of("-XX:+UseParallelGC")) {
        @Override
        List<String> periodicFlags(Duration period) {
            throw new IllegalArgumentException("the Parallel collector has no periodic-collection flag; drop --periodic-gc or the parallel collector");
        }
    },
    /** No collection at all: the no-GC baseline for stores that do not allocate. */
    EPSILON("epsilon", List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC")) {
        @Override
        List<String> periodicFlags(Duration period) {
            return List.of();
        }
    };

    private final String cliName;
    private final List<String> flags;
    private final int minimumJdk;

    Collector(String cliName, List<String> flags) {
        this(cliName, flags, 17);
    }

    Collector(String cliName, List<String> flags, int minimumJdk) {
        this.cliName = cliName;
        this.flags = flags;
        this.minimumJdk = minimumJdk;
    }

    /** Why this collector cannot run on a JVM of Java release {@code jdkFeature}, if it cannot. */
    public Optional<String> unsupportedOn(int jdkFeature) {
        return jdkFeature >= minimumJdk ? Optional.empty()
                : Optional.of("the " + cliName + " collector needs Java " + minimumJdk + " or later; this JDK is Java " + jdkFeature);
    }

    abstract List<String> periodicFlags(Duration period);

    public String cliName() {
        return cliName;
    }

    /** JVM flags selecting this collector, plus the periodic-cycle flag when {@code period} is set. */
    public List<String> jvmFlags(Duration periodicGc) {
        List<String> out = new ArrayList<>(flags);
        if (periodicGc != null && !periodicGc.isZero()) {
            out.addAll(periodicFlags(periodicGc));
        }
        return out;
    }

    public boolean collects() {
        return this != EPSILON;
    }

    public static Collector byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Collector c : values()) {
            if (c.cliName.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown collector '" + name + "'; known collectors: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Collector::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
