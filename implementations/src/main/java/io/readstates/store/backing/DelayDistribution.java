package io.readstates.store.backing;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long one round trip to the database takes, as a distribution to sample from. The case
 * study's cache sits in front of Cassandra; whether a bigger cache (more live heap, more marking)
 * pays for itself depends on what a miss costs, so the cost of a miss is a parameter of the
 * experiment, written the way a performance engineer would describe a dependency:
 *
 * <ul>
 *   <li>{@code none} — no delay (the embedded store's own speed);</li>
 *   <li>{@code fixed:2ms} — every round trip takes exactly this long;</li>
 *   <li>{@code uniform:1ms..3ms} — uniform between the bounds;</li>
 *   <li>{@code lognormal:median=500us,p99=5ms} — the usual shape of a network service's latency,
 *       fixed by two percentiles: μ = ln(median), σ = ln(p99 ÷ median) ÷ z₀.₉₉ with z₀.₉₉ = 2.3263.</li>
 * </ul>
 * Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}.
 *
 * <p>Sampling uses {@link ThreadLocalRandom}: no allocation and no contention between the
 * driver's workers, at the price of delays that are not reproducible from the run's seed (the
 * operation stream still is).
 */
public final class DelayDistribution {
    private static final double Z99 = 2.3263478740408408;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s)");
    private static final Pattern FIXED = Pattern.compile("fixed:(.+)");
    private static final Pattern UNIFORM = Pattern.compile("uniform:(.+)\\.\\.(.+)");
    private static final Pattern LOGNORMAL = Pattern.compile("lognormal:median=(.+),p99=(.+)");
    private static final String FORMS = "none, fixed:2ms, uniform:1ms..3ms or lognormal:median=500us,p99=5ms";

    /** No delay. */
    public static final DelayDistribution NONE = new DelayDistribution(Kind.NONE, 0, 0, "none");

    private enum Kind { NONE, FIXED, UNIFORM, LOGNORMAL }

    private final Kind kind;
    private final double a;
    private final double b;
    private final String text;

    private DelayDistribution(Kind kind, double a, double b, String text) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.text = text;
    }

    /** Parses one of the forms in the class comment; anything else is an error naming them. */
    public static DelayDistribution parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (s.equals("none") || s.equals("0") || s.equals("off")) {
            return NONE;
        }
        Matcher m;
        if ((m = FIXED.matcher(s)).matches()) {
            return new DelayDistribution(Kind.FIXED, nanos(m.group(1), spec), 0, s);
        }
        if ((m = UNIFORM.matcher(s)).matches()) {
            double lo = nanos(m.group(1), spec);
            double hi = nanos(m.group(2), spec);
            if (hi < lo) {
                throw new IllegalArgumentException("delay '" + spec + "': the upper bound is below the lower bound; write uniform:LOW..HIGH");
            }
            return new DelayDistribution(Kind.UNIFORM, lo, hi, s);
        }
        if ((m = LOGNORMAL.matcher(s)).matches()) {
            double median = nanos(m.group(1), spec);
            double p99 = nanos(m.group(2), spec);
            if (median <= 0 || p99 < median) {
                throw new IllegalArgumentException("delay '" + spec + "': a lognormal needs 0 < median <= p99");
            }
            return new DelayDistribution(Kind.LOGNORMAL, Math.log(median), Math.log(p99 / median) / Z99, s);
        }
        throw new IllegalArgumentException("'" + spec + "' is not a delay distribution; use " + FORMS);
    }

    private static double nanos(String value, String spec) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("delay '" + spec + "': '" + value + "' is not a duration with a unit (ns, us, ms, s), e.g. 500us");
        }
        double n = Double.parseDouble(m.group(1));
        return n * switch (m.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            default -> 1e9;
        };
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** One delay in nanoseconds. */
    public long sampleNanos() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return switch (kind) {
            case NONE -> 0;
            case FIXED -> (long) a;
            case UNIFORM -> (long) (a + (b - a) * r.nextDouble());
            case LOGNORMAL -> (long) Math.exp(a + b * r.nextGaussian());
        };
    }

    /** The distribution as it was written (normalised), for result files. */
    @Override
    public String toString() {
        return text;
    }

    /** Two distributions are equal when they sample the same way (whatever the text they were written as). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DelayDistribution d && d.kind == kind && Double.compare(d.a, a) == 0 && Double.compare(d.b, b) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, a, b);
    }
}
