package io.readstates.store.caffeine;

import io.readstates.store.writebehind.DirtyClock;
import io.readstates.store.writebehind.FlusherThread;
import io.readstates.store.writebehind.VersionClock;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.WriteBatch;
import io.readstates.store.engine.EvictionLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a Java team would build first: a Caffeine bounded cache of mutable state objects keyed by a
 * record, measured as it is — a key object per lookup, a lambda per update, Caffeine's own
 * W-TinyLFU eviction (not strict LRU) and its per-entry bookkeeping.
 *
 * <p>Implementation notes.
 * <ol>
 *   <li>Updates run inside {@code asMap().compute}, which holds the key's bin lock: a miss loads from
 *       the backing store there, blocking only that bin, never the whole cache.</li>
 *   <li>Eviction commits a dirty state inside Caffeine's eviction listener, which Caffeine runs
 *       synchronously within the atomic removal of the entry [1]; a concurrent miss on the same key
 *       waits for the bin and then reads the committed value, so there is no window in which the
 *       update exists nowhere.</li>
 *   <li>State objects are guarded by their own monitor for the flusher, which iterates the map
 *       (iteration does not change recency) and writes states dirty for the delay; a state is marked
 *       clean only if it still holds the written value and was not evicted meanwhile. Writes carry
 *       versions so eviction and flush may race (see {@code BackingStore}).</li>
 *   <li>Maintenance runs on the calling threads ({@code executor(Runnable::run)}), so eviction
 *       happens within the operation that caused it, as in the other stores.</li>
 * </ol>
 * [1] Caffeine wiki, "Removal": {@code evictionListener} is invoked synchronously during eviction.
 */
public final class CaffeineStore implements ReadStateStore {
    private record Key(long userId, long channelId) {
    }

    private static final class State {
        long last;
        int mentions;
        int dirtyStamp;
        boolean evicted;

        State(long last, int mentions) {
            this.last = last;
            this.mentions = mentions;
        }
    }

    private final long capacity;
    private final BackingStore backing;
    private final Cache<Key, State> cache;
    private final ConcurrentMap<Key, State> map;
    private final EvictionLog evictionLog = new EvictionLog(4096);
    private final DirtyClock dirtyClock;
    private final VersionClock versions = new VersionClock();
    private final long delayMillis;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictionWrites = new LongAdder();
    private final LongAdder flushWrites = new LongAdder();
    private final Object flushLock = new Object();
    private final FlusherThread flusher;
    private volatile boolean closed;

    public CaffeineStore(long capacity, BackingStore backing, Duration writeBehindDelay) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        this.capacity = capacity;
        this.backing = backing;
        this.delayMillis = writeBehindDelay.toMillis();
        this.cache = Caffeine.newBuilder()
                .maximumSize(capacity)
                .executor(Runnable::run)
                .evictionListener(this::evicted)
                .build();
        this.map = cache.asMap();
        this.dirtyClock = new DirtyClock(writeBehindDelay);
        this.flusher = FlusherThread.start("readstates-caffeine-write-behind", writeBehindDelay, () -> closed, () -> flushDirty(delayMillis / 1000));
    }

    private void evicted(Key key, State s, RemovalCause cause) {
        if (key == null || s == null) {
            return;
        }
        evictions.increment();
        synchronized (s) {
            s.evicted = true;
            if (s.dirtyStamp != 0) {
                WriteBatch one = new WriteBatch(1);
                one.add(key.userId(), key.channelId(), s.last, s.mentions, versions.next());
                backing.write(one);
                evictionWrites.increment();
            }
        }
        synchronized (evictionLog) {
            evictionLog.record(key.userId(), key.channelId());
        }
    }

    private State load(Key key) {
        misses.increment();
        ReadStateHolder h = new ReadStateHolder();
        if (backing.load(key.userId(), key.channelId(), h)) {
            return new State(h.lastMessageId, h.mentionCount);
        }
        WriteBatch create = new WriteBatch(1);
        create.add(key.userId(), key.channelId(), 0, 0, 0);
        backing.write(create);
        return new State(0, 0);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private State present(Key key, State s) {
        if (s == null) {
            return load(key);
        }
        hits.increment();
        return s;
    }

    @Override
    public void ack(long userId, long channelId, long messageId) {
        ensureOpen();
        map.compute(new Key(userId, channelId), (k, s) -> {
            State st = present(k, s);
            synchronized (st) {
                st.last = Math.max(st.last, messageId);
                st.mentions = 0;
                st.dirtyStamp = dirtyClock.dirtied(st.dirtyStamp);
            }
            return st;
        });
    }

    @Override
    public void mention(long userId, long channelId, long messageId) {
        ensureOpen();
        map.compute(new Key(userId, channelId), (k, s) -> {
            State st = present(k, s);
            synchronized (st) {
                st.mentions++;
                st.dirtyStamp = dirtyClock.dirtied(st.dirtyStamp);
            }
            return st;
        });
    }

    @Override
    public void get(long userId, long channelId, ReadStateHolder out) {
        ensureOpen();
        map.compute(new Key(userId, channelId), (k, s) -> {
            State st = present(k, s);
            synchronized (st) {
                out.set(st.last, st.mentions);
            }
            return st;
        });
    }

    @Override
    public int ready(long userId, ReadStateSink sink) {
        ensureOpen();
        long since = evictionLog.sequence();
        List<long[]> partition = new ArrayList<>();
        backing.loadPartition(userId, (u, c, l, m) -> partition.add(new long[] {c, l, m}));
        for (long[] p : partition) {
            map.compute(new Key(userId, p[0]), (k, s) -> {
                State st = s != null ? present(k, s) : leftSince(since, k) ? load(k) : loadedFromPartition(p);
                synchronized (st) {
                    sink.accept(userId, k.channelId(), st.last, st.mentions);
                }
                return st;
            });
        }
        return partition.size();
    }

    /** Did the key leave the cache (and so get written) after the partition read began? Then that read may be stale. */
    private boolean leftSince(long since, Key k) {
        synchronized (evictionLog) {
            return evictionLog.leftSince(since, k.userId(), k.channelId());
        }
    }

    private State loadedFromPartition(long[] p) {
        misses.increment();
        return new State(p[1], (int) p[2]);
    }

    /** Writes states dirty for at least {@code minAgeSeconds} ({@code < 0}: all dirty states), in batches. */
    private void flushDirty(long minAgeSeconds) {
        synchronized (flushLock) {
            WriteBatch batch = new WriteBatch(512);
            List<State> captured = new ArrayList<>();
            int now = dirtyClock.now();
            for (var e : map.entrySet()) {
                State s = e.getValue();
                synchronized (s) {
                    if (!s.evicted && DirtyClock.due(now, s.dirtyStamp, minAgeSeconds)) {
                        batch.add(e.getKey().userId(), e.getKey().channelId(), s.last, s.mentions, versions.next());
                        captured.add(s);
                    }
                }
                if (batch.size() == 512) {
                    writeAndConfirm(batch, captured);
                }
            }
            writeAndConfirm(batch, captured);
        }
    }

    /** Writes the batch, then marks each state clean if it still holds the written value and was not evicted. */
    private void writeAndConfirm(WriteBatch batch, List<State> captured) {
        if (batch.isEmpty()) {
            return;
        }
        backing.write(batch);
        for (int i = 0; i < batch.size(); i++) {
            State s = captured.get(i);
            synchronized (s) {
                if (!s.evicted && s.last == batch.lastMessageId(i) && s.mentions == batch.mentionCount(i)) {
                    s.dirtyStamp = 0;
                }
            }
        }
        flushWrites.add(batch.size());
        batch.clear();
        captured.clear();
    }

    @Override
    public void flush() {
        flushDirty(-1);
    }

    @Override
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(hits.sum(), misses.sum(), evictions.sum(), evictionWrites.sum(), flushWrites.sum());
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public void forEachResident(ReadStateSink sink) {
        map.forEach((k, s) -> {
            synchronized (s) {
                sink.accept(k.userId(), k.channelId(), s.last, s.mentions);
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (flusher != null) {
            flusher.stop();
        }
        flush();
        closed = true;
    }
}
