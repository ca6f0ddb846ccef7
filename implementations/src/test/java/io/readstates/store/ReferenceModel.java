package io.readstates.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simplest possible read-state cache: a {@code LinkedHashMap} in access order and a sorted map
 * as backing store, with no write-behind timer (writes happen on eviction and flush only). Stores
 * built with a zero write-behind delay must behave exactly like it.
 */
final class ReferenceModel {
    private record Key(long user, long channel) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(user, o.user);
            return c != 0 ? c : Long.compare(channel, o.channel);
        }
    }

    private static final class Value {
        long last;
        int mentions;
        boolean dirty;

        Value(long last, int mentions) {
            this.last = last;
            this.mentions = mentions;
        }
    }

    private final long capacity;
    private final LinkedHashMap<Key, Value> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final TreeMap<Key, long[]> backing = new TreeMap<>();

    ReferenceModel(long capacity) {
        this.capacity = capacity;
    }

    private Value access(long user, long channel) {
        Key k = new Key(user, channel);
        Value v = cache.get(k);
        if (v != null) {
            return v;
        }
        long[] b = backing.get(k);
        if (b == null) {
            backing.put(k, new long[] {0, 0});
            v = new Value(0, 0);
        } else {
            v = new Value(b[0], (int) b[1]);
        }
        insert(k, v);
        return v;
    }

    private void insert(Key k, Value v) {
        if (cache.size() >= capacity) {
            Iterator<Map.Entry<Key, Value>> it = cache.entrySet().iterator();
            Map.Entry<Key, Value> eldest = it.next();
            if (eldest.getValue().dirty) {
                backing.put(eldest.getKey(), new long[] {eldest.getValue().last, eldest.getValue().mentions});
            }
            it.remove();
        }
        cache.put(k, v);
    }

    void ack(long user, long channel, long messageId) {
        Value v = access(user, channel);
        v.last = Math.max(v.last, messageId);
        v.mentions = 0;
        v.dirty = true;
    }

    void mention(long user, long channel) {
        Value v = access(user, channel);
        v.mentions++;
        v.dirty = true;
    }

    ReadState get(long user, long channel) {
        Value v = access(user, channel);
        return new ReadState(user, channel, v.last, v.mentions);
    }

    List<ReadState> ready(long user) {
        List<Key> partition = List.copyOf(backing.subMap(new Key(user, Long.MIN_VALUE), true, new Key(user, Long.MAX_VALUE), true).keySet());
        List<ReadState> out = new ArrayList<>();
        for (Key k : partition) {
            Value v = cache.get(k);
            if (v == null) {
                // A state evicted earlier in this same ready is already committed here, fresher than the partition read.
                long[] b = backing.get(k);
                v = new Value(b[0], (int) b[1]);
                insert(k, v);
            }
            out.add(new ReadState(k.user, k.channel, v.last, v.mentions));
        }
        return out;
    }

    void flush() {
        cache.forEach((k, v) -> {
            if (v.dirty) {
                backing.put(k, new long[] {v.last, v.mentions});
                v.dirty = false;
            }
        });
    }

    /** Most recently used first. */
    List<ReadState> resident() {
        List<ReadState> out = new ArrayList<>();
        cache.forEach((k, v) -> out.add(new ReadState(k.user, k.channel, v.last, v.mentions)));
        return out.reversed();
    }

    List<ReadState> backingContents() {
        List<ReadState> out = new ArrayList<>();
        backing.forEach((k, v) -> out.add(new ReadState(k.user, k.channel, v[0], (int) v[1])));
        return out;
    }
}
