package io.readstates.harness.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pauses as the unified GC log ({@code -Xlog:gc*:...:time,uptime,level,tags}) reports them — an
 * independent second source for the figures derived from JFR. Every collector logs each pause as a
 * line whose message contains {@code Pause <name> ... <ms>ms} (G1 {@code Pause Young (Normal)},
 * {@code Pause Remark}; ZGC {@code y: Pause Mark Start}; Shenandoah {@code Pause Init Mark}).
 * Lines are matched at tag {@code gc} or {@code gc,phases} only, so sub-phase lines are not counted.
 * The wall-clock {@code time} decoration places each line on the same clock as the JFR events; the
 * uptime decoration cannot, as its origin precedes heap pre-touching by an unknown amount.
 */
public final class GcLogPauses {
    private static final Pattern LINE = Pattern.compile(
            "^\\[([^\\]]+)]\\[\\d+\\.\\d+s]\\[\\w+\\s*]\\[(gc|gc,phases)\\s*] GC\\(\\d+\\) (?:[YyOo]: )?(Pause .*?)(?: \\d+[KMGT]?->\\d+[KMGT]?\\(\\d+[KMGT]?\\))? (\\d+\\.\\d+)ms$");

    /** One pause: wall-clock time at its end (the log line's time), duration and name. */
    public record Pause(long endEpochMs, double durationMs, String name) {
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLogPauses() {
    }

    /** Pauses whose log line falls in {@code [fromEpochMs, toEpochMs]}. */
    public static List<Pause> read(Path gcLog, long fromEpochMs, long toEpochMs) {
        List<Pause> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(gcLog)) {
            lines.forEach(l -> {
                Matcher m = LINE.matcher(l);
                if (m.matches()) {
                    long t = java.time.OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
                    if (t >= fromEpochMs && t <= toEpochMs) {
                        out.add(new Pause(t, Double.parseDouble(m.group(4)), m.group(3).trim()));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GC log " + gcLog, e);
        }
        return out;
    }
}
