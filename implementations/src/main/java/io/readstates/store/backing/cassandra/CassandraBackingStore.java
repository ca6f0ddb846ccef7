package io.readstates.store.backing.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.WriteBatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The real database behind the cache: Apache Cassandra through its Java driver, with the table of
 * {@code README.md} ("Cassandra behind the cache") — {@code read_states(user_id, channel_id, last_message_id, mention_count,
 * PRIMARY KEY (user_id, channel_id))}, one partition per user so that {@code ready} is one
 * partition read.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li><b>Versions are write timestamps.</b> The cache's versions ({@code max(µs, last + 1)}) go
 *       into {@code USING TIMESTAMP}, so Cassandra's own last-write-wins keeps the newest value when
 *       an eviction and a flush race — and version 0 (create if absent) loses to any real write.
 *       Every write is therefore idempotent and safe to retry.</li>
 *   <li><b>Batched writes grouped by partition.</b> A write-behind batch is split by user into
 *       unlogged batches of at most {@value #ROWS_PER_BATCH} rows (single-partition batches are
 *       applied atomically and cost one mutation), sent asynchronously with at most
 *       {@code maxInFlight} requests outstanding.</li>
 *   <li><b>Faults.</b> Timeouts, unavailable replicas and unreachable nodes are retried with
 *       exponential backoff (100 ms doubling to 5 s) for {@code retryFor}; only then is the
 *       failure permanent, and reported with the cause. Until a write returns the cache keeps the
 *       states dirty (or pending), so nothing acknowledged is lost while a node is down; callers
 *       block meanwhile, which bounds memory. Invalid queries fail at once.</li>
 * </ul>
 * References: Cassandra documentation, "Batch" and "Write timestamps"; DataStax Java driver 4
 * manual, "Retries" and "Idempotence".
 */
public final class CassandraBackingStore implements BackingStore {
    static final int ROWS_PER_BATCH = 50;
    private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

    private final CassandraSettings settings;
    private final CqlSession session;
    private final PreparedStatement selectOne;
    private final PreparedStatement selectUser;
    private final PreparedStatement insert;
    private final Semaphore inFlight;
    private final AtomicLong retries = new AtomicLong();

    public CassandraBackingStore(CassandraSettings settings) {
        this.settings = settings;
        this.inFlight = new Semaphore(settings.maxInFlight());
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, settings.consistency())
                .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
                .build();
        try {
            session = CqlSession.builder().addContactPoints(settings.resolvedContactPoints()).withLocalDatacenter(settings.datacenter())
                    .withConfigLoader(config).build();
        } catch (DriverException e) {
            throw new IllegalStateException("cannot reach Cassandra at " + settings.contactPointsText() + " (datacenter " + settings.datacenter()
                    + "): " + e.getMessage() + ". Start a local node with bin/cassandra-node.sh start, or name your cluster's contact points", e);
        }
        try {
            String ks = settings.keyspace();
            session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + ks
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + settings.replication() + "}").setTimeout(SCHEMA_TIMEOUT));
            session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + ks + ".read_states (user_id bigint, channel_id bigint, "
                    + "last_message_id bigint, mention_count int, PRIMARY KEY (user_id, channel_id))").setTimeout(SCHEMA_TIMEOUT));
            selectOne = session.prepare("SELECT last_message_id, mention_count FROM " + ks + ".read_states WHERE user_id = ? AND channel_id = ?");
            selectUser = session.prepare("SELECT channel_id, last_message_id, mention_count FROM " + ks + ".read_states WHERE user_id = ?");
            insert = session.prepare("INSERT INTO " + ks + ".read_states (user_id, channel_id, last_message_id, mention_count) VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
        } catch (DriverException e) {
            session.close();
            throw new IllegalStateException("cannot create the read_states table in keyspace " + settings.keyspace() + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code request} until it succeeds, a non-retryable error occurs, or {@code retryFor} has passed. */
    private <T> T withRetries(String what, Supplier<T> request) {
        long deadline = System.nanoTime() + settings.retryFor().toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                return request.get();
            } catch (QueryValidationException e) {
                throw new IllegalStateException("Cassandra refused " + what + ": " + e.getMessage(), e);
            } catch (DriverException | CompletionException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof QueryValidationException q) {
                    throw new IllegalStateException("Cassandra refused " + what + ": " + q.getMessage(), q);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("permanent failure: " + what + " still failing after retrying for "
                            + settings.retryFor().toSeconds() + " s against " + settings.contactPointsText() + ": " + cause, cause);
                }
                retries.incrementAndGet();
                sleep(backoffMillis);
                backoffMillis = Math.min(5_000, backoffMillis * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a Cassandra request", e);
        }
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        Row row = withRetries("a read of one state", () -> session.execute(selectOne.bind(userId, channelId)).one());
        if (row == null) {
            return false;
        }
        out.set(row.getLong(0), row.getInt(1));
        return true;
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        List<Row> rows = withRetries("a partition read", () -> session.execute(selectUser.bind(userId)).all());
        for (Row r : rows) {
            sink.accept(userId, r.getLong(0), r.getLong(1), r.getInt(2));
        }
        return rows.size();
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Long, BatchStatementBuilder> open = new LinkedHashMap<>();
        List<Statement<?>> statements = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            long user = batch.userId(i);
            BatchStatementBuilder b = open.computeIfAbsent(user, u -> BatchStatement.builder(BatchType.UNLOGGED));
            b.addStatement(insert.bind(user, batch.channelId(i), batch.lastMessageId(i), batch.mentionCount(i), batch.version(i)));
            if (b.getStatementsCount() == ROWS_PER_BATCH) {
                statements.add(b.build().setIdempotent(true));
                open.remove(user);
            }
        }
        open.values().forEach(b -> statements.add(b.build().setIdempotent(true)));
        withRetries("a write of " + batch.size() + " states", () -> {
            sendAll(statements);
            return null;
        });
    }

    /** Sends every statement with at most {@code maxInFlight} outstanding; succeeded ones are dropped from the list. */
    private void sendAll(List<Statement<?>> statements) {
        List<CompletableFuture<AsyncResultSet>> futures = new ArrayList<>(statements.size());
        for (Statement<?> s : statements) {
            inFlight.acquireUninterruptibly();
            CompletableFuture<AsyncResultSet> f = session.executeAsync(s).toCompletableFuture();
            f.whenComplete((r, e) -> inFlight.release());
            futures.add(f);
        }
        RuntimeException first = null;
        List<Statement<?>> failed = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).join();
            } catch (CompletionException e) {
                failed.add(statements.get(i));
                if (first == null) {
                    first = e;
                }
            }
        }
        statements.retainAll(failed);
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void forEach(ReadStateSink sink) {
        ResultSet rs = withRetries("a full scan", () -> session.execute(SimpleStatement.newInstance(
                "SELECT user_id, channel_id, last_message_id, mention_count FROM " + settings.keyspace() + ".read_states").setTimeout(SCHEMA_TIMEOUT)));
        for (Row r : rs) {
            sink.accept(r.getLong(0), r.getLong(1), r.getLong(2), r.getInt(3));
        }
    }

    @Override
    public long size() {
        return withRetries("a count", () -> session.execute(SimpleStatement.newInstance(
                "SELECT COUNT(*) FROM " + settings.keyspace() + ".read_states").setTimeout(SCHEMA_TIMEOUT)).one().getLong(0));
    }

    /** Requests retried so far after a timeout or an unavailable node. */
    public long retries() {
        return retries.get();
    }

    /** Removes every state (tests and fresh cells only). */
    public void truncate() {
        withRetries("a truncate", () -> session.execute(SimpleStatement.newInstance("TRUNCATE " + settings.keyspace() + ".read_states")
                .setTimeout(SCHEMA_TIMEOUT)));
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public String describe() {
        return "cassandra (" + settings.contactPointsText() + ", keyspace " + settings.keyspace() + ", consistency " + settings.consistency()
                + ", ≤ " + settings.maxInFlight() + " requests in flight)";
    }

    @Override
    public void close() {
        session.close();
    }
}
