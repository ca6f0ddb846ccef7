package io.readstates.store.chronicle;

import io.readstates.store.ReadStateSink;
import io.readstates.store.layout.IntLruList;
import io.readstates.store.layout.LruLayout;
import io.readstates.store.memory.OffHeapMemory;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;


/**
 * The off-the-shelf off-heap map: states live in a Chronicle Map (keys and values in native memory,
 * read and written through reusable Chronicle Values flyweights, so no object per access), with an
 * LRU policy on top because Chronicle Map has no eviction of its own. Each value carries a slot
 * number; the recency list links slots in off-heap memory (an FFM segment on Java 22+) that also records each slot's key, so the
 * eldest entry can be found and removed. A copy of each slot's dirty stamp sits in a second off-heap
 * array, so that the write-behind sweep looks a slot up in the map only when it is dirty: the sweep
 * passes over every slot once per write-behind delay, and with a map lookup for each one it made the
 * operations that carried it take 10 µs and more (docs/measurements.md, "Chronicle Map at 10M
 * states and 200k ops/s").
 *
 * <p>Chronicle Map needs JDK internals opened on JDK 17+ (see {@code chronicle.jvm.args} in the
 * parent POM) and would try to send usage analytics to an outside host on start-up; this class
 * forces {@code chronicle.analytics.disable=true} before the first map is built, and every JVM the
 * project starts sets it too.
 *
 * <p>References: Chronicle Map documentation (OpenHFT), "Chronicle Values" for flyweight value
 * interfaces; JEP 454 for the FFM segment behind {@link OffHeapMemory}.
 */
public final class ChronicleLayout implements LruLayout {
    static {
        System.setProperty("chronicle.analytics.disable", "true");
    }

    /** A slot of the LRU links beside the map: {@code user(8) channel(8) prev(4) next(4)}; a free slot has prev = FREE. */
    private static final long STRIDE = 24;
    private static final long USER = 0;
    private static final long CHANNEL = 8;
    private static final long PREV = 16;
    private static final long NEXT = 20;
    private static final int NONE = IntLruList.NONE;
    private static final int FREE = -2;

    private final ChronicleMap<StateKey, StateValue> map;
    private final StateKey key = Values.newHeapInstance(StateKey.class);
    private final StateValue value = Values.newHeapInstance(StateValue.class);
    private final OffHeapMemory slots;
    /** Each slot's dirty stamp as the map holds it (0: clean), {@value #STAMP_BYTES} bytes per slot. */
    private final OffHeapMemory stamps;
    private static final long STAMP_BYTES = 4;
    private final IntLruList lru;
    private final int capacity;
    private int cur = NONE;
    private int size;
    private int nextUnused;
    private int freeHead = NONE;

    public ChronicleLayout(long capacity) {
        if (capacity <= 0 || capacity > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("capacity must be between 1 and " + Integer.MAX_VALUE / 2 + " states, got " + capacity);
        }
        this.capacity = (int) capacity;
        this.map = ChronicleMap.of(StateKey.class, StateValue.class)
                .name("readstates-cache")
                .entries(capacity)
                .putReturnsNull(true)
                .removeReturnsNull(true)
                .create();
        this.slots = OffHeapMemory.allocate(STRIDE * capacity);
        this.stamps = OffHeapMemory.allocate(STAMP_BYTES * capacity);
        this.lru = new IntLruList(new IntLruList.Links() {
            @Override public int prev(int s) { return slots.getInt(s * STRIDE + PREV); }
            @Override public int next(int s) { return slots.getInt(s * STRIDE + NEXT); }
            @Override public void setPrev(int s, int v) { slots.putInt(s * STRIDE + PREV, v); }
            @Override public void setNext(int s, int v) { slots.putInt(s * STRIDE + NEXT, v); }
        });
    }

    private long slotUser(int s) {
        return slots.getLong(s * STRIDE + USER);
    }

    private long slotChannel(int s) {
        return slots.getLong(s * STRIDE + CHANNEL);
    }

    /** Reads (user, channel) into the value flyweight; returns false when absent. */
    private boolean read(long userId, long channelId) {
        key.setUserId(userId);
        key.setChannelId(channelId);
        return map.getUsing(key, value) != null;
    }

    @Override
    public boolean seek(long userId, long channelId) {
        if (!read(userId, channelId)) {
            return false;
        }
        cur = value.getSlot();
        return true;
    }

    @Override public void moveToFront() { lru.moveToFront(cur); }
    @Override public long userId() { return slotUser(cur); }
    @Override public long channelId() { return slotChannel(cur); }
    @Override public long lastMessageId() { return value.getLastMessageId(); }
    @Override public int mentionCount() { return value.getMentionCount(); }
    @Override public int dirtyStamp() { return value.getDirtyStamp(); }

    @Override
    public void update(long lastMessageId, int mentionCount, int dirtyStamp) {
        value.setLastMessageId(lastMessageId);
        value.setMentionCount(mentionCount);
        value.setDirtyStamp(dirtyStamp);
        map.put(key, value);
        stamps.putInt(cur * STAMP_BYTES, dirtyStamp);
    }

    @Override
    public boolean isFull() {
        return size >= capacity;
    }

    @Override
    public void insertFront(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp) {
        int s;
        if (freeHead != NONE) {
            s = freeHead;
            freeHead = slots.getInt(s * STRIDE + NEXT);
        } else {
            s = nextUnused++;
        }
        slots.putLong(s * STRIDE + USER, userId);
        slots.putLong(s * STRIDE + CHANNEL, channelId);
        lru.linkFront(s);
        key.setUserId(userId);
        key.setChannelId(channelId);
        value.setSlot(s);
        value.setLastMessageId(lastMessageId);
        value.setMentionCount(mentionCount);
        value.setDirtyStamp(dirtyStamp);
        map.put(key, value);
        stamps.putInt(s * STAMP_BYTES, dirtyStamp);
        size++;
        cur = s;
    }

    @Override
    public boolean seekEldest() {
        int t = lru.tail();
        if (t == NONE) {
            return false;
        }
        cur = t;
        if (!read(slotUser(t), slotChannel(t))) {
            throw new IllegalStateException("LRU slot " + t + " has no map entry");
        }
        return true;
    }

    @Override
    public void removeCurrent() {
        int s = cur;
        key.setUserId(slotUser(s));
        key.setChannelId(slotChannel(s));
        map.remove(key);
        lru.unlink(s);
        slots.putInt(s * STRIDE + PREV, FREE);
        slots.putInt(s * STRIDE + NEXT, freeHead);
        stamps.putInt(s * STAMP_BYTES, 0);
        freeHead = s;
        size--;
        cur = NONE;
    }

    @Override public long size() { return size; }
    @Override public long capacity() { return capacity; }
    @Override public long sweepPositions() { return capacity; }

    @Override
    public long sweep(long from, long count, EntryVisitor visitor) {
        int end = (int) Math.min(from + count, nextUnused);
        for (int s = (int) from; s < end; s++) {
            if (stamps.getInt(s * STAMP_BYTES) != 0 && read(slotUser(s), slotChannel(s))) {
                visitor.visit(slotUser(s), slotChannel(s), value.getLastMessageId(), value.getMentionCount(), value.getDirtyStamp());
            }
        }
        return Math.max(end, Math.min(from + count, capacity));
    }

    @Override
    public void forEachMostRecentFirst(ReadStateSink sink) {
        for (int s = lru.head(); s != NONE; s = slots.getInt(s * STRIDE + NEXT)) {
            if (read(slotUser(s), slotChannel(s))) {
                sink.accept(slotUser(s), slotChannel(s), value.getLastMessageId(), value.getMentionCount());
            }
        }
    }

    @Override
    public long offHeapBytes() {
        return map.offHeapMemoryUsed() + slots.byteSize() + stamps.byteSize();
    }

    @Override
    public void checkInvariants() {
        int listed = lru.check(size);
        for (int s = lru.head(); s != NONE; s = slots.getInt(s * STRIDE + NEXT)) {
            if (!read(slotUser(s), slotChannel(s)) || value.getSlot() != s) {
                throw new IllegalStateException("listed slot " + s + " has no matching map entry");
            }
            int copy = stamps.getInt(s * STAMP_BYTES);
            if (copy != value.getDirtyStamp()) {
                throw new IllegalStateException("slot " + s + " has dirty stamp " + copy + " beside the map's " + value.getDirtyStamp());
            }
        }
        if (listed != size || map.size() != size) {
            throw new IllegalStateException("size " + size + ", listed " + listed + ", map entries " + map.size());
        }
    }

    @Override
    public void close() {
        map.close();
        if (slots.isOpen()) {
            slots.close();
        }
        if (stamps.isOpen()) {
            stamps.close();
        }
    }
}
