package io.readstates.harness.cli;

import io.readstates.harness.gc.Collector;
import io.readstates.store.StoreType;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import io.readstates.workload.WorkloadSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** picocli converters for the harness's value types; each failure says what would be right. */
public final class Converters {
    private Converters() {
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?");
    private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG])?");

    /**
     * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} (and {@code ns}, {@code us}, which the matrix
     * uses to pass durations to its cells exactly); a bare number is seconds; {@code 0} or {@code off} is zero.
     */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("off")) {
                return Duration.ZERO;
            }
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a duration; use e.g. 500ms, 30s, 2m or 1h");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double nanos = n * switch (unit) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 1e9;
            };
            if (nanos >= Long.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is longer than any run; use e.g. 30s or 2h");
            }
            return Duration.ofNanos(Math.round(nanos));
        }
    }

    /** {@code 200000}, {@code 200k}, {@code 10M}, {@code 1G}: a count with an optional decimal suffix. */
    public static final class CountConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = COUNT.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a count; use e.g. 200000, 200k, 10M");
            }
            double n = Double.parseDouble(m.group(1));
            double mult = m.group(2) == null ? 1 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 1e3;
                case "m" -> 1e6;
                default -> 1e9;
            };
            return Math.round(n * mult);
        }
    }

    public static final class StoreConverter implements ITypeConverter<StoreType> {
        @Override
        public StoreType convert(String value) {
            try {
                return StoreTypes.byName(value);
            } catch (IllegalArgumentException e) {
                return io.readstates.harness.service.ServiceKind.byStoreName(value).<StoreType>map(io.readstates.harness.service.ServiceKind::asStoreType)
                        .orElseThrow(() -> new TypeConversionException(e.getMessage() + "; or a service: go-lru, rust-btree, rust-hash"));
            }
        }
    }

    /** A built-in layout for the shards of the sharded store. */
    public static final class LayoutConverter implements ITypeConverter<StoreKind> {
        @Override
        public StoreKind convert(String value) {
            try {
                return StoreTypes.layoutByName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class CollectorConverter implements ITypeConverter<Collector> {
        @Override
        public Collector convert(String value) {
            try {
                return Collector.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class DelayConverter implements ITypeConverter<DelayDistribution> {
        @Override
        public DelayDistribution convert(String value) {
            try {
                return DelayDistribution.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class WorkloadConverter implements ITypeConverter<WorkloadSpec> {
        @Override
        public WorkloadSpec convert(String value) {
            try {
                return WorkloadSpec.preset(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
