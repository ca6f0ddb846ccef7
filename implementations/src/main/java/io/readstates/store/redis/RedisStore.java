package io.readstates.store.redis;

import io.readstates.store.redis.ScriptReplies.Access;
import io.readstates.store.redis.ScriptReplies.Capture;
import io.readstates.store.redis.ScriptReplies.Captured;
import io.readstates.store.redis.ScriptReplies.ChannelState;
import io.readstates.store.redis.ScriptReplies.Check;
import io.readstates.store.redis.ScriptReplies.Insert;
import io.readstates.store.redis.ScriptReplies.Ready;
import io.readstates.store.redis.ScriptReplies.Victim;
import io.readstates.store.writebehind.FlusherThread;
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
    private final FlusherThread flusher;
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
        this.flusher = FlusherThread.start("readstates-redis-write-behind", writeBehindDelay, () -> closed,
                () -> writeBehind(Long.toString(System.currentTimeMillis() - delayMillis), Integer.MAX_VALUE));
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
            Access hit = Access.of(call("access", op, user, channel, messageId, System.currentTimeMillis()));
            if (hit.hit()) {
                (missed ? misses : hits).incrementAndGet();
                deliver(hit.lastMessageId(), hit.mentionCount(), out);
                return;
            }
            missed = true;
            boolean found = backing.load(user, channel, loaded);
            Insert in = Insert.of(call("insert", op, user, channel, messageId, System.currentTimeMillis(), hit.evictionSequence(),
                    found ? 1 : 0, found ? loaded.lastMessageId : 0, found ? loaded.mentionCount : 0, capacity, nowMicros()));
            if (in.retry()) {
                continue;
            }
            misses.incrementAndGet();
            deliver(in.lastMessageId(), in.mentionCount(), out);
            if (in.created()) {
                WriteBatch create = new WriteBatch(1);
                create.add(user, channel, 0, 0, 0);
                backing.write(create);
            }
            evictions.addAndGet(in.evicted());
            writeVictims(in.victims());
            return;
        }
    }

    private static void deliver(long lastMessageId, int mentionCount, ReadStateHolder out) {
        if (out != null) {
            out.set(lastMessageId, mentionCount);
        }
    }

    /** Writes the dirty victims to the backing store, then tells the script their writes landed. */
    private void writeVictims(List<Victim> dirty) {
        if (dirty.isEmpty()) {
            return;
        }
        WriteBatch victims = new WriteBatch(dirty.size());
        List<Object> done = new ArrayList<>(1 + 3 * dirty.size());
        done.add(dirty.size());
        for (Victim v : dirty) {
            victims.add(v.userId(), v.channelId(), v.lastMessageId(), v.mentionCount(), v.version());
            done.add(v.userId());
            done.add(v.channelId());
            done.add(v.version());
        }
        backing.write(victims);
        evictionWrites.addAndGet(dirty.size());
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
            Ready r = Ready.of(call("ready", args.toArray()));
            if (r.retry()) {
                continue;
            }
            for (ChannelState c : r.states()) {
                sink.accept(userId, c.channelId(), c.lastMessageId(), c.mentionCount());
            }
            hits.addAndGet(r.states().size() - r.inserted());
            misses.addAndGet(r.inserted());
            evictions.addAndGet(r.evicted());
            writeVictims(r.victims());
            return r.states().size();
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
                Capture captured = Capture.of(call("capture", cutoff, FLUSH_BATCH, nowMicros()));
                int n = captured.states().size();
                if (n == 0) {
                    return;
                }
                WriteBatch batch = new WriteBatch(n);
                List<Object> confirm = new ArrayList<>(List.of(captured.evictionSequence(), n));
                for (Captured c : captured.states()) {
                    batch.add(c.userId(), c.channelId(), Long.parseLong(c.lastMessageId()), Integer.parseInt(c.mentionCount()), c.version());
                    confirm.addAll(List.of(c.userId(), c.channelId(), c.lastMessageId(), c.mentionCount()));
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
        Check c = Check.of(call("check"));
        if (c.indexed() != c.resident() || c.pending() != 0 || c.resident() > capacity) {
            throw new IllegalStateException("redis store: " + c.resident() + " in the recency set, " + c.indexed() + " of them stored, "
                    + c.pending() + " eviction writes in flight, capacity " + capacity);
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
            flusher.stop();
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
