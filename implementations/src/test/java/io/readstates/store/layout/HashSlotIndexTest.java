package io.readstates.store.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash index against {@link HashMap}, and how many keys its lookups and deletions read from the
 * columns (each read is a cache miss into slot memory at scale, which is what the stored probe
 * distance saves).
 */
class HashSlotIndexTest {
    private record Key(long user, long channel) {
    }

    /**
     * 0 = the width the capacity needs (many spare bits); 30 and 31 leave a distance field of 2 and
     * 1 bits, so entries go "far" after two positions or always, and the key-reading fallback runs.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 30, 31})
    void behavesLikeAMap(int slotBits) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        int capacity = 4_000;
        ArrayColumns cols = new ArrayColumns(capacity, HashSlotIndex.lengthFor(capacity));
        HashSlotIndex index = slotBits == 0 ? new HashSlotIndex(cols, capacity) : new HashSlotIndex(cols, capacity, slotBits);
        Map<Key, Integer> model = new HashMap<>();
        List<Key> keys = new ArrayList<>();
        ArrayDeque<Integer> free = new ArrayDeque<>();
        for (int s = 0; s < capacity; s++) {
            free.add(s);
        }
        for (int step = 0; step < 200_000; step++) {
            Key k = new Key(rnd.nextInt(3_000), rnd.nextInt(3));
            String at = "seed " + seed + ", step " + step;
            boolean grow = model.size() < capacity && (rnd.nextInt(3) > 0 || model.size() < capacity / 2);
            if (grow && !model.containsKey(k)) {
                int slot = free.poll();
                cols.setKey(slot, k.user(), k.channel());
                index.insert(k.user(), k.channel(), slot);
                model.put(k, slot);
                keys.add(k);
            } else if (!grow && !keys.isEmpty()) {
                int at2 = rnd.nextInt(keys.size());
                Key victim = keys.get(at2);
                keys.set(at2, keys.get(keys.size() - 1));
                keys.remove(keys.size() - 1);
                index.remove(victim.user(), victim.channel());
                free.add(model.remove(victim));
            }
            assertThat(index.find(k.user(), k.channel())).as(at).isEqualTo(model.getOrDefault(k, -1));
            assertThat(index.count()).as(at).isEqualTo(model.size());
            if (step % 20_000 == 0) {
                model.forEach((key, slot) -> assertThat(index.find(key.user(), key.channel())).as(at + " " + key).isEqualTo(slot));
            }
        }
        for (Key k : keys) {
            index.remove(k.user(), k.channel());
        }
        assertThat(index.count()).isZero();
        for (int i = 0; i < cols.indexLength(); i++) {
            assertThat(cols.index(i)).as("position " + i + " after removing every key").isZero();
        }
    }

    /**
     * A full table (load factor 0.8): a miss compares keys only with the entries that share its home
     * (0.8 on average), and a deletion reads the key it removes and nothing for the shift. Reading the
     * key of every entry in the probe run, as the index did before, is about 13 reads per miss here.
     */
    @Test
    void missesAndDeletionsReadFewKeys() {
        int capacity = 50_000;
        AtomicLong keyReads = new AtomicLong();
        ArrayColumns backing = new ArrayColumns(capacity, HashSlotIndex.lengthFor(capacity));
        SlotColumns cols = (SlotColumns) Proxy.newProxyInstance(SlotColumns.class.getClassLoader(), new Class<?>[] {SlotColumns.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("user")) {
                        keyReads.incrementAndGet();
                    }
                    return method.invoke(backing, args);
                });
        HashSlotIndex index = new HashSlotIndex(cols, capacity);
        SplittableRandom rnd = new SplittableRandom(17);
        List<Key> keys = new ArrayList<>();
        for (int s = 0; s < capacity; s++) {
            Key k = new Key(rnd.nextLong(), rnd.nextLong());
            backing.setKey(s, k.user(), k.channel());
            index.insert(k.user(), k.channel(), s);
            keys.add(k);
        }
        assertThat(keyReads.get()).as("insertion reads no key").isZero();

        int misses = 20_000;
        for (int m = 0; m < misses; m++) {
            assertThat(index.find(rnd.nextLong(), rnd.nextLong())).isEqualTo(-1);
        }
        double perMiss = keyReads.getAndSet(0) / (double) misses;

        int removals = 20_000;
        for (int r = 0; r < removals; r++) {
            Key k = keys.get(r);
            index.remove(k.user(), k.channel());
        }
        double perRemoval = keyReads.get() / (double) removals;

        assertThat(perMiss).as("keys read per miss").isLessThan(1.5);
        assertThat(perRemoval).as("keys read per removal").isLessThan(2.5);
        for (int r = removals; r < capacity; r++) {
            assertThat(index.find(keys.get(r).user(), keys.get(r).channel())).isEqualTo(r);
        }
    }
}
