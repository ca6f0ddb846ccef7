package io.readstates.harness.cli;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.backing.cassandra.CassandraSettings;
import picocli.CommandLine.Option;


/** The backing-store options of {@link CellSettingsOptions}. */
public final class BackingOptions {
    @Option(names = "--backing",
            description = "Backing store: file (an embedded table persisted to a mapped file in the cell directory, removed afterwards unless --keep-backing), "
                    + "memory (the same table in anonymous off-heap memory) or cassandra (a real cluster, see --cassandra). Default: file.")
    String backing;

    @Option(names = "--load-latency", converter = Converters.DelayConverter.class,
            description = "Modelled round trip of a backing-store load, on top of the real one: none, fixed:2ms, uniform:1ms..3ms, "
                    + "lognormal:median=500us,p99=5ms. Default: none for a cell, the profile's for a matrix.")
    DelayDistribution loadLatency;

    @Option(names = "--write-latency", converter = Converters.DelayConverter.class,
            description = "Modelled round trip of one batched backing-store write (same forms). Default: none.")
    DelayDistribution writeLatency;

    @Option(names = "--keep-backing", description = "Keep the persisted backing-store file after the cell.")
    boolean keepBacking;

    @Option(names = "--cassandra", defaultValue = "127.0.0.1:9042", description = "Cassandra contact points, host:port[,host:port]. Default: ${DEFAULT-VALUE}.")
    String contactPoints;

    @Option(names = "--cassandra-datacenter", defaultValue = "datacenter1", description = "Local datacenter of the driver. Default: ${DEFAULT-VALUE}.")
    String datacenter;

    @Option(names = "--cassandra-keyspace", defaultValue = "readstates", description = "Keyspace (created if absent). Default: ${DEFAULT-VALUE}.")
    String keyspace;

    @Option(names = "--cassandra-replication", defaultValue = "1", description = "Replication factor if the keyspace is created. Default: ${DEFAULT-VALUE}.")
    int replication;

    @Option(names = "--cassandra-consistency", defaultValue = "ONE", description = "Consistency level of reads and writes. Default: ${DEFAULT-VALUE}.")
    String consistency;

    /** {@code base} with what was given on the command line changed. */
    BackingSpec toSpec(BackingSpec base) {
        CassandraSettings cassandra = new CassandraSettings(CassandraSettings.parseContactPoints(contactPoints), datacenter, keyspace, replication,
                consistency, base.cassandra().maxInFlight(), base.cassandra().retryFor());
        return new BackingSpec(backing != null ? BackingSpec.Kind.byName(backing) : base.kind(), loadLatency != null ? loadLatency : base.load(),
                writeLatency != null ? writeLatency : base.write(), keepBacking || base.keepFile(), cassandra);
    }
}
