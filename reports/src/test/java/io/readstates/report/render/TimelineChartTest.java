package io.readstates.report.render;

import io.readstates.report.analysis.LatencyTimeline;
import io.readstates.results.GcFigures;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineChartTest {

    /**
     * The Go service's timeline at 10M states showed a shaded band from 123 s to 243 s — between its
     * two cycles' concurrent marks (120–123 s and 243–247 s), where no collector ran: the single area
     * series joined the phases. Every shaded series must now lie inside one phase.
     */
    @Test
    void nothingBetweenTwoConcurrentPhasesIsShaded() {
        List<GcFigures.GcEvent> phases = List.of(
                new GcFigures.GcEvent(120_000, 3_249, "concurrent mark and scan"),
                new GcFigures.GcEvent(243_000, 3_700, "concurrent mark and scan"),
                new GcFigures.GcEvent(244_000, 1_000, "concurrent mark and scan"));
        GcFigures gc = new GcFigures("Go GC", 0, 0, 0, 0, 0, 2, Map.of(), Map.of(), 6_949, Map.of(), 0, 0, 0, 0, Map.of(), List.of(), phases,
                0, 0, 0, 0, 0, 0, 2, null, 2L);
        LatencyTimeline timeline = new LatencyTimeline(List.of(
                new LatencyTimeline.Point(0, 10, 1, 2, 3, 1, 1),
                new LatencyTimeline.Point(300, 10, 1, 2, 30, 1, 1)));

        XYChart chart = TimelineChart.build("go", timeline, gc);

        List<XYSeries> shading = chart.getSeriesMap().values().stream().filter(s -> s.getName().startsWith(TimelineChart.PHASE_SERIES)).toList();
        assertThat(shading).as("two merged phases, each shaded above and below 1 ms").hasSize(4);
        for (XYSeries s : shading) {
            double from = Arrays.stream(s.getXData()).min().orElseThrow();
            double to = Arrays.stream(s.getXData()).max().orElseThrow();
            assertThat((from >= 120 && to <= 123.249) || (from >= 243 && to <= 246.7))
                    .as("%s spans %.3f–%.3f s, outside the phases 120–123.249 s and 243–246.7 s", s.getName(), from, to).isTrue();
        }
        assertThat(shading.stream().filter(XYSeries::isShowInLegend)).as("one legend entry").hasSize(1);
    }
}
