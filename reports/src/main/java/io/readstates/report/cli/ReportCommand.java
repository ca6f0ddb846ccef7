package io.readstates.report.cli;

import io.readstates.report.render.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Renders charts, report.html and summary.md from one or more result directories. A cell whose files
 * cannot be read is named in the report and on standard error, the rest is rendered, and the exit
 * status is 2.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render report.html, summary.md and charts from result directories (several merge into one comparison).")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Result directories (results/<run>) or cell directories.")
    List<Path> runs;

    @Option(names = "--out", description = "Where to write the report. Default: <first RUN_DIR>/report.")
    Path out;

    @Override
    public Integer call() {
        Path target = out != null ? out : runs.get(0).resolve("report");
        ReportRenderer.Rendered rendered = new ReportRenderer().render(runs, target);
        System.out.println("report: " + rendered.report().toAbsolutePath());
        rendered.problems().forEach(p -> spec.commandLine().getErr().println("error: " + p));
        return rendered.problems().isEmpty() ? 0 : CommandLine.ExitCode.USAGE;
    }
}
