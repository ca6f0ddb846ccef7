package io.readstates.store.backing;

import io.readstates.store.support.Hashing;
import io.readstates.store.support.NativeMemory;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.memory.OffHeapMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded backing store of measured cells: a partitioned, versioned table kept entirely
 * outside the Java heap, so that the collector being measured never sees it.
 *
 * <p>Persistence: the same table can live in a file mapped into memory ({@link #persistedTo}),
 * so the data outlives the process and a later run can reopen it — the embedded stand-in for a
 * database, still invisible to the collector. A 64-byte header (magic, format, capacity, size,
 * users, table lengths) lets a reopen check that the file is what it claims to be.
 *
 * <p>Implementation notes. States live in fixed 40-byte records in one block of
 * {@link OffHeapMemory} (an FFM segment on Java 22+, byte buffers on Java 17; every value is
 * naturally aligned):
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
    private static final long MAGIC = 0x52534743_4241434BL;
    private static final int FORMAT = 1;

    /** The file header: what a reopen checks, and the table's running counts. */
    private static final long HEADER = 64;
    private static final long HEADER_MAGIC = 0;
    private static final long HEADER_FORMAT = 8;
    private static final long HEADER_MAX_STATES = 16;
    private static final long HEADER_SIZE = 24;
    private static final long HEADER_USERS = 32;
    private static final long HEADER_KEY_LENGTH = 40;
    private static final long HEADER_USER_LENGTH = 44;

    /** A state's record: {@code user(8) channel(8) last(8) version(8) mentions(4) nextInUser(4)}. */
    private static final long RECORD = 40;
    private static final long RECORD_USER = 0;
    private static final long RECORD_CHANNEL = 8;
    private static final long RECORD_LAST = 16;
    private static final long RECORD_VERSION = 24;
    private static final long RECORD_MENTIONS = 32;
    private static final long RECORD_NEXT_IN_USER = 36;

    /** A key-table slot: the record number + 1 (0 = empty). */
    private static final long KEY_ENTRY = 4;

    /** A partition-table entry: {@code user(8) head(4) count(4)}, head being the user's newest record + 1. */
    private static final long USER_ENTRY = 16;
    private static final long USER_ID = 0;
    private static final long USER_HEAD = 8;
    private static final long USER_COUNT = 12;
    private final ReentrantLock lock = new ReentrantLock();
    private final long maxStates;
    private final Path file;
    private final FileChannel channel;
    private final OffHeapMemory mem;
    private final long keyBase;
    private final int keyMask;
    private final long userBase;
    private final int userMask;
    private int size;
    private int users;

    /**
     * An in-memory table: gone when closed.
     *
     * @param maxStates how many states the table can hold; fixed, since growing would stall a
     *                  measured run. Exceeding it is an error that names this number.
     */
    public OffHeapBackingStore(long maxStates) {
        this(maxStates, null);
    }

    /**
     * A table persisted to {@code file}: opens the file if it holds a table of the same size
     * (the data of an earlier run survives), creates it otherwise. Data written survives the
     * process (the pages belong to the kernel's page cache); {@link #sync()} and {@link #close()}
     * also force them to the device.
     */
    public static OffHeapBackingStore persistedTo(Path file, long maxStates) {
        return new OffHeapBackingStore(maxStates, file);
    }

    private OffHeapBackingStore(long maxStates, Path file) {
        if (maxStates <= 0 || maxStates > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("backing store capacity must be between 1 and "
                    + Integer.MAX_VALUE / 2 + " states, got " + maxStates);
        }
        this.maxStates = maxStates;
        this.file = file;
        int keyLen = Hashing.tableLength(maxStates, 0.6);
        int userLen = Hashing.tableLength(maxStates, 0.6);
        long recordBytes = RECORD * maxStates;
        long keyBytes = KEY_ENTRY * keyLen;
        long total = HEADER + recordBytes + keyBytes + USER_ENTRY * userLen;
        String what = "an off-heap backing store of " + maxStates + " states";
        if (file == null) {
            NativeMemory.require(total, what);
            channel = null;
            mem = OffHeapMemory.allocate(total);
            initHeader(keyLen, userLen);
        } else {
            FileChannel ch = null;
            try {
                ch = openFile(file, total, what);
                boolean fresh = ch.size() == 0;
                if (fresh) {
                    ch.write(ByteBuffer.wrap(new byte[1]), total - 1);
                }
                mem = OffHeapMemory.map(ch, total);
                try {
                    if (fresh) {
                        initHeader(keyLen, userLen);
                    } else {
                        checkHeader(file, keyLen, userLen);
                    }
                } catch (RuntimeException e) {
                    mem.close();
                    throw e;
                }
            } catch (IOException e) {
                closeQuietly(ch);
                throw new UncheckedIOException("cannot open the backing store file " + file + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
            channel = ch;
        }
        keyBase = HEADER + recordBytes;
        userBase = HEADER + recordBytes + keyBytes;
        size = (int) mem.getLong(HEADER_SIZE);
        users = (int) mem.getLong(HEADER_USERS);
        keyMask = keyLen - 1;
        userMask = userLen - 1;
    }

    private static FileChannel openFile(Path file, long total, String what) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(file) && Files.size(file) != 0 && Files.size(file) != total) {
            throw new IllegalArgumentException("the backing store file " + file + " holds " + Files.size(file)
                    + " bytes, but a table of " + "this size needs " + total + "; it was made for another --population/capacity. "
                    + "Use a new file, or delete this one if its data is not needed");
        }
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (!Files.exists(file) && usable < total) {
            throw new IllegalArgumentException(what + " needs " + total / (1 << 20) + " MiB on disk, but " + dir
                    + " has only " + usable / (1 << 20) + " MiB free; choose a smaller population or another directory");
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void initHeader(int keyLen, int userLen) {
        mem.putLong(HEADER_MAGIC, MAGIC);
        mem.putInt(HEADER_FORMAT, FORMAT);
        mem.putLong(HEADER_MAX_STATES, maxStates);
        mem.putInt(HEADER_KEY_LENGTH, keyLen);
        mem.putInt(HEADER_USER_LENGTH, userLen);
    }

    private void checkHeader(Path f, int keyLen, int userLen) {
        if (mem.getLong(HEADER_MAGIC) != MAGIC || mem.getInt(HEADER_FORMAT) != FORMAT) {
            throw new IllegalArgumentException(f + " is not a readstates-gc backing store file (format " + FORMAT + "); use a new file");
        }
        if (mem.getLong(HEADER_MAX_STATES) != maxStates || mem.getInt(HEADER_KEY_LENGTH) != keyLen || mem.getInt(HEADER_USER_LENGTH) != userLen) {
            throw new IllegalArgumentException("the backing store file " + f + " was made for " + mem.getLong(HEADER_MAX_STATES)
                    + " states, not " + maxStates + "; use a new file, or delete this one if its data is not needed");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
        }
    }

    /** Byte offset of record {@code r}: records follow the header. */
    private long rec(int r) {
        return HEADER + r * RECORD;
    }

    /** Record number of (user, channel), or -1. Caller holds the lock. */
    private int find(long userId, long channelId) {
        int i = (int) Hashing.mix(userId, channelId) & keyMask;
        while (true) {
            int r = mem.getInt(keyBase + KEY_ENTRY * i) - 1;
            if (r < 0) {
                return -1;
            }
            long o = rec(r);
            if (mem.getLong(o + RECORD_USER) == userId && mem.getLong(o + RECORD_CHANNEL) == channelId) {
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
            if (mem.getInt(userBase + o + USER_HEAD) == 0 || mem.getLong(userBase + o + USER_ID) == userId) {
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
        mem.putLong(HEADER_SIZE, size);
        long o = rec(r);
        mem.putLong(o + RECORD_USER, userId);
        mem.putLong(o + RECORD_CHANNEL, channelId);
        int i = (int) Hashing.mix(userId, channelId) & keyMask;
        while (mem.getInt(keyBase + KEY_ENTRY * i) != 0) {
            i = (i + 1) & keyMask;
        }
        mem.putInt(keyBase + KEY_ENTRY * i, r + 1);
        long u = userEntry(userId);
        int head = mem.getInt(userBase + u + USER_HEAD);
        if (head == 0) {
            mem.putLong(userBase + u + USER_ID, userId);
            users++;
            mem.putLong(HEADER_USERS, users);
        }
        mem.putInt(o + RECORD_NEXT_IN_USER, head);
        mem.putInt(userBase + u + USER_HEAD, r + 1);
        mem.putInt(userBase + u + USER_COUNT, mem.getInt(userBase + u + USER_COUNT) + 1);
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
            out.set(mem.getLong(o + RECORD_LAST), mem.getInt(o + RECORD_MENTIONS));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean loadsFromMemory() {
        return true;
    }

    /** Only the in-memory table: a table persisted to a mapped file can stall a write for the kernel's writeback. */
    @Override
    public boolean writesToMemory() {
        return file == null;
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        lock.lock();
        try {
            long u = userEntry(userId);
            int n = 0;
            for (int r = mem.getInt(userBase + u + USER_HEAD) - 1; r >= 0; r = mem.getInt(rec(r) + RECORD_NEXT_IN_USER) - 1) {
                long o = rec(r);
                sink.accept(userId, mem.getLong(o + RECORD_CHANNEL), mem.getLong(o + RECORD_LAST), mem.getInt(o + RECORD_MENTIONS));
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
                } else if (version <= mem.getLong(rec(r) + RECORD_VERSION)) {
                    continue;
                }
                long o = rec(r);
                mem.putLong(o + RECORD_LAST, batch.lastMessageId(i));
                mem.putLong(o + RECORD_VERSION, version);
                mem.putInt(o + RECORD_MENTIONS, batch.mentionCount(i));
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
                sink.accept(mem.getLong(o + RECORD_USER), mem.getLong(o + RECORD_CHANNEL), mem.getLong(o + RECORD_LAST), mem.getInt(o + RECORD_MENTIONS));
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
        return mem.byteSize();
    }

    /** The file this table is persisted to, or null for an in-memory table. */
    public Path file() {
        return file;
    }

    /** Forces a persisted table's pages to the device (no-op in memory). */
    public void sync() {
        lock.lock();
        try {
            if (mem.isOpen()) {
                mem.force();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return file == null ? "off-heap (" + mem.technology() + ", in memory, capacity " + maxStates + " states)"
                : "off-heap (" + mem.technology() + ", persisted to a mapped file, capacity " + maxStates + " states)";
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (mem.isOpen()) {
                mem.force();
                mem.close();
                closeQuietly(channel);
            }
        } finally {
            lock.unlock();
        }
    }
}
