package io.readstates.app;

import io.readstates.harness.cli.ExitStatus;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code --profile case-study}: every attempt Discord made, replayed, in one command. The attempts
 * need cells that one matrix cannot hold together — two heaps and two flag sets for the knobs and
 * the ballast, two JDKs for the runtime upgrade, a fixed population behind several cache sizes,
 * the services at 10M states for 7-minute windows — so the profile is a list of parts, each an
 * ordinary matrix run in its own subdirectory of the run directory, and one report over them all.
 * Each part resumes as every matrix does (its own {@code run.json}, cells already done are kept), so
 * the command given again resumes the whole; a part whose cells fail is recorded as such and the
 * next part runs. The long part (the services, 7-minute windows) runs last, so the short ones have
 * results early. Cells are paired only within a part (one run, one session), which is what the
 * report's *The case study on the JVM* asks of every comparison.
 *
 * @param name        the subdirectory, and what the part stands for
 * @param matrixArgs  the part's {@code matrix} options, as a user would type them
 */
record CaseStudyRun(String name, List<String> matrixArgs) {

    private static final String KNOBS = "-XX:InitiatingHeapOccupancyPercent=20 -XX:MaxGCPauseMillis=50 -XX:SoftMaxHeapSize=";

    /** The parts of a composite profile, or empty when {@code profile} is an ordinary one. */
    static Optional<List<CaseStudyRun>> parts(String profile) {
        return switch (profile.trim()) {
            case "case-study" -> Optional.of(at(FULL));
            case "case-study-quick" -> Optional.of(at(QUICK));
            default -> Optional.empty();
        };
    }

    /**
     * How large one composite runs: the settings every short part shares, the two heaps of the
     * ballast, the soft max heap among the knobs, the Redis part's size, rate and workers (one Redis
     * operation is a loopback round trip of about 165 µs), the cache-size part and the services profile.
     */
    private record Scale(List<String> shortParts, String heaps, String softMaxHeap, String redisCapacity, String redisRate,
                         List<String> cacheSize, String services) {
    }

    /**
     * About 1 h 45 min on the 2-vCPU machine of docs/measurements.md: the services part is 75 min of
     * it; the short parts (4M states, 100k ops/s, a minute or two per cell) take about 25.
     */
    private static final Scale FULL = new Scale(List.of("--profile", "tail-tax", "--capacities", "4M", "--rate", "100k", "--duration", "45s",
            "--warmup", "10s", "--write-behind", "10s", "--periodic-gc", "20s", "--repeats", "1"), "3g,12g", "1g", "500k", "5k",
            List.of("--profile", "cache-size"), "case-study-services");

    /** The same parts at CI size: about 12 minutes here. */
    private static final Scale QUICK = new Scale(List.of("--profile", "tail-tax", "--capacities", "200k", "--rate", "20k", "--duration", "15s",
            "--warmup", "5s", "--write-behind", "5s", "--periodic-gc", "5s", "--repeats", "1"), "512m,2g", "256m", "100k", "2k",
            List.of("--profile", "cache-size", "--population", "400k", "--capacities", "100k,400k", "--duration", "10s", "--rate", "10k"),
            "case-study-services-quick");

    private static List<CaseStudyRun> at(Scale s) {
        return List.of(
                new CaseStudyRun("knobs-ballast", with(s.shortParts(), "--stores", "object-graph", "--collectors", "g1,zgc", "--heap", s.heaps(),
                        "--gc-flags", "none", "--gc-flags", KNOBS + s.softMaxHeap())),
                new CaseStudyRun("smaller-lrus", with(s.shortParts(), "--stores", "sharded,object-graph", "--collectors", "g1")),
                new CaseStudyRun("runtime", with(s.shortParts(), "--stores", "object-graph", "--collectors", "g1", "--jdk", "25,17")),
                new CaseStudyRun("external-cache", with(s.shortParts(), "--stores", "redis,object-graph", "--collectors", "g1",
                        "--capacities", s.redisCapacity(), "--rate", s.redisRate(), "--workers", "4")),
                new CaseStudyRun("cache-size", s.cacheSize()),
                new CaseStudyRun("rewrite", List.of("--profile", s.services())));
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        for (int i = 0; i < more.length; i += 2) {
            int at = out.indexOf(more[i]);
            if (at >= 0 && !more[i].equals("--gc-flags")) {
                out.set(at + 1, more[i + 1]);
            } else {
                out.add(more[i]);
                out.add(more[i + 1]);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Runs every part into {@code runDir/<part>}, then (unless {@code noReport}) one report over all
     * of them into {@code runDir/report}. Returns 0 when every part and the report were clean.
     *
     * @param passOn options given to the command that apply to every part ({@code --retry-failed}, {@code --dry-run})
     */
    static int runAll(List<CaseStudyRun> parts, Path runDir, List<String> passOn, boolean noReport, Path history, PrintStream out, PrintWriter err) {
        MatrixCommand.requireDirectoryOrNew(runDir);
        boolean dryRun = passOn.contains("--dry-run");
        out.printf("case study: %d parts into %s (%s)%n", parts.size(), runDir, String.join(", ", parts.stream().map(CaseStudyRun::name).toList()));
        int status = 0;
        List<Path> dirs = new ArrayList<>();
        for (CaseStudyRun part : parts) {
            Path dir = runDir.resolve(part.name());
            out.printf("%n== part '%s': matrix %s%n", part.name(), String.join(" ", part.matrixArgs().stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList()));
            List<String> args = Stream.of(List.of("matrix"), part.matrixArgs(), List.of("--out", dir.toString(), "--no-report"), passOn)
                    .flatMap(List::stream).toList();
            int code = ReadStatesCli.execute(args.toArray(String[]::new));
            if (code != 0) {
                err.printf("part '%s' exited %d; its cells say why (%s); the next part runs%n", part.name(), code, dir);
                status = Math.max(status, code);
            }
            if (Files.isDirectory(dir.resolve("cells"))) {
                dirs.add(dir);
            }
        }
        if (dryRun || dirs.isEmpty()) {
            return status;
        }
        if (!noReport && !MatrixCommand.renderReport(dirs, runDir.resolve("report"), out, err)) {
            status = Math.max(status, ExitStatus.FAILED);
        }
        if (history != null) {
            MatrixCommand.addToHistory(history, dirs, out);
        }
        return status;
    }
}
