package io.readstates.store.engine;

import io.readstates.store.BackgroundWork;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.WriteBatch;
import io.readstates.store.layout.LruLayout;
import io.readstates.store.writebehind.DirtyClock;
import io.readstates.store.writebehind.FlusherThread;
import io.readstates.store.writebehind.VersionClock;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cache policy of the Read States service — read path, write path, eviction path — over any
 * {@link LruLayout}, so that layouts differ only in memory layout and are compared on equal terms.
 *
 * <p>Implementation notes.
 * <ol>
 *   <li><b>One lock per store.</b> An LRU reorders on every access, so hits serialise anyway; one
 *       {@link ReentrantLock} guards layout, counters and the bookkeeping below. Scaling across
 *       threads is the sharded store's job (N stores, N locks). The lock is never held across a
 *       backing-store call, so a slow load or write stalls only the operation that needs it.</li>
 *   <li><b>Misses load outside the lock</b> — unless the backing store is memory
 *       ({@link BackingStore#loadsFromMemory()}), whose sub-microsecond load is done under the lock
 *       already held for the lookup: one lock acquisition per miss instead of two, and no race to
 *       resolve. Otherwise: lock, miss, note the {@link EvictionLog} sequence,
 *       unlock, load, lock again. If another thread made the state resident meanwhile, use that. If
 *       it is an evicted dirty state whose write is still in flight ({@link PendingWrites}), take
 *       the value from there. If the state left the cache while the load ran, the loaded value may
 *       be older than the state's last write: retry. {@code ready} inserts a whole partition under
 *       one lock, and its own evictions may push out one of the user's states before the loop
 *       reaches it; the partition's values are therefore first refreshed from the resident states,
 *       which may be newer than the read. Otherwise insert the loaded value (or (0, 0)
 *       for an unknown state, which is also created in the backing store so that a later
 *       {@code ready} finds it).</li>
 *   <li><b>Eviction commits before reuse.</b> A dirty victim is captured with a fresh version into
 *       {@link PendingWrites} under the lock and written by the evicting thread after it unlocks —
 *       its operation pays the write, as in the service, and no other key waits for it.</li>
 *   <li><b>Write-behind, carried by the operations.</b> A write stamps the state with the second it
 *       became dirty. The layout is swept once per delay, and states dirty for at least the delay
 *       (default 30 s) are written in batches, so a state reaches the backing store between one and
 *       two delays after its first change. The sweep is done by the operations themselves: each one,
 *       under the lock it holds anyway, sweeps a few positions of the pass that is due by now (at 10M
 *       states and a 10 s delay, 5 per operation at 200k ops/s) and confirms a few written states.
 *       With a backing store that writes to process memory only
 *       ({@link BackingStore#writesToMemory()}) the operation writes its few captures itself once it
 *       has unlocked; with any other (a mapped file, Cassandra, a latency model) the flusher thread
 *       writes them in batches, without the lock ({@link FlushHandoff}). When a background thread swept under the lock instead, an operation
 *       that came while it held the lock waited for as long as the flusher was off the CPU — on two
 *       cores, milliseconds — and flushing alone made the pointer-free stores' p99.9 twenty to forty
 *       times that with no flush (docs/measurements.md, "Write-behind without sweeping", which also
 *       measured a queue of dirty states in place of the sweep: no better). After a stall the pass
 *       is behind its schedule, and the operations sweep twice their share until it has caught up
 *       ({@link #sweepStep}). The flusher still stands in, under the lock, when no operation came
 *       since its last round (an idle store's states must reach the backing store too) or when the
 *       pass is a whole delay late (a rate too low for the operations' share). A state stays dirty
 *       until the write is confirmed: after the batch lands, a state is marked clean only if it
 *       still has the written value and has not left the cache since it was captured.</li>
 *   <li><b>Versions.</b> Eviction and flush can write the same state concurrently and out of order;
 *       every captured write carries a version from a per-store clock ({@code max(micros, last+1)})
 *       and the backing store keeps the highest — Cassandra's {@code USING TIMESTAMP} discipline.</li>
 * </ol>
 * An ordered layout (the B-tree) remembers which users have every state resident — set when
 * {@code ready} has loaded the whole partition, cleared when any of the user's states is evicted —
 * and then serves {@code ready} from memory with a range scan, without a backing-store read.
 * Dirty stamps are 16-bit seconds modulo {@value DirtyClock#STAMP_PERIOD} (+1, as 0 means clean); ages are
 * taken modulo that period, which is sound because a state is written long before 18 hours.
 */
public final class WriteBehindLruStore implements ReadStateStore {
    private static final int ACK = 0;
    private static final int MENTION = 1;
    private static final int GET = 2;
    private static final int SWEEP_CHUNK = 512;
    private static final long HANDOVER_NANOS = 20_000;
    private static final int FLUSH_BATCH = 512;
    private static final int SWEEP_PER_OPERATION = 32;
    private static final int CONFIRMS_PER_OPERATION = 4;
    private static final int HANDOFF_BATCHES = 8;
    /** A caught-up sweep reads the clock on one operation in this many (a power of two): the pass lags by at most as many operations. */
    private static final int CLOCK_EVERY_OPERATIONS = 8;
    /** A handoff batch starts this small and grows to what the sweep captures (at most {@code FLUSH_BATCH + SWEEP_CHUNK}): a small store's heap stays small. */
    private static final int HANDOFF_INITIAL_CAPACITY = 64;

    private final LruLayout layout;
    private final BackingStore backing;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final PendingWrites pending = new PendingWrites();
    private final EvictionLog evictionLog = new EvictionLog(4096);
    private final DirtyClock dirtyClock;
    private final VersionClock versions = new VersionClock();
    private final long delaySeconds;
    private final long delayMillis;
    private final long delayNanos;
    private final ThreadLocal<MissContext> contexts = ThreadLocal.withInitial(MissContext::new);
    private final boolean loadsUnderLock;
    private final boolean operationsWriteFlushes;
    private final Flusher flusher;
    private final CarriedFlush carried;
    private final FlusherThread flusherThread;
    private volatile BackgroundWork backgroundWork = BackgroundWork.NONE;
    private long hits;
    private long misses;
    private long evictions;
    private long evictionWrites;
    private long flushWrites;
    private volatile boolean closed;

    /**
     * @param writeBehindDelay how long a state stays dirty before the flusher writes it; zero or
     *                         negative disables the background flusher (writes then happen on
     *                         eviction, {@link #flush()} and {@link #close()} only)
     */
    public WriteBehindLruStore(LruLayout layout, BackingStore backing, Duration writeBehindDelay) {
        this.layout = layout;
        this.backing = backing;
        this.loadsUnderLock = backing.loadsFromMemory();
        this.operationsWriteFlushes = backing.writesToMemory();
        this.delaySeconds = Math.max(0, writeBehindDelay.toSeconds());
        this.delayMillis = Math.max(0, writeBehindDelay.toMillis());
        this.delayNanos = Math.max(0, writeBehindDelay.toNanos());
        this.dirtyClock = new DirtyClock(writeBehindDelay);
        this.flusher = new Flusher();
        this.carried = delayNanos > 0 ? new CarriedFlush() : null;
        this.flusherThread = FlusherThread.startPaced("readstates-write-behind", writeBehindDelay, () -> closed, carried == null ? null : carried::round);
    }

    /**
     * Positions one step of the sweep takes when the pass is {@code lag} positions behind its
     * schedule: the step's own share, or twice it (at most a chunk) when the pass is far behind
     * after a stall, so that it catches up over the following operations. It used to take a whole
     * 512-position chunk per operation, which for the object graph at 32M states made every
     * operation after a 4 s stall about 50 µs long for 3 s (docs/measurements.md, "32M resident
     * states, with repeats"); a pass that cannot catch up this way is left to the flusher's stand-in.
     */
    static long sweepStep(long share, long lag) {
        return lag > 8L * SWEEP_CHUNK ? Math.max(share, Math.min(2 * share, SWEEP_CHUNK)) : share;
    }

    /** Per-thread buffers for the miss path, so that misses do not allocate once warmed up. */
    private static final class MissContext {
        final ReadStateHolder loaded = new ReadStateHolder();
        final WriteBatch victims = new WriteBatch(8);
        final WriteBatch creates = new WriteBatch(8);
        final PartitionBuffer partition = new PartitionBuffer();
    }

    /** Receives a backing-store partition read into columns. */
    private static final class PartitionBuffer implements ReadStateSink {
        long[] channels = new long[64];
        long[] lasts = new long[64];
        int[] mentions = new int[64];
        int size;

        @Override
        public void accept(long userId, long channelId, long lastMessageId, int mentionCount) {
            if (size == channels.length) {
                channels = Arrays.copyOf(channels, size * 2);
                lasts = Arrays.copyOf(lasts, size * 2);
                mentions = Arrays.copyOf(mentions, size * 2);
            }
            channels[size] = channelId;
            lasts[size] = lastMessageId;
            mentions[size] = mentionCount;
            size++;
        }
    }

    @Override
    public void ack(long userId, long channelId, long messageId) {
        access(userId, channelId, ACK, messageId, null);
    }

    @Override
    public void mention(long userId, long channelId, long messageId) {
        access(userId, channelId, MENTION, messageId, null);
    }

    @Override
    public void get(long userId, long channelId, ReadStateHolder out) {
        access(userId, channelId, GET, 0, out);
    }

    private void access(long user, long channel, int op, long messageId, ReadStateHolder out) {
        MissContext loadedHere = null;
        FlushHandoff.Batch captured = null;
        boolean done = false;
        lock.lock();
        try {
            ensureOpen();
            if (layout.seek(user, channel)) {
                hits++;
                layout.moveToFront();
                apply(op, messageId, out);
                captured = carryFlushWork();
                done = true;
            } else {
                misses++;
                if (loadsUnderLock) {
                    loadedHere = contexts.get();
                    insertLoaded(user, channel, op, messageId, out, loadedHere, backing.load(user, channel, loadedHere.loaded));
                    captured = carryFlushWork();
                    done = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (captured != null) {
            carried.writeCaptured(captured);
        }
        if (loadedHere != null) {
            completeWrites(loadedHere);
        } else if (!done) {
            miss(user, channel, op, messageId, out);
        }
    }

    /**
     * Takes the lock for a chunk of background work, first letting an operation that waits for it
     * go ahead (a non-fair lock re-taken in a tight loop would starve the operations); returns when
     * the lock was taken.
     */
    private long lockAfterHandover() {
        if (lock.hasQueuedThreads()) {
            LockSupport.parkNanos(HANDOVER_NANOS);
        }
        lock.lock();
        return System.nanoTime();
    }

    /** Releases the lock after background work and reports how long it was held. */
    private void unlockAfterBackgroundWork(long heldSince) {
        lock.unlock();
        backgroundWork.heldLock(heldSince, System.nanoTime());
    }

    /** True while the calling thread holds the store's lock (for tests of what runs under it). */
    boolean lockHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * The operation's share of write-behind (none without a background flusher): with a backing
     * store that writes to memory, a batch of captured states the operation writes itself once it
     * has unlocked (or null); otherwise the flusher thread writes and this returns null. Caller
     * holds the lock.
     */
    private FlushHandoff.Batch carryFlushWork() {
        return carried == null ? null : carried.carry(operationsWriteFlushes);
    }

    /**
     * Marks entry {@code i} of a written batch clean if its state still holds the written value, has
     * no eviction write in flight and never left the cache since the batch's first capture. Caller
     * holds the lock.
     */
    private void markCleanIfUnchanged(WriteBatch batch, int i, long captureSequence) {
        long user = batch.userId(i);
        long channel = batch.channelId(i);
        if (layout.seek(user, channel)
                && layout.lastMessageId() == batch.lastMessageId(i)
                && layout.mentionCount() == batch.mentionCount(i)
                && pending.find(user, channel) < 0
                && !evictionLog.leftSince(captureSequence, user, channel)) {
            layout.update(batch.lastMessageId(i), batch.mentionCount(i), 0);
        }
    }

    /** Applies the operation to the cursor's entry. Caller holds the lock. */
    private void apply(int op, long messageId, ReadStateHolder out) {
        long last = layout.lastMessageId();
        int mentions = layout.mentionCount();
        switch (op) {
            case ACK -> layout.update(Math.max(last, messageId), 0, dirtied());
            case MENTION -> layout.update(last, mentions + 1, dirtied());
            default -> out.set(last, mentions);
        }
    }

    private int dirtied() {
        return dirtyClock.dirtied(layout.dirtyStamp());
    }

    private void miss(long user, long channel, int op, long messageId, ReadStateHolder out) {
        MissContext ctx = contexts.get();
        while (true) {
            long since = evictionLog.sequence();
            boolean found = backing.load(user, channel, ctx.loaded);
            lock.lock();
            try {
                ensureOpen();
                if (layout.seek(user, channel)) {
                    layout.moveToFront();
                    apply(op, messageId, out);
                    carryFlushWork();
                    break;
                }
                if (pending.find(user, channel) < 0 && evictionLog.leftSince(since, user, channel)) {
                    continue;
                }
                insertLoaded(user, channel, op, messageId, out, ctx, found);
                carryFlushWork();
                break;
            } finally {
                lock.unlock();
            }
        }
        completeWrites(ctx);
    }

    /**
     * Inserts a state that is not resident, with the value of an eviction write still in flight if
     * there is one, else the loaded value, else (0, 0) — created in the backing store after the lock
     * is released — and applies the operation. Caller holds the lock.
     */
    private void insertLoaded(long user, long channel, int op, long messageId, ReadStateHolder out, MissContext ctx, boolean found) {
        int p = pending.find(user, channel);
        long last;
        int mentions;
        if (p >= 0) {
            last = pending.last(p);
            mentions = pending.mentions(p);
        } else if (found) {
            last = ctx.loaded.lastMessageId;
            mentions = ctx.loaded.mentionCount;
        } else {
            last = 0;
            mentions = 0;
            ctx.creates.add(user, channel, 0, 0, 0);
        }
        makeRoom(ctx.victims);
        layout.insertFront(user, channel, last, mentions, 0);
        apply(op, messageId, out);
    }

    @Override
    public int ready(long userId, ReadStateSink sink) {
        lock.lock();
        try {
            ensureOpen();
            if (layout.userComplete(userId)) {
                int n = layout.touchAllOfUser(userId, sink);
                hits += n;
                return n;
            }
        } finally {
            lock.unlock();
        }
        MissContext ctx = contexts.get();
        PartitionBuffer part = ctx.partition;
        int delivered;
        while (true) {
            long since = evictionLog.sequence();
            part.size = 0;
            backing.loadPartition(userId, part);
            lock.lock();
            try {
                ensureOpen();
                if (evictionLog.userLeftSince(since, userId)) {
                    continue;
                }
                refreshFromResident(userId, part);
                delivered = 0;
                for (int i = 0; i < part.size; i++) {
                    long channel = part.channels[i];
                    if (layout.seek(userId, channel)) {
                        hits++;
                        layout.moveToFront();
                    } else {
                        misses++;
                        int p = pending.find(userId, channel);
                        long last = p >= 0 ? pending.last(p) : part.lasts[i];
                        int mentions = p >= 0 ? pending.mentions(p) : part.mentions[i];
                        makeRoom(ctx.victims);
                        layout.insertFront(userId, channel, last, mentions, 0);
                    }
                    sink.accept(userId, channel, layout.lastMessageId(), layout.mentionCount());
                    delivered++;
                }
                if (layout.ordered() && allResident(userId, part)) {
                    layout.markUserComplete(userId);
                }
                break;
            } finally {
                lock.unlock();
            }
        }
        completeWrites(ctx);
        return delivered;
    }

    /**
     * Replaces the partition read's values with the resident ones where a state is resident: the
     * loop below may evict such a state to make room before it reaches it, and must then re-insert
     * the value the state had, which can be newer than the read (a flush may have landed after it
     * and marked the state clean). Caller holds the lock.
     */
    private void refreshFromResident(long userId, PartitionBuffer part) {
        for (int i = 0; i < part.size; i++) {
            if (layout.seek(userId, part.channels[i])) {
                part.lasts[i] = layout.lastMessageId();
                part.mentions[i] = layout.mentionCount();
            }
        }
    }

    /** True when every state of the partition is still resident (an insert may have evicted an earlier one). */
    private boolean allResident(long userId, PartitionBuffer part) {
        for (int i = 0; i < part.size; i++) {
            if (!layout.seek(userId, part.channels[i])) {
                return false;
            }
        }
        return true;
    }

    /** Evicts until an insert fits; dirty victims go to {@code victims} and {@link #pending}. Caller holds the lock. */
    private void makeRoom(WriteBatch victims) {
        while (layout.isFull() && layout.seekEldest()) {
            long user = layout.userId();
            long channel = layout.channelId();
            if (layout.dirtyStamp() != 0) {
                long version = versions.next();
                long last = layout.lastMessageId();
                int mentions = layout.mentionCount();
                victims.add(user, channel, last, mentions, version);
                pending.add(user, channel, last, mentions, version);
                evictionWrites++;
            } else {
                evictionLog.record(user, channel);
            }
            layout.removeCurrent();
            evictions++;
        }
    }

    /** Writes this thread's evicted dirty states and created keys, outside the lock. */
    private void completeWrites(MissContext ctx) {
        if (!ctx.victims.isEmpty()) {
            backing.write(ctx.victims);
            lock.lock();
            try {
                for (int i = 0; i < ctx.victims.size(); i++) {
                    pending.remove(ctx.victims.userId(i), ctx.victims.channelId(i), ctx.victims.version(i));
                    evictionLog.record(ctx.victims.userId(i), ctx.victims.channelId(i));
                }
            } finally {
                lock.unlock();
            }
            ctx.victims.clear();
        }
        if (!ctx.creates.isEmpty()) {
            backing.write(ctx.creates);
            ctx.creates.clear();
        }
    }

    @Override
    public void flush() {
        flusher.flushDirty(-1, 0, layout.sweepPositions());
    }

    /**
     * An explicit flush ({@link #flush()}, {@link #close()}): sweeps the whole layout under the lock
     * one chunk at a time, writes every dirty state in batches and confirms them.
     */
    private final class Flusher implements LruLayout.EntryVisitor {
        private final WriteBatch batch = new WriteBatch(FLUSH_BATCH);
        private int minAge;
        private int now;
        private long batchSince;

        /** Starts a chunk under the lock: the clock, and the eviction-log mark of a new batch's first capture. */
        private void beginChunk() {
            ensureOpen();
            now = dirtyClock.now();
            if (batch.isEmpty()) {
                batchSince = evictionLog.sequence();
            }
        }

        /** Writes the batch outside the lock, marks what still holds its written value clean, and empties it. */
        private void writeBatch() {
            backing.write(batch);
            confirm(batchSince);
            batch.clear();
        }

        @Override
        public void visit(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp) {
            if (DirtyClock.due(now, dirtyStamp, minAge)) {
                batch.add(userId, channelId, lastMessageId, mentionCount, versions.next());
            }
        }

        /**
         * Writes the dirty states at sweep positions {@code [from, to)} whose age is at least
         * {@code minAgeSeconds} ({@code < 0}: every dirty state). The store's lock is taken one small
         * chunk at a time and, when an operation is waiting for it, handed over before the next chunk:
         * a non-fair lock re-taken in a tight loop would otherwise starve the operations for the whole
         * sweep.
         */
        void flushDirty(int minAgeSeconds, long from, long to) {
            flushLock.lock();
            try {
                minAge = Math.max(0, minAgeSeconds);
                long position = from;
                long positions = to;
                while (position < positions) {
                    long held = lockAfterHandover();
                    try {
                        beginChunk();
                        position = layout.sweep(position, Math.min(SWEEP_CHUNK, positions - position), this);
                    } finally {
                        unlockAfterBackgroundWork(held);
                    }
                    if (batch.size() >= FLUSH_BATCH || (position >= positions && !batch.isEmpty())) {
                        writeBatch();
                    }
                }
            } finally {
                flushLock.unlock();
            }
        }

        /** Marks written states clean if they still hold the written value and never left the cache. */
        private void confirm(long firstCaptureSequence) {
            long held = lockAfterHandover();
            try {
                for (int i = 0; i < batch.size(); i++) {
                    markCleanIfUnchanged(batch, i, firstCaptureSequence);
                }
                flushWrites += batch.size();
            } finally {
                unlockAfterBackgroundWork(held);
            }
        }
    }

    /**
     * Write-behind as the operations carry it (see the class notes): each operation, under the lock
     * it already holds, confirms what was written and sweeps a few positions of the pass that is due
     * by now, capturing due states into a {@link FlushHandoff} batch. When the backing store writes to
     * process memory only, the operation writes its captures itself after it unlocks — a few states,
     * about a microsecond, and no other thread wakes — and later operations confirm them. Otherwise
     * the batch fills up and the flusher thread's rounds write it without the lock.
     * A round in which no operation came since the last one stands in for the operations under the
     * lock, one chunk per hold, so that an idle store still flushes.
     */
    private final class CarriedFlush implements LruLayout.EntryVisitor {
        private final FlushHandoff handoff = new FlushHandoff(HANDOFF_BATCHES, HANDOFF_INITIAL_CAPACITY);
        private final AtomicLong operations = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private volatile RuntimeException operationWriteFailure;
        private long operationsSeen;
        private long cursor;
        /** Written under the lock once per pass; volatile for the flusher's {@link #overdue()} test without it. */
        private volatile long passStartNanos = System.nanoTime();
        /** The clock as last read for the schedule; the sweep ages dirty states against it too. */
        private long sweptAtNanos = passStartNanos;
        /** The position last computed as due; zero at a pass's start. */
        private long dueSoFar;
        private int sinceClock;
        private FlushHandoff.Batch capturing;
        private WriteBatch target;
        private int now;

        /**
         * One operation's share: confirms a few written states and sweeps a step. When the operation
         * writes its own captures ({@code writesItself}), returns the batch it captured into, taken
         * out of the sweep for it to write after it unlocks (null when it captured nothing). Caller
         * holds the lock.
         */
        FlushHandoff.Batch carry(boolean writesItself) {
            operations.lazySet(operations.get() + 1);
            confirm(CONFIRMS_PER_OPERATION);
            long due = dueForOperation();
            if (!writesItself) {
                sweep(SWEEP_PER_OPERATION, due);
                return null;
            }
            if (cursor >= due || (capturing == null && (capturing = handoff.takeFree()) == null)) {
                return null;
            }
            if (capturing.entries.isEmpty()) {
                capturing.captureSequence = evictionLog.sequence();
            }
            advance(SWEEP_PER_OPERATION, due, capturing.entries);
            if (capturing.entries.isEmpty()) {
                return null;
            }
            FlushHandoff.Batch mine = capturing;
            capturing = null;
            return mine;
        }

        /**
         * Writes a batch an operation captured, after it unlocked, and hands it back for confirmation
         * by later operations. A failed write leaves the states dirty (the next pass captures them
         * again) and is reported by the flusher thread.
         */
        void writeCaptured(FlushHandoff.Batch batch) {
            write(batch, false);
        }

        /**
         * A pass more than a whole delay late: the operations' share could not keep it on schedule
         * (a rate too low for the share to cover the layout once per delay, or a long stall), so the
         * flusher stands in under the lock until it has caught up.
         */
        private boolean overdue() {
            return System.nanoTime() - passStartNanos > 2 * delayNanos;
        }

        /** Confirms up to {@code max} entries of the oldest written batch; false when none waits. Caller holds the lock. */
        private boolean confirm(int max) {
            FlushHandoff.Batch batch = handoff.peekWritten();
            if (batch == null) {
                return false;
            }
            int end = Math.min(batch.entries.size(), batch.confirmed + max);
            if (!batch.failed) {
                for (int i = batch.confirmed; i < end; i++) {
                    markCleanIfUnchanged(batch.entries, i, batch.captureSequence);
                }
            }
            batch.confirmed = end;
            if (end == batch.entries.size()) {
                handoff.removeWritten();
                handoff.recycle(batch);
            }
            return true;
        }

        /**
         * {@link #due()} as an operation needs it: while the sweep is behind the position last computed
         * there is work without asking the clock, and once it has caught up the clock is read on one
         * operation in {@link #CLOCK_EVERY_OPERATIONS} — at 200k operations per second the pass falls
         * behind its schedule by 40 µs at most, and the other operations skip a {@code System.nanoTime()}.
         */
        private long dueForOperation() {
            if (cursor < dueSoFar || (++sinceClock & (CLOCK_EVERY_OPERATIONS - 1)) != 0) {
                return dueSoFar;
            }
            return due();
        }

        /** The sweep position the pass should have reached by now (one pass per delay). Caller holds the lock. */
        private long due() {
            long positions = layout.sweepPositions();
            sweptAtNanos = System.nanoTime();
            dueSoFar = Math.min(positions, (long) (positions * ((sweptAtNanos - passStartNanos) / (double) delayNanos)));
            return dueSoFar;
        }

        /** Sweeps a step towards {@code due}, capturing due states into {@code into}; true when the pass ended. Caller holds the lock. */
        private boolean advance(long share, long due, WriteBatch into) {
            target = into;
            now = dirtyClock.at(sweptAtNanos);
            cursor = layout.sweep(cursor, Math.min(sweepStep(share, due - cursor), due - cursor), this);
            if (cursor >= layout.sweepPositions()) {
                cursor = 0;
                dueSoFar = 0;
                passStartNanos = sweptAtNanos;
                return true;
            }
            return false;
        }

        /**
         * Sweeps up to {@code max} positions into a handoff batch, which goes to the flusher when full
         * or when the pass ends. Returns true while positions are still due. Caller holds the lock.
         */
        private boolean sweep(long max, long due) {
            if (cursor >= due) {
                return false;
            }
            if (capturing == null && (capturing = handoff.takeFree()) == null) {
                return false;
            }
            if (capturing.entries.isEmpty()) {
                capturing.captureSequence = evictionLog.sequence();
            }
            boolean passEnds = advance(max, due, capturing.entries);
            if (!capturing.entries.isEmpty() && (capturing.entries.size() >= FLUSH_BATCH || passEnds)) {
                handoff.publishCaptured(capturing);
                capturing = null;
            }
            return !passEnds && cursor < due;
        }

        @Override
        public void visit(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp) {
            if (DirtyClock.due(now, dirtyStamp, delaySeconds)) {
                target.add(userId, channelId, lastMessageId, mentionCount, versions.next());
            }
        }

        /** The flusher thread's round: writes captured batches as they come, for about a tick, then stands in if the store was idle. */
        void round(long tickMillis) throws InterruptedException {
            long until = System.nanoTime() + tickMillis * 1_000_000L;
            FlushHandoff.Batch batch;
            while ((batch = handoff.awaitCaptured(until - System.nanoTime())) != null) {
                write(batch, true);
            }
            standInIfIdle();
            RuntimeException failure = operationWriteFailure;
            if (failure != null) {
                operationWriteFailure = null;
                throw failure;
            }
        }

        /**
         * Writes one batch without the lock and hands it back for confirmation, marked failed if the
         * write threw; the flusher thread rethrows (its loop reports it), an operation leaves the
         * report to the flusher's next round.
         */
        private void write(FlushHandoff.Batch batch, boolean rethrow) {
            try {
                backing.write(batch.entries);
                written.addAndGet(batch.entries.size());
            } catch (RuntimeException e) {
                batch.failed = true;
                if (rethrow) {
                    throw e;
                }
                operationWriteFailure = e;
            } finally {
                handoff.publishWritten(batch);
            }
        }

        /**
         * When no operation came since the last round, or the pass is {@linkplain #overdue() overdue}:
         * confirms and sweeps under the lock, one chunk per hold, handing the lock to a waiting
         * operation between chunks, and writes what it captured between holds. (It used to leave
         * the captured batches for its next round, so a late pass advanced by the handoff pool's
         * eight batches a round: too slow to catch up, {@code SweepScheduleTest}.)
         */
        private void standInIfIdle() throws InterruptedException {
            long seen = operations.get();
            boolean idle = seen == operationsSeen;
            operationsSeen = seen;
            if (!idle && !overdue()) {
                return;
            }
            boolean more = true;
            while (more) {
                long held = lockAfterHandover();
                try {
                    ensureOpen();
                    more = confirm(FLUSH_BATCH) || sweep(SWEEP_CHUNK, due());
                } finally {
                    unlockAfterBackgroundWork(held);
                }
                FlushHandoff.Batch batch;
                while ((batch = handoff.awaitCaptured(0)) != null) {
                    write(batch, true);
                    more = true;
                }
            }
        }

        /** States the flusher thread has written. */
        long writes() {
            return written.get();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private boolean isClosed() {
        return closed;
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return layout.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long capacity() {
        return layout.capacity();
    }

    @Override
    public StoreStats stats() {
        lock.lock();
        try {
            return new StoreStats(hits, misses, evictions, evictionWrites, flushWrites + (carried == null ? 0 : carried.writes()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long offHeapBytes() {
        return layout.offHeapBytes();
    }

    @Override
    public void forEachResident(ReadStateSink sink) {
        lock.lock();
        try {
            layout.forEachMostRecentFirst(sink);
        } finally {
            lock.unlock();
        }
    }

    /** Checks the layout's invariants and that no eviction write is left in flight. */
    public void checkInvariants() {
        lock.lock();
        try {
            layout.checkInvariants();
            if (pending.size() != 0) {
                throw new IllegalStateException(pending.size() + " eviction writes still in flight");
            }
        } finally {
            lock.unlock();
        }
    }

    /** The flusher's lock holds, per chunk of its sweep and per confirmed batch. */
    @Override
    public void reportBackgroundWork(BackgroundWork log) {
        backgroundWork = log;
    }

    @Override
    public void close() {
        if (flusherThread != null) {
            flusherThread.stop();
        }
        if (isClosed()) {
            return;
        }
        flush();
        lock.lock();
        try {
            closed = true;
            layout.close();
        } finally {
            lock.unlock();
        }
    }
}
