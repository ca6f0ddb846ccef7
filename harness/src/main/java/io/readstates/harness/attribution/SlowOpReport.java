package io.readstates.harness.attribution;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.readstates.harness.latency.ExternalHiccupControl;
import io.readstates.results.AtomicFiles;
import io.readstates.results.AttributionFigures;
import io.readstates.workload.OperationType;
import jdk.jfr.consumer.RecordedEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last step of a cell's attribution: builds the cause timeline from everything the cell
 * recorded (its JFR recording, the store's lock holds, the calls on the operations' path, the
 * out-of-process control's stalls), attributes every captured slow operation ({@link Attribution}),
 * writes them to {@value #CSV} — one row per operation, its times, its main cause and its time per
 * cause — and returns the breakdown for {@code cell.json}.
 */
public final class SlowOpReport {
    public static final String CSV = "slow-ops.csv";
    private static final Cause[] CAUSES = Cause.values();

    private SlowOpReport() {
    }

    /**
     * What the cell recorded for attribution.
     *
     * @param jfrEvents          the cell's JFR recording, as read for its GC summary
     * @param slowOps            the captured operations
     * @param storeWork          the store's lock holds for background work
     * @param operationPathCalls backing-store calls made on a driver worker's thread
     * @param clock              the window's start on both clocks
     * @param normalServiceNanos per operation type ordinal, the window's median service time
     * @param p999Nanos          the window's p99.9 response time
     */
    public record Inputs(List<RecordedEvent> jfrEvents, SlowOps slowOps, IntervalRing storeWork, IntervalRing operationPathCalls, CellClock clock, long[] normalServiceNanos,
                         long p999Nanos) {
    }

    public static AttributionFigures write(Path cellDir, Inputs in) {
        CauseTimeline timeline = new CauseTimeline();
        Map<Cause, Long> sources = new EnumMap<>(Cause.class);
        JfrCauses.addTo(timeline, in.jfrEvents(), in.clock()).forEach((c, n) -> sources.merge(c, n, Long::sum));
        in.storeWork().addTo(timeline, Cause.STORE_LOCK, 0);
        sources.merge(Cause.STORE_LOCK, (long) in.storeWork().size(), Long::sum);
        in.operationPathCalls().addTo(timeline, Cause.BACKING_STORE, 0);
        sources.merge(Cause.BACKING_STORE, (long) in.operationPathCalls().size(), Long::sum);
        sources.merge(Cause.PLATFORM, addPlatformStalls(timeline, cellDir.resolve(ExternalHiccupControl.STALLS_FILE), in.clock()), Long::sum);
        SlowOps ops = in.slowOps();
        List<Attribution.Attributed> attributed = Attribution.attribute(ops, timeline, in.normalServiceNanos());
        writeCsv(cellDir.resolve(CSV), ops, attributed, in.clock());
        Map<String, Long> bySource = new LinkedHashMap<>();
        sources.forEach((c, n) -> bySource.put(c.cliName(), n));
        return new AttributionFigures(ops.thresholdNanos() / 1e6, ops.size(), ops.dropped(), in.p999Nanos() / 1e6,
                figures(Attribution.breakdown(ops, attributed, 0)), figures(Attribution.breakdown(ops, attributed, in.p999Nanos())), bySource);
    }

    private static AttributionFigures.Breakdown figures(Attribution.Breakdown b) {
        Map<String, Long> ops = new TreeMap<>();
        b.byMainCause().forEach((c, n) -> ops.put(c.cliName(), n));
        Map<String, Double> ms = new TreeMap<>();
        b.nanosByCause().forEach((c, n) -> ms.put(c.cliName(), n / 1e6));
        return new AttributionFigures.Breakdown(b.operations(), ops, ms, b.collectorShare());
    }

    /** The out-of-process control's stalls, if it ran beside this cell (a cell run by hand has none). */
    private static long addPlatformStalls(CauseTimeline timeline, Path file, CellClock clock) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        long n = 0;
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(",");
                if (f.length != 2) {
                    continue;
                }
                try {
                    timeline.add(Cause.PLATFORM, CauseTimeline.ANY_WORKER, clock.nanosOfEpoch(Long.parseLong(f[0].trim())),
                            clock.nanosOfEpoch(Long.parseLong(f[1].trim())));
                    n++;
                } catch (NumberFormatException partialLastLine) {
                    // the control may be writing its last line as the cell reads the file
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return n;
    }

    private static void writeCsv(Path file, SlowOps ops, List<Attribution.Attributed> attributed, CellClock clock) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true)
                .addColumn("intended_ms").addColumn("start_ms").addColumn("end_ms").addColumn("response_ms").addColumn("op")
                .addColumn("worker").addColumn("cause");
        for (Cause c : CAUSES) {
            schema.addColumn(c.cliName().replace('-', '_') + "_ms");
        }
        List<List<Object>> rows = new ArrayList<>(attributed.size());
        for (Attribution.Attributed a : attributed) {
            int i = a.index();
            List<Object> row = new ArrayList<>(7 + CAUSES.length);
            row.add(ms(ops.intended(i) - clock.windowStartNanos()));
            row.add(ms(ops.started(i) - clock.windowStartNanos()));
            row.add(ms(ops.ended(i) - clock.windowStartNanos()));
            row.add(ms(ops.ended(i) - ops.intended(i)));
            row.add(OperationType.values()[ops.type(i)].tag());
            row.add(ops.worker(i));
            row.add(a.main().cliName());
            for (Cause c : CAUSES) {
                row.add(ms(a.nanos(c)));
            }
            rows.add(row);
        }
        rows.sort((x, y) -> Double.compare((Double) x.get(0), (Double) y.get(0)));
        AtomicFiles.write(file, tmp -> new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(tmp.toFile()).writeAll(rows).close());
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
