package io.readstates.store.backing;

import io.readstates.store.Hashing;
import io.readstates.store.NativeMemory;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded backing store of measured cells: a partitioned, versioned table kept entirely
 * outside the Java heap, so that the collector being measured never sees it.
 *
 * <p>Implementation notes. States live in fixed 40-byte records in one FFM segment:
 * {@code user(8) channel(8) last(8) version(8) mentions(4) nextInUser(4)}. Two open-addressing
 * tables with linear probing find them: a key table of record numbers (+1; 0 is empty) hashed on
 * (user, channel), and a partition table of {@code user(8) head(4) count(4)} hashed on user, whose
 * chain through {@code nextInUser} lists the user's states — the equivalent of a Cassandra
 * partition read for {@code ready}. Nothing is ever deleted (the service never deletes read
 * states), so probing needs no tombstones. Writes keep the highest version per state
 * (last-write-wins, as Cassandra's write timestamps do). One lock guards everything: loads are
 * sub-microsecond and happen only on cache misses and flushes.
 *
 * <p>References: D. Knuth, TAOCP vol. 3, §6.4 (open addressing with linear probing);
 * JEP 454, Foreign Function &amp; Memory API.
 */
public final class OffHeapBackingStore implements BackingStore {
    private static final long RECORD = 40;
    private static final long USER_ENTRY = 16;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Arena arena = Arena.ofShared();
    private final ReentrantLock lock = new ReentrantLock();
    private final long maxStates;
    private final MemorySegment records;
    private final MemorySegment keyTable;
    private final int keyMask;
    private final MemorySegment userTable;
    private final int userMask;
    private int size;
    private int users;

    /**
     * @param maxStates how many states the table can hold; fixed, since growing would stall a
     *                  measured run. Exceeding it is an error that names this number.
     */
    public OffHeapBackingStore(long maxStates) {
        if (maxStates <= 0 || maxStates > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("backing store capacity must be between 1 and "
                    + Integer.MAX_VALUE / 2 + " states, got " + maxStates);
        }
        this.maxStates = maxStates;
        int keyLen = Hashing.tableLength(maxStates, 0.6);
        int userLen = Hashing.tableLength(maxStates, 0.6);
        NativeMemory.require(RECORD * maxStates + 4L * keyLen + USER_ENTRY * userLen, "an off-heap backing store of " + maxStates + " states");
        records = arena.allocate(RECORD * maxStates, 8);
        keyTable = arena.allocate(4L * keyLen, 8);
        userTable = arena.allocate(USER_ENTRY * userLen, 8);
        keyMask = keyLen - 1;
        userMask = userLen - 1;
    }

    private long rec(int r) {
        return r * RECORD;
    }

    /** Record number of (user, channel), or -1. Caller holds the lock. */
    private int find(long userId, long channelId) {
        int i = (int) Hashing.mix(userId, channelId) & keyMask;
        while (true) {
            int r = keyTable.getAtIndex(INT, i) - 1;
            if (r < 0) {
                return -1;
            }
            long o = rec(r);
            if (records.get(LONG, o) == userId && records.get(LONG, o + 8) == channelId) {
                return r;
            }
            i = (i + 1) & keyMask;
        }
    }

    /** Byte offset of the user's partition entry, or of the empty entry where it would go. */
    private long userEntry(long userId) {
        int i = (int) Hashing.mix(userId) & userMask;
        while (true) {
            long o = i * USER_ENTRY;
            if (userTable.get(INT, o + 8) == 0 || userTable.get(LONG, o) == userId) {
                return o;
            }
            i = (i + 1) & userMask;
        }
    }

    private int insert(long userId, long channelId) {
        if (size >= maxStates) {
            throw new IllegalStateException("off-heap backing store is full: it was sized for " + maxStates
                    + " states; size it for the whole population (option --backing-capacity)");
        }
        int r = size++;
        long o = rec(r);
        records.set(LONG, o, userId);
        records.set(LONG, o + 8, channelId);
        int i = (int) Hashing.mix(userId, channelId) & keyMask;
        while (keyTable.getAtIndex(INT, i) != 0) {
            i = (i + 1) & keyMask;
        }
        keyTable.setAtIndex(INT, i, r + 1);
        long u = userEntry(userId);
        int head = userTable.get(INT, u + 8);
        if (head == 0) {
            userTable.set(LONG, u, userId);
            users++;
        }
        records.set(INT, o + 36, head);
        userTable.set(INT, u + 8, r + 1);
        userTable.set(INT, u + 12, userTable.get(INT, u + 12) + 1);
        return r;
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        lock.lock();
        try {
            int r = find(userId, channelId);
            if (r < 0) {
                return false;
            }
            long o = rec(r);
            out.set(records.get(LONG, o + 16), records.get(INT, o + 32));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        lock.lock();
        try {
            long u = userEntry(userId);
            int n = 0;
            for (int r = userTable.get(INT, u + 8) - 1; r >= 0; r = records.get(INT, rec(r) + 36) - 1) {
                long o = rec(r);
                sink.accept(userId, records.get(LONG, o + 8), records.get(LONG, o + 16), records.get(INT, o + 32));
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(WriteBatch batch) {
        lock.lock();
        try {
            for (int i = 0; i < batch.size(); i++) {
                long user = batch.userId(i);
                long channel = batch.channelId(i);
                int r = find(user, channel);
                long version = batch.version(i);
                if (r < 0) {
                    r = insert(user, channel);
                } else if (version <= records.get(LONG, rec(r) + 24)) {
                    continue;
                }
                long o = rec(r);
                records.set(LONG, o + 16, batch.lastMessageId(i));
                records.set(LONG, o + 24, version);
                records.set(INT, o + 32, batch.mentionCount(i));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forEach(ReadStateSink sink) {
        lock.lock();
        try {
            for (int r = 0; r < size; r++) {
                long o = rec(r);
                sink.accept(records.get(LONG, o), records.get(LONG, o + 8), records.get(LONG, o + 16), records.get(INT, o + 32));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Users with at least one state. */
    public long users() {
        lock.lock();
        try {
            return users;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long offHeapBytes() {
        return records.byteSize() + keyTable.byteSize() + userTable.byteSize();
    }

    @Override
    public String describe() {
        return "off-heap (FFM, capacity " + maxStates + " states)";
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
