package io.readstates.store.redis;

import io.readstates.store.WriteBehindThreads;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.WriteBatch;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The external-cache row: read states live in a {@code redis-server} on loopback, and every
 * operation is a round trip to it — the design the case study's service had before its in-process
 * cache, and the option it rejected. Measured beside the in-process stores, it shows what the
 * network hop and the serialisation cost against what the collector costs.
 *
 * <p>Implementation notes. The cache policy runs inside Redis as one Lua script
 * ({@code read-states.lua}, loaded once, called with {@code EVALSHA}), so each step is atomic
 * without client-side locks: a hit is one call that updates the state, marks it dirty and moves
 * it in a recency sorted set (strict LRU by a logical clock). A miss is the same design as the
 * in-process engine ({@code WriteBehindLruStore}) split across round trips: the {@code access}
 * call reports the miss and the eviction-log sequence; the client loads from the backing store;
 * the {@code insert} call inserts (or applies to a copy that arrived meanwhile, or to a pending
 * eviction write, or asks for a retry if the state left while it was loaded) and evicts, handing
 * dirty victims back with versions; the client writes them and confirms with {@code complete}.
 * Write-behind is a sorted set of dirty states by the time they became dirty; a flusher thread
 * captures old ones with versions, writes them and confirms them clean only if unchanged.
 * Message IDs stay decimal strings in Lua, whose numbers are doubles (53-bit); IDs must be ≥ 0.
 *
 * <p>Each store instance uses its own key prefix on the server and deletes its keys on close.
 * An unreachable server is an {@link IllegalStateException} naming it, after at most the socket
 * timeout — never a hang.
 *
 * <p>References: Redis, "Scripting with Lua" (atomicity of EVAL); Redis LRU is approximated by
 * sampling, which is why recency is kept in a sorted set here instead.
 */
public final class RedisStore implements ReadStateStore {
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int FLUSH_BATCH = 512;
    private static final String SCRIPT = loadScript();

    private final RedisServer.Endpoint endpoint;
    private final JedisPool pool;
    private final String sha;
    private final String prefix = "rs:" + UUID.randomUUID() + ":";
    private final long capacity;
    private final BackingStore backing;
    private final long delayMillis;
    private final long baselineMemory;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Thread flusher;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong evictionWrites = new AtomicLong();
    private final AtomicLong flushWrites = new AtomicLong();
    private volatile boolean closed;

    public RedisStore(long capacity, BackingStore backing, Duration writeBehindDelay) {
        this(RedisServer.endpoint(), capacity, backing, writeBehindDelay);
    }

    public RedisStore(RedisServer.Endpoint endpoint, long capacity, BackingStore backing, Duration writeBehindDelay) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        this.endpoint = endpoint;
        this.capacity = capacity;
        this.backing = backing;
        this.delayMillis = Math.max(0, writeBehindDelay.toMillis());
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(128);
        config.setMaxIdle(128);
        config.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        this.pool = new JedisPool(config, endpoint.host(), endpoint.port(), TIMEOUT_MILLIS);
        try (Jedis j = pool.getResource()) {
            this.sha = j.scriptLoad(SCRIPT);
            this.baselineMemory = usedMemory(j);
        } catch (JedisException e) {
            pool.close();
            throw unavailable(e);
        }
        if (delayMillis > 0) {
            long tick = WriteBehindThreads.tickMillis(delayMillis);
            flusher = WriteBehindThreads.daemon("readstates-redis-write-behind", () -> flushLoop(tick));
            flusher.start();
        } else {
            flusher = null;
        }
    }

    private static String loadScript() {
        try (InputStream in = RedisStore.class.getResourceAsStream("read-states.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("read-states.lua is missing from the classpath", e);
        }
    }

    private IllegalStateException unavailable(JedisException e) {
        return new IllegalStateException("Redis at " + endpoint + " is unavailable (" + e.getMessage() + "); start redis-server there, or set "
                + RedisServer.ENDPOINT_VARIABLE + "=host:port", e);
    }

    /** Runs {@code work} on a pooled connection; a lost connection becomes the store's clear "unavailable" error. */
    private <T> T withRedis(Function<Jedis, T> work) {
        try (Jedis j = pool.getResource()) {
            return work.apply(j);
        } catch (JedisConnectionException e) {
            throw unavailable(e);
        }
    }

    private static long usedMemory(Jedis j) {
        for (String line : j.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return 0;
    }

    private List<Object> call(String command, Object... args) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        List<String> argv = new ArrayList<>(args.length + 2);
        argv.add(command);
        argv.add(prefix.substring(0, prefix.length() - 1));
        for (Object a : args) {
            argv.add(String.valueOf(a));
        }
        Object reply = withRedis(j -> j.evalsha(sha, List.of(), argv));
        return reply instanceof List<?> list ? new ArrayList<>(list) : List.of(reply);
    }

    private static String str(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static long num(Object o) {
        return o instanceof Long l ? l : Long.parseLong(str(o));
    }

    private static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }

    @Override
    public void ack(long userId, long channelId, long messageId) {
        access("ack", userId, channelId, messageId, null);
    }

    @Override
    public void mention(long userId, long channelId, long messageId) {
        access("mention", userId, channelId, messageId, null);
    }

    @Override
    public void get(long userId, long channelId, ReadStateHolder out) {
        access("get", userId, channelId, 0, out);
    }

    private void access(String op, long user, long channel, long messageId, ReadStateHolder out) {
        if (messageId < 0) {
            throw new IllegalArgumentException("message IDs must be >= 0 (Snowflakes), got " + messageId);
        }
        ReadStateHolder loaded = new ReadStateHolder();
        boolean missed = false;
        while (true) {
            List<Object> r = call("access", op, user, channel, messageId, System.currentTimeMillis());
            if (num(r.get(0)) == 1) {
                (missed ? misses : hits).incrementAndGet();
                deliver(r, out);
                return;
            }
            missed = true;
            long since = num(r.get(1));
            boolean found = backing.load(user, channel, loaded);
            r = call("insert", op, user, channel, messageId, System.currentTimeMillis(), since, found ? 1 : 0,
                    found ? loaded.lastMessageId : 0, found ? loaded.mentionCount : 0, capacity, nowMicros());
            if (num(r.get(0)) == 2) {
                continue;
            }
            misses.incrementAndGet();
            deliver(r, out);
            if (num(r.get(3)) == 1) {
                WriteBatch create = new WriteBatch(1);
                create.add(user, channel, 0, 0, 0);
                backing.write(create);
            }
            evictions.addAndGet(num(r.get(4)));
            writeVictims(r, 5);
            return;
        }
    }

    private static void deliver(List<Object> r, ReadStateHolder out) {
        if (out != null) {
            out.set(Long.parseLong(str(r.get(1))), (int) num(r.get(2)));
        }
    }

    /** Writes the dirty victims listed from {@code from} on (user, channel, last, mentions, version each), then confirms them. */
    private void writeVictims(List<Object> r, int from) {
        int n = (r.size() - from) / 5;
        if (n == 0) {
            return;
        }
        WriteBatch victims = new WriteBatch(n);
        List<Object> done = new ArrayList<>();
        done.add(n);
        for (int i = from; i + 4 < r.size(); i += 5) {
            long u = Long.parseLong(str(r.get(i)));
            long c = Long.parseLong(str(r.get(i + 1)));
            long version = Long.parseLong(str(r.get(i + 4)));
            victims.add(u, c, Long.parseLong(str(r.get(i + 2))), Integer.parseInt(str(r.get(i + 3))), version);
            done.add(u);
            done.add(c);
            done.add(version);
        }
        backing.write(victims);
        evictionWrites.addAndGet(n);
        call("complete", done.toArray());
    }

    @Override
    public int ready(long userId, ReadStateSink sink) {
        while (true) {
            String seq = withRedis(j -> j.get(prefix + "evseq"));
            long since = seq == null ? 0 : Long.parseLong(seq);
            List<Object> args = new ArrayList<>(List.of(userId, since, capacity, nowMicros(), 0));
            int[] n = {0};
            backing.loadPartition(userId, (u, c, l, m) -> {
                args.add(c);
                args.add(l);
                args.add(m);
                n[0]++;
            });
            args.set(4, n[0]);
            List<Object> r = call("ready", args.toArray());
            if (num(r.get(0)) == 2) {
                continue;
            }
            int delivered = (int) num(r.get(1));
            long inserted = num(r.get(2));
            int at = 3;
            for (int i = 0; i < delivered; i++, at += 3) {
                sink.accept(userId, Long.parseLong(str(r.get(at))), Long.parseLong(str(r.get(at + 1))), Integer.parseInt(str(r.get(at + 2))));
            }
            hits.addAndGet(delivered - inserted);
            misses.addAndGet(inserted);
            evictions.addAndGet(num(r.get(at)));
            writeVictims(r, at + 1);
            return delivered;
        }
    }

    private void flushLoop(long tickMillis) {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(tickMillis);
                writeBehind(Long.toString(System.currentTimeMillis() - delayMillis), Integer.MAX_VALUE);
            } catch (InterruptedException e) {
                return;
            } catch (IllegalStateException e) {
                if (closed) {
                    return;
                }
                System.err.println("readstates redis write-behind: " + e.getMessage());
            }
        }
    }

    /**
     * Captures dirty states that became dirty at or before {@code cutoff} in batches, writes each
     * batch and confirms it, until none is left or {@code maxRounds} batches ran.
     */
    private void writeBehind(String cutoff, int maxRounds) {
        flushLock.lock();
        try {
            for (int round = 0; round < maxRounds; round++) {
                List<Object> r = call("capture", cutoff, FLUSH_BATCH, nowMicros());
                int n = (r.size() - 1) / 5;
                if (n == 0) {
                    return;
                }
                WriteBatch batch = new WriteBatch(n);
                List<Object> confirm = new ArrayList<>(List.of(num(r.get(0)), n));
                for (int i = 1; i + 4 < r.size(); i += 5) {
                    long u = Long.parseLong(str(r.get(i)));
                    long c = Long.parseLong(str(r.get(i + 1)));
                    String last = str(r.get(i + 2));
                    String mentions = str(r.get(i + 3));
                    batch.add(u, c, Long.parseLong(last), Integer.parseInt(mentions), Long.parseLong(str(r.get(i + 4))));
                    confirm.addAll(List.of(u, c, last, mentions));
                }
                backing.write(batch);
                flushWrites.addAndGet(n);
                call("confirm", confirm.toArray());
            }
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void flush() {
        long dirty = withRedis(j -> j.zcard(prefix + "dirty"));
        writeBehind("+inf", (int) Math.min(Integer.MAX_VALUE, (dirty / FLUSH_BATCH + 1) * 4 + 10));
    }

    @Override
    public long size() {
        return withRedis(j -> j.zcard(prefix + "lru"));
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(hits.get(), misses.get(), evictions.get(), evictionWrites.get(), flushWrites.get());
    }

    /** Growth of the server's {@code used_memory} since this store was created: memory outside this JVM's heap. */
    @Override
    public long offHeapBytes() {
        return withRedis(j -> Math.max(0, usedMemory(j) - baselineMemory));
    }

    @Override
    public void forEachResident(ReadStateSink sink) {
        withRedis(j -> {
            for (String m : j.zrevrange(prefix + "lru", 0, -1)) {
                int colon = m.indexOf(':', 1);
                String user = m.substring(0, colon);
                String channel = m.substring(colon + 1);
                String[] v = j.hget(prefix + "u:" + user, channel).split("\\|");
                sink.accept(Long.parseLong(user), Long.parseLong(channel), Long.parseLong(v[0]), Integer.parseInt(v[1]));
            }
            return null;
        });
    }

    /** Every recency entry has its state, and no eviction write is left in flight. */
    public void checkInvariants() {
        List<Object> r = call("check");
        long resident = num(r.get(0));
        if (num(r.get(1)) != resident || num(r.get(2)) != 0 || resident > capacity) {
            throw new IllegalStateException("redis store: " + resident + " in the recency set, " + num(r.get(1)) + " of them stored, "
                    + num(r.get(2)) + " eviction writes in flight, capacity " + capacity);
        }
    }

    /** The server this store talks to. */
    public RedisServer.Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (flusher != null) {
            flusher.interrupt();
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
            deleteKeys();
        } finally {
            closed = true;
            pool.close();
        }
    }

    private void deleteKeys() {
        withRedis(j -> {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            do {
                ScanResult<String> page = j.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    j.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return null;
        });
    }
}
