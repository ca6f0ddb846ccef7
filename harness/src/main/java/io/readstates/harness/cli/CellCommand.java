package io.readstates.harness.cli;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.cell.CellRunner;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.cell.CellSpecFile;
import io.readstates.harness.cell.ParentWatch;
import io.readstates.harness.matrix.MatrixRunner;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.results.UnusableInput;
import io.readstates.store.StoreType;
import io.readstates.store.registry.StoreKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs one cell in the current JVM — whatever collector and heap it was started with. The matrix
 * writes each cell's {@code cell-spec.json} and starts a fresh JVM with {@code cell --spec FILE};
 * users can run a cell by hand with options, which build the same {@link CellSpec}.
 */
@Command(name = "cell", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one measured cell in this JVM (its GC flags are the ones this JVM was started with) and write cell.json, "
                + "cell-spec.json, latency.hlog and recording.jfr.")
public final class CellCommand implements Callable<Integer> {
    /** What may be given beside {@code --spec}: where the results go and the process that owns the cell. */
    private static final Set<String> WITH_SPEC = Set.of("--spec", "--out", "--parent-pid");

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--spec", description = "Run the cell this cell-spec.json describes (how the matrix starts every cell); no other cell "
            + "option may be given with it.")
    Path specFile;

    @Option(names = "--out", description = "Directory for the cell's result files (must not already hold a cell.json). Required, except "
            + "with --spec: then the spec file's directory.")
    Path out;

    @Option(names = "--store", converter = Converters.StoreConverter.class,
            description = "Store: object-graph, primitive-arrays, off-heap, b-tree, chronicle-map, caffeine, redis, sharded, or a user-supplied one. Default: object-graph.")
    StoreType store;

    @Option(names = "--capacity", converter = Converters.CountConverter.class, description = "Cache capacity in states (e.g. 500k, 10M). Default: 1M.")
    Long capacity;

    @Mixin
    CellSettingsOptions settings = new CellSettingsOptions();

    @Option(names = "--id", description = "Cell id for the result file. Default: derived from store and capacity.")
    String id;

    @Option(names = "--parent-pid", description = "Stop this cell, without a result, as soon as this process is gone (set by the matrix).")
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        CellSpec spec = specFile != null ? fromFile() : fromOptions();
        Path dir = out != null ? out : specFile.toAbsolutePath().getParent();
        if (Files.exists(dir.resolve(ResultFiles.CELL_JSON))) {
            throw new UnusableInput(dir + " already holds a cell.json; choose another --out (earlier results are never overwritten)");
        }
        if (parentPid != null) {
            ParentWatch.start(parentPid, () -> BackingSpec.deleteFile(dir), System.out);
        }
        CellResult result = new CellRunner(System.out).run(spec, dir);
        return result.ok() ? 0 : ExitStatus.FAILED;
    }

    private CellSpec fromFile() {
        List<String> others = commandSpec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName).filter(name -> !WITH_SPEC.contains(name)).distinct().toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("--spec gives the whole cell; " + String.join(", ", others)
                    + " cannot be given with it (edit the spec, or run the cell with options and no --spec)");
        }
        return CellSpecFile.read(specFile);
    }

    private CellSpec fromOptions() {
        if (out == null) {
            throw new IllegalArgumentException("--out is required: the directory for the cell's results (or give --spec FILE)");
        }
        StoreType s = store != null ? store : StoreKind.OBJECT_GRAPH;
        long c = capacity != null ? capacity : 1_000_000L;
        return new CellSpec(id != null ? id : s.cliName() + "-" + c, s, c, CellSpec.Labels.AS_STARTED, 1, MatrixRunner.gitRevision(), null, null,
                settings.resolve(CellSettings.DEFAULTS));
    }
}
