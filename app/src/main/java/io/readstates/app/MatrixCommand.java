package io.readstates.app;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.cell.TraceReplay;
import io.readstates.harness.cli.CellSettingsOptions;
import io.readstates.harness.service.ServiceKind;
import io.readstates.harness.cli.Converters;
import io.readstates.harness.cli.ExitStatus;
import io.readstates.harness.driver.Schedule;
import io.readstates.harness.gc.Collector;
import io.readstates.harness.matrix.JdkLocator;
import io.readstates.harness.matrix.MatrixPlan;
import io.readstates.harness.matrix.MatrixProfile;
import io.readstates.harness.matrix.MatrixRunner;
import io.readstates.harness.matrix.ProfileDefaults;
import io.readstates.report.history.RunHistory;
import io.readstates.report.render.ReportRenderer;
import io.readstates.results.RunData;
import io.readstates.store.StoreType;
import io.readstates.workload.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plans and runs a matrix of cells, one fresh JVM each, then renders the report. */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a matrix of cells (store x collector x JDK x capacity x heap x collector flags x repeat), one fresh JVM per cell, and render the report.")
final class MatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    @Option(names = "--profile", defaultValue = "quick", description = "smoke (CI, ~1 min), quick (minutes), scaling, cache-size, "
            + "tail-tax (~90 min), sawtooth (~32 min), case-study (every attempt of Discord's: six matrices and one report, ~1 h 45 min), case-study-quick (~12 min), case-study-services (~75 min), case-study-services-quick (~6 min), full (hours); README.md lists what each runs. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--out", description = "Run directory; re-using one resumes it. Default: results/<date-time>-<profile>.")
    Path out;

    @Option(names = "--stores", split = ",", converter = Converters.StoreConverter.class, description = "Stores to run (comma-separated): object-graph, primitive-arrays, off-heap, b-tree, chronicle-map, caffeine, redis, sharded, or user-supplied.")
    List<StoreType> stores;

    @Option(names = "--services", split = ",", description = "The case study's own services as rows beside the JVM cells, driven by the same "
            + "operations (comma-separated): go (Go's collector, GOGC=100), go-gogc-off (GOGC=off, Go's Epsilon), rust-btree, rust-hash. "
            + "Built from services/ on first use. Default: none.")
    List<String> services;

    @Option(names = "--collectors", split = ",", converter = Converters.CollectorConverter.class, description = "Collectors (comma-separated): ${COMPLETION-CANDIDATES}.")
    List<Collector> collectors;

    @Option(names = "--jdk", split = ",", description = "JDKs to run cells on: home directories, or feature versions (e.g. 25,17) "
            + "found under /usr/lib/jvm. Default: the JDK running this command (25). A cell a JDK cannot run (the off-heap store "
            + "before Java 22, shenandoah-gen or --compact-headers before 25) is recorded as unsupported-jdk with its reason.")
    List<String> jdks;

    @Option(names = "--capacities", split = ",", converter = Converters.CountConverter.class, description = "Cache capacities in states (e.g. 1M,4M).")
    List<Long> capacities;

    @Mixin
    CellSettingsOptions settings = new CellSettingsOptions();

    @Option(names = "--periodic-gc", converter = Converters.DurationConverter.class,
            description = "Force a collection cycle at this period (Go's forcegcperiod is 2m), or 'off'.")
    Duration periodicGc;

    @Option(names = "--heap", split = ",", defaultValue = "auto", description = "-Xms/-Xmx per cell (e.g. 8g), or auto; several "
            + "(comma-separated, e.g. 4g,16g) make heap a matrix dimension — the memory-ballast experiment. Default: ${DEFAULT-VALUE}.")
    List<String> heaps;

    @Option(names = "--gc-flags", description = "A set of extra -XX: flags for every cell (space-separated, e.g. "
            + "'-XX:InitiatingHeapOccupancyPercent=20 -XX:MaxGCPauseMillis=50'), or none; repeat the option to make flag sets a "
            + "matrix dimension — the collector-knob experiment. Default: none.")
    List<String> gcFlags;

    @Option(names = "--compact-headers", description = "Add -XX:+UseCompactObjectHeaders to every cell.")
    boolean compactHeaders;

    @Option(names = "--repeats", description = "Interleaved repeats of every cell.")
    Integer repeats;

    @Option(names = "--shard", description = "Run only shard K of N (e.g. 2/4): every N-th comparison group (one store, capacity, JDK and "
            + "repeat under every collector), for spreading a matrix over machines.")
    String shard;

    @Option(names = "--retry-failed", description = "When resuming, run again the cells whose earlier attempt failed, timed out or ran out "
            + "of memory (their directory is moved aside, not deleted). Without it they are kept, and the matrix exits 1 while the run holds them.")
    boolean retryFailed;

    @Option(names = "--run-id", description = "Identity of a new run, recorded in run.json and every cell.json; give the shards of one run "
            + "(--shard K/N on several machines) the same id so that reports pair their cells. Default: the start time and a random number.")
    String runId;

    @Option(names = "--dry-run", description = "Print the plan (each cell's JVM command and cell-spec.json, the estimated time) and exit.")
    boolean dryRun;

    @Option(names = "--no-report", description = "Do not render the report after the run.")
    boolean noReport;

    @Option(names = "--history", description = "After the run, add it to this run history (a DuckDB file, e.g. results/history.duckdb; "
            + "see 'history --help'). A run already there is left as it is.")
    Path history;

    /** What a composite profile ({@link CaseStudyRun}) takes; every other option belongs to its parts. */
    private static final java.util.Set<String> COMPOSITE_OPTIONS = java.util.Set.of("--profile", "--out", "--retry-failed", "--dry-run",
            "--no-report", "--history");

    @Override
    public Integer call() throws Exception {
        Optional<List<CaseStudyRun>> parts = CaseStudyRun.parts(profile);
        if (parts.isPresent()) {
            List<String> given = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName())
                    .filter(n -> !COMPOSITE_OPTIONS.contains(n)).distinct().toList();
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("--profile " + profile.trim() + " runs fixed parts, each its own matrix, and takes only "
                        + String.join(", ", COMPOSITE_OPTIONS.stream().sorted().toList()) + "; " + String.join(", ", given) + " cannot be given "
                        + "with it. To vary a part, run its own matrix command (--dry-run prints each part's options).");
            }
            Path runDir = runDirectory(profile.trim());
            List<String> passOn = new ArrayList<>();
            if (retryFailed) {
                passOn.add("--retry-failed");
            }
            if (dryRun) {
                passOn.add("--dry-run");
            }
            return CaseStudyRun.runAll(parts.get(), runDir, passOn, noReport, history, System.out, spec.commandLine().getErr());
        }
        MatrixProfile p = MatrixProfile.byName(profile);
        ProfileDefaults d = p.defaults();
        List<Path> jdkHomes = jdks != null ? jdks.stream().map(JdkLocator::resolve).toList() : List.of(JdkLocator.current());
        jdkHomes.forEach(JdkLocator::javaExecutable);
        if (runId != null && !runId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--run-id takes 1 to 64 letters, digits, '.', '_' or '-'; got '" + runId + "'");
        }
        CellSettings cellSettings = settings.resolve(d.settings());
        if (cellSettings.trace() != null) {
            TraceReplay replay = cellSettings.trace();
            Trace t = Trace.read(replay.file());
            cellSettings = cellSettings.toBuilder().duration(Schedule.lengthOf(replay.schedule(t, cellSettings.rate()), t.size())).build();
        }
        List<? extends StoreType> chosenStores = stores != null ? stores : d.stores();
        List<Collector> chosenCollectors = collectors != null ? collectors : d.collectors();
        MatrixPlan plan = new MatrixPlan(p.cliName(), chosenStores.stream().filter(st -> !(st instanceof ServiceKind.ServiceStoreType)).toList(),
                chosenCollectors, jdkHomes, capacities != null ? capacities : d.capacities(), periodicGc != null ? periodicGc : d.periodicGc(), heaps,
                gcFlagSets(), compactHeaders, repeats != null ? repeats : d.repeats(), cellSettings,
                chosenServices(chosenStores, chosenCollectors, services != null ? services.stream().map(ServiceKind::byName).toList() : d.services()));
        plan.checkFitsMachine(((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
        plan.warnings().forEach(w -> System.out.println("note: " + w));
        List<MatrixPlan.Cell> cells = plan.cells();
        if (shard != null) {
            Matcher m = SHARD.matcher(shard.trim());
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                throw new IllegalArgumentException("--shard takes K/N with 1 <= K <= N, e.g. 2/4; got '" + shard + "'");
            }
            cells = plan.shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        Path runDir = runDirectory(p.cliName());
        MatrixRunner runner = new MatrixRunner(plan, runDir, System.out, MatrixRunner.gitRevision(), commandLine(),
                new MatrixRunner.Options(retryFailed, runId));
        if (dryRun) {
            printPlan(runner, cells, runDir);
            return 0;
        }
        requireDirectoryOrNew(runDir);
        System.out.printf("matrix '%s': %d cells into %s%n", p.cliName(), cells.size(), runDir.toAbsolutePath());
        MatrixRunner.Summary summary = runner.run(cells);
        boolean reportProblems = !noReport && !renderReport(List.of(runDir), runDir.resolve("report"), System.out, spec.commandLine().getErr());
        if (history != null) {
            addToHistory(history, List.of(runDir), System.out);
        }
        return summary.unclean() == 0 && !reportProblems ? 0 : ExitStatus.FAILED;
    }

    /** {@code --out}, or {@code results/<date-time>-<name>}; absolute. */
    private Path runDirectory(String name) {
        return (out != null ? out : Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + name))
                .toAbsolutePath();
    }

    static void requireDirectoryOrNew(Path runDir) {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("--out " + runDir + " is a file; it must be a directory (new, or an earlier run to resume)");
        }
    }

    /** Renders one report over {@code runDirs}, printing its path and any unusable input; true when there was none. */
    static boolean renderReport(List<Path> runDirs, Path outDir, PrintStream out, PrintWriter err) {
        ReportRenderer.Rendered rendered = new ReportRenderer().render(runDirs, outDir);
        out.println("report: " + rendered.report().toAbsolutePath());
        rendered.problems().forEach(problem -> err.println("error: " + problem));
        return rendered.problems().isEmpty();
    }

    /** Adds each run to the history; a run already there is left as it is. */
    static void addToHistory(Path history, List<Path> runDirs, PrintStream out) {
        try (RunHistory h = RunHistory.open(history)) {
            for (Path runDir : runDirs) {
                int added = h.add(RunData.load(runDir));
                out.println("history: " + (added == 0 ? runDir + " is already in " + history : added + " cells of " + runDir + " added to " + history));
            }
        }
    }

    /** Each {@code --gc-flags} value as its flags ("none": the collector's defaults); no option: one empty set. */
    private List<List<String>> gcFlagSets() {
        if (gcFlags == null || gcFlags.isEmpty()) {
            return List.of(List.of());
        }
        return gcFlags.stream().map(String::trim).map(set -> set.equalsIgnoreCase("none") ? List.<String>of() : List.of(set.split("\\s+"))).toList();
    }

    private void printPlan(MatrixRunner runner, List<MatrixPlan.Cell> cells, Path runDir) {
        long total = 0;
        System.out.printf("plan: %d cells into %s%n", cells.size(), runDir);
        for (MatrixPlan.Cell c : cells) {
            Optional<String> unsupported = runner.unsupportedOnItsJdk(c);
            if (unsupported.isPresent()) {
                System.out.printf("%s%n    not run: %s%n", c.id(), unsupported.get());
                continue;
            }
            total += runner.estimateSeconds(c);
            System.out.printf("%s%n    %s%n    %s%n", c.id(), String.join(" ", runner.command(c, runDir.resolve("cells").resolve(c.id()))),
                    CellSpecFile.toJson(runner.plannedSpec(c)).replace("\n", "\n    "));
        }
        System.out.printf("estimated time: %d min %d s%n", total / 60, total % 60);
    }

    private static List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        ProcessHandle.current().info().command().ifPresent(cmd::add);
        ProcessHandle.current().info().arguments().ifPresent(a -> cmd.addAll(List.of(a)));
        return cmd;
    }

    /**
     * The services of the plan: those named by {@code --services}, and those named as stores
     * ({@code --stores go-lru,rust-btree}) — where Go, as a store, also brings its no-collection twin
     * ({@code GOGC=off}) when the collectors include Epsilon, the JVM's no-collection baseline.
     */
    static List<ServiceKind> chosenServices(List<? extends StoreType> stores, List<Collector> collectors, List<ServiceKind> named) {
        java.util.LinkedHashSet<ServiceKind> out = new java.util.LinkedHashSet<>(named);
        for (StoreType st : stores) {
            if (st instanceof ServiceKind.ServiceStoreType service) {
                out.add(service.kind());
                if (service.kind() == ServiceKind.GO && collectors.contains(Collector.EPSILON)) {
                    out.add(ServiceKind.GO_GOGC_OFF);
                }
            }
        }
        return List.copyOf(out);
    }
}
