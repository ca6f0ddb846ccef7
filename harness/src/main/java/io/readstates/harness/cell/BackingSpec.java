package io.readstates.harness.cell;

import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;
import io.readstates.store.backing.cassandra.CassandraBackingStore;
import io.readstates.store.backing.cassandra.CassandraSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The database behind a cell's cache and what a round trip to it costs. The embedded table is
 * always off the measured heap: persisted (the default) it is a mapped file in the cell's
 * directory, {@value #FILE}, removed after the cell unless asked to keep it (a 10M-state population
 * takes about 0.7 GB of disk); {@code memory} keeps it in anonymous memory. {@code cassandra} is a
 * real cluster (or the local node of {@code bin/cassandra-node.sh}) over the network.
 *
 * @param kind        where the data lives
 * @param load        modelled round trip of a load (a state or a user's partition), on top of the real one
 * @param write       modelled round trip of one batched write
 * @param keepFile    leave the persisted file beside the results
 * @param cassandra   how to reach Cassandra (used when kind is CASSANDRA)
 */
public record BackingSpec(Kind kind, DelayDistribution load, DelayDistribution write, boolean keepFile, CassandraSettings cassandra) {
    public static final String FILE = "backing.db";

    /** Where the backing store's data lives. */
    public enum Kind {
        FILE, MEMORY, CASSANDRA;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind byName(String name) {
            for (Kind k : values()) {
                if (k.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown backing store '" + name + "'; use file (persisted, the default), memory or cassandra");
        }
    }

    /** A persisted table without a latency model. */
    public static final BackingSpec DEFAULT = new BackingSpec(Kind.FILE, DelayDistribution.NONE, DelayDistribution.NONE, false,
            CassandraSettings.local(9042));

    /** The same store with another modelled load round trip. */
    public BackingSpec withLoad(DelayDistribution loadLatency) {
        return new BackingSpec(kind, loadLatency, write, keepFile, cassandra);
    }

    public boolean persistedFile() {
        return kind == Kind.FILE;
    }

    /** Removes the persisted table of a cell directory, if there is one: it is a copy of the preload, never a result. */
    public static void deleteFile(Path cellDir) {
        try {
            Files.deleteIfExists(cellDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + cellDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The raw store, for preloading without modelled round trips. */
    public BackingStore open(Path cellDir, long maxStates) {
        return switch (kind) {
            case FILE -> OffHeapBackingStore.persistedTo(cellDir.resolve(FILE), maxStates);
            case MEMORY -> new OffHeapBackingStore(maxStates);
            case CASSANDRA -> new CassandraBackingStore(cassandra);
        };
    }

    /** The store as the cache sees it: behind the latency model, if there is one. */
    public BackingStore forCache(BackingStore raw) {
        return DelayedBackingStore.wrap(raw, load, write);
    }
}
