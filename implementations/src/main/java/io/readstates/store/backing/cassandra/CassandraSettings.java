package io.readstates.store.backing.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to reach a Cassandra cluster and how to write to it. The defaults fit the single local node
 * that {@code bin/cassandra-node.sh} starts; users with a cluster name their contact points,
 * datacenter, keyspace, replication and consistency level.
 *
 * @param contactPoints  host:port of one or more nodes
 * @param datacenter     the local datacenter (SimpleSnitch calls it {@code datacenter1})
 * @param keyspace       created if absent, with SimpleStrategy and {@code replication} copies
 * @param replication    replication factor used when the keyspace is created
 * @param consistency    consistency level of every read and write (e.g. ONE, LOCAL_QUORUM)
 * @param maxInFlight    concurrent write requests per batch write (bounds memory and load)
 * @param retryFor       how long a failing request is retried with backoff before the failure is permanent
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String datacenter, String keyspace, int replication,
                                String consistency, int maxInFlight, Duration retryFor) {
    private static final Set<String> LEVELS = Set.of("ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE");

    public CassandraSettings {
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one Cassandra contact point is needed, e.g. 127.0.0.1:9042");
        }
        if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
            throw new IllegalArgumentException("keyspace must be a letter then letters, digits or _, at most 48; got '" + keyspace + "'");
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication factor must be >= 1, got " + replication);
        }
        consistency = consistency.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(consistency)) {
            throw new IllegalArgumentException("unknown consistency level '" + consistency + "'; use one of " + String.join(", ", new java.util.TreeSet<>(LEVELS)));
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in-flight requests must be >= 1, got " + maxInFlight);
        }
    }

    /** The local node of {@code bin/cassandra-node.sh} on this port. */
    public static CassandraSettings local(int port) {
        return new CassandraSettings(List.of(InetSocketAddress.createUnresolved("127.0.0.1", port)), "datacenter1", "readstates", 1, "ONE", 64,
                Duration.ofMinutes(2));
    }

    /**
     * Parses {@code host:port[,host:port...]}; a missing port means 9042. The addresses stay
     * unresolved: parsing happens on every command that has the option, and none of them may look a
     * host name up unless it is going to connect ({@link #resolvedContactPoints}).
     */
    public static List<InetSocketAddress> parseContactPoints(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            try {
                out.add(colon < 0 ? InetSocketAddress.createUnresolved(p, 9042)
                        : InetSocketAddress.createUnresolved(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + p + "' is not a Cassandra contact point; use host:port, e.g. 127.0.0.1:9042");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no Cassandra contact point in '" + text + "'; use host:port[,host:port]");
        }
        return out;
    }

    /** The contact points looked up now, when a session is about to connect to them. */
    public List<InetSocketAddress> resolvedContactPoints() {
        return contactPoints.stream().map(a -> a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a).toList();
    }

    public CassandraSettings withKeyspace(String name) {
        return new CassandraSettings(contactPoints, datacenter, name, replication, consistency, maxInFlight, retryFor);
    }

    public CassandraSettings withRetryFor(Duration d) {
        return new CassandraSettings(contactPoints, datacenter, keyspace, replication, consistency, maxInFlight, d);
    }

    /** {@code host:port,host:port}. */
    public String contactPointsText() {
        return String.join(",", contactPoints.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
    }
}
