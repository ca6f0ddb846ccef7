package io.readstates.store.backing;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backing store in ordinary Java collections: the reference for tests and replays.
 *
 * <p>It lives on the Java heap, so it must not back a measured cell — it would add its own objects
 * to the very heap whose collection cost we measure. Cells use {@link OffHeapBackingStore}.
 */
public final class HeapBackingStore implements BackingStore {
    private final Map<Long, TreeMap<Long, long[]>> partitions = new HashMap<>();
    private long size;

    @Override
    public synchronized boolean load(long userId, long channelId, ReadStateHolder out) {
        TreeMap<Long, long[]> p = partitions.get(userId);
        long[] v = p == null ? null : p.get(channelId);
        if (v == null) {
            return false;
        }
        out.set(v[0], (int) v[1]);
        return true;
    }

    @Override
    public boolean loadsFromMemory() {
        return true;
    }

    @Override
    public boolean writesToMemory() {
        return true;
    }

    @Override
    public synchronized int loadPartition(long userId, ReadStateSink sink) {
        TreeMap<Long, long[]> p = partitions.get(userId);
        if (p == null) {
            return 0;
        }
        p.forEach((channel, v) -> sink.accept(userId, channel, v[0], (int) v[1]));
        return p.size();
    }

    @Override
    public synchronized void write(WriteBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            TreeMap<Long, long[]> p = partitions.computeIfAbsent(batch.userId(i), k -> new TreeMap<>());
            long[] v = p.get(batch.channelId(i));
            if (v == null) {
                p.put(batch.channelId(i), new long[] {batch.lastMessageId(i), batch.mentionCount(i), batch.version(i)});
                size++;
            } else if (batch.version(i) > v[2]) {
                v[0] = batch.lastMessageId(i);
                v[1] = batch.mentionCount(i);
                v[2] = batch.version(i);
            }
        }
    }

    @Override
    public synchronized void forEach(ReadStateSink sink) {
        partitions.forEach((user, p) -> p.forEach((channel, v) -> sink.accept(user, channel, v[0], (int) v[1])));
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public String describe() {
        return "heap (java.util collections, tests only)";
    }

    @Override
    public void close() {
    }
}
