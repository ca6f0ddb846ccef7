package io.readstates.report.render;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.TimeFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimeFormatTest {
    @Test
    void theUnitFollowsTheMagnitudeWithThreeSignificantDigits() {
        assertThat(TimeFormat.ofMillis(0.000742)).isEqualTo("742 ns");
        assertThat(TimeFormat.ofMillis(0.358)).isEqualTo("358 µs");
        assertThat(TimeFormat.ofMillis(2.3591)).isEqualTo("2.36 ms");
        assertThat(TimeFormat.ofMillis(412.4)).isEqualTo("412 ms");
        assertThat(TimeFormat.ofMillis(12_345)).isEqualTo("12.3 s");
        assertThat(TimeFormat.ofMillis(1.2)).isEqualTo("1.2 ms");
        assertThat(TimeFormat.ofMillis(0)).isEqualTo("0");
        assertThat(TimeFormat.ofMillis(Double.NaN)).isEqualTo("—");
    }

    @Test
    void aCellThatFellBehindShowsItsResponseTimesAsLowerBoundsAndTheCsvKeepsMilliseconds() {
        CellResult ok = SampleCells.cell("off-heap", "g1", "25", 10, 1, 2.5, 7, Map.of(), Map.of(), 0, 0, List.of());
        CellResult behind = new CellResult(ok.schema(), "behind", "could not keep up", ok.cell(), ok.environment(), ok.run(), ok.responseTime(),
                ok.serviceTime(), ok.hiccup(), ok.gc(), ok.footprint(), ok.store(), ok.notes(), ok.attribution());
        int p999 = CellRow.HEADERS.indexOf("p99.9");
        assertThat(CellRow.of(ok).values().get(p999)).isEqualTo("2.5 ms");
        assertThat(CellRow.of(behind).values().get(p999)).isEqualTo("≥ 2.5 ms");
        assertThat(CellRow.of(behind).csv().get(CellRow.CSV_HEADERS.indexOf("p99_9_ms"))).isEqualTo("2.5");
        assertThat(CellRow.of(ok).csv()).hasSameSizeAs(CellRow.CSV_HEADERS);
        assertThat(CellRow.of(ok).values()).hasSameSizeAs(CellRow.HEADERS);
    }

    @Test
    void thePercentileAxisIsLabelledInPercentilesNotInOneOverOneMinusP() {
        assertThat(SummaryCharts.percentileLabel(1)).isEqualTo("0%");
        assertThat(SummaryCharts.percentileLabel(10)).isEqualTo("90%");
        assertThat(SummaryCharts.percentileLabel(100)).isEqualTo("99%");
        assertThat(SummaryCharts.percentileLabel(1000)).isEqualTo("99.9%");
        assertThat(SummaryCharts.percentileLabel(10_000)).isEqualTo("99.99%");
        assertThat(SummaryCharts.percentileLabel(100_000)).isEqualTo("99.999%");
        assertThat(SummaryCharts.decadeLabel(3.0)).isEqualTo("99.9%");
        assertThat(SummaryCharts.decadeLabel(2.5)).isEmpty();
    }
}
