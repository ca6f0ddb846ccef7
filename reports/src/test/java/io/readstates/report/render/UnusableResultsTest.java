package io.readstates.report.render;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One broken file costs one row of a report, never the report; and it is named, not rendered as nothing. */
class UnusableResultsTest {
    private static Path writeCell(Path run, CellResult c) {
        Path dir = run.resolve("cells").resolve(c.cell().id());
        ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), c);
        return dir;
    }

    private static CellResult cell(String store, String collector) {
        return SampleCells.cell(store, collector, "25", 10, 1, 1, 2, Map.of(), Map.of(), 0, 0, List.of());
    }

    @Test
    void aTruncatedCellJsonIsNamedAndTheOtherCellsAreRendered(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        writeCell(run, cell("off-heap", "g1"));
        Path broken = writeCell(run, cell("object-graph", "g1"));
        String json = Files.readString(broken.resolve(ResultFiles.CELL_JSON));
        Files.writeString(broken.resolve(ResultFiles.CELL_JSON), json.substring(0, json.length() / 2));

        ReportRenderer.Rendered rendered = new ReportRenderer().render(List.of(run), tmp.resolve("report"));

        assertThat(rendered.problems()).singleElement().asString().contains(broken.getFileName().toString()).contains("cannot read");
        String html = Files.readString(rendered.report());
        assertThat(html).contains("off-heap-g1-10-1").contains("Unusable input").contains(broken.getFileName().toString()).contains("unreadable");
        assertThat(Files.readString(tmp.resolve("report").resolve("summary.md"))).contains("unusable input");
    }

    @Test
    void aLatencyLogOfRandomBytesIsUnusableNotZeroIntervals(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        writeCell(run, cell("off-heap", "g1"));
        Path noisy = writeCell(run, cell("object-graph", "g1"));
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(noisy.resolve(ResultFiles.LATENCY_LOG), junk);

        RunData data = RunData.load(run);

        assertThat(data.problems()).singleElement().asString().contains("latency.hlog");
        assertThat(data.cells()).extracting(c -> c.result().status()).containsExactlyInAnyOrder("ok", CellResult.UNREADABLE);
    }

    @Test
    void aCellJsonWithoutItsFiguresIsUnusable(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ResultFiles.CELL_JSON), "{\"schema\":1,\"status\":\"ok\",\"cell\":{\"id\":\"x\"}}");
        assertThatThrownBy(() -> ResultFiles.readCell(dir)).isInstanceOf(UnusableInput.class).hasMessageContaining("lacks 'run'");
        Files.writeString(dir.resolve(ResultFiles.CELL_JSON), "");
        assertThatThrownBy(() -> ResultFiles.readCell(dir)).isInstanceOf(UnusableInput.class).hasMessageContaining("cell.json");
    }
}
