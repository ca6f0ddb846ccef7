package io.readstates.report.cli;

import io.readstates.report.analysis.ChangePoints;
import io.readstates.report.history.RunHistory;
import io.readstates.report.render.TrendReport;
import io.readstates.results.RunData;
import io.readstates.results.UnusableInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The run history: runs added to an embedded DuckDB file, and the trend of a figure with its change points. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Keep a history of runs in a DuckDB file and show trends with change points.",
        subcommands = {HistoryCommand.Add.class, HistoryCommand.Trend.class})
public final class HistoryCommand implements Runnable {
    @Override
    public void run() {
        throw new UnusableInput("history needs a subcommand: add RUN... or trend");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add runs (one row per cell and repeat); a run already in the history is left as it is.")
    static final class Add implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories.")
        List<Path> runs;

        @Option(names = "--history", description = "The history file. Default: results/history.duckdb.")
        Path history = RunHistory.DEFAULT_FILE;

        @Override
        public Integer call() {
            try (RunHistory h = RunHistory.open(history)) {
                for (Path run : runs) {
                    int added = h.add(RunData.load(run));
                    System.out.println(added == 0 ? run + ": already in " + history + ", nothing added" : run + ": " + added + " cells added to " + history);
                }
            }
            return 0;
        }
    }

    @Command(name = "trend", mixinStandardHelpOptions = true, description = "Render one figure over the history's runs, per cell key, with change points.")
    static final class Trend implements Callable<Integer> {
        @Option(names = "--history", description = "The history file. Default: results/history.duckdb.")
        Path history = RunHistory.DEFAULT_FILE;

        @Option(names = "--figure", defaultValue = "p999_ms", description = "The figure (a column of the history). Default: ${DEFAULT-VALUE}.")
        String figure;

        @Option(names = "--out", defaultValue = "results/trend", description = "Where trend.html, trend.md and the charts go. Default: ${DEFAULT-VALUE}.")
        Path out;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(history)) {
                throw new UnusableInput("no history at " + history + "; add runs with 'history add RUN...' first");
            }
            try (RunHistory h = RunHistory.open(history)) {
                TrendReport.Rendered r = TrendReport.render(h, figure, ChangePoints.standard(), out);
                System.out.println("trend: " + r.html().toAbsolutePath() + " (" + r.changes().size() + " change points)");
            }
            return 0;
        }
    }
}
