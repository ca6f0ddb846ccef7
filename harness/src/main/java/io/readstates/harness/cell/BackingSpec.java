package io.readstates.harness.cell;

import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The database behind a cell's cache: where the embedded table lives and what a round trip to it
 * costs. The table is always off the measured heap; persisted (the default) it is a mapped file
 * in the cell's directory, {@value #FILE}, removed after the cell unless asked to keep it (a
 * 10M-state population takes about 0.7 GB of disk).
 *
 * @param persisted   a mapped file (true) or anonymous memory (false)
 * @param load        round trip of a load (a state or a user's partition)
 * @param write       round trip of one batched write
 * @param keepFile    leave the persisted file beside the results
 */
public record BackingSpec(boolean persisted, DelayDistribution load, DelayDistribution write, boolean keepFile) {
    public static final String FILE = "backing.db";

    /** A persisted table without a latency model. */
    public static final BackingSpec DEFAULT = new BackingSpec(true, DelayDistribution.NONE, DelayDistribution.NONE, false);

    /** {@code memory} or {@code file}; anything else is an error naming both. */
    public static boolean persistedByName(String name) {
        return switch (name.trim()) {
            case "file" -> true;
            case "memory" -> false;
            default -> throw new IllegalArgumentException("unknown backing store '" + name + "'; use file (persisted, the default) or memory");
        };
    }

    /** The raw table, for preloading without round trips. */
    public OffHeapBackingStore openTable(Path cellDir, long maxStates) {
        return persisted ? OffHeapBackingStore.persistedTo(cellDir.resolve(FILE), maxStates) : new OffHeapBackingStore(maxStates);
    }

    /** The table as the cache sees it: behind the latency model, if there is one. */
    public BackingStore forCache(OffHeapBackingStore table) {
        return DelayedBackingStore.wrap(table, load, write);
    }

    /** The same settings as options of the {@code cell} command. */
    public List<String> cellArguments() {
        List<String> args = new ArrayList<>(List.of("--backing", persisted ? "file" : "memory",
                "--load-latency", load.toString(), "--write-latency", write.toString()));
        if (keepFile) {
            args.add("--keep-backing");
        }
        return args;
    }
}
