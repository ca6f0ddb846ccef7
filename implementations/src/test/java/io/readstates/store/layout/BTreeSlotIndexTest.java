package io.readstates.store.layout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The B+tree against {@link TreeMap}: random inserts, removals, lookups and per-user range scans. */
class BTreeSlotIndexTest {
    private record Key(long user, long channel) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(user, o.user);
            return c != 0 ? c : Long.compare(channel, o.channel);
        }
    }

    @Test
    void behavesLikeASortedMap() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        BTreeSlotIndex index = new BTreeSlotIndex();
        TreeMap<Key, Integer> model = new TreeMap<>();
        for (int step = 0; step < 200_000; step++) {
            long user = rnd.nextInt(300) - 150;
            long channel = rnd.nextLong(-1000, 1000);
            Key k = new Key(user, channel);
            String at = "seed " + seed + ", step " + step;
            if (rnd.nextInt(3) > 0 || model.size() < 10) {
                if (!model.containsKey(k)) {
                    int slot = step;
                    index.insert(user, channel, slot);
                    model.put(k, slot);
                }
            } else {
                Key victim = model.ceilingKey(k) != null ? model.ceilingKey(k) : model.firstKey();
                index.remove(victim.user(), victim.channel());
                model.remove(victim);
            }
            assertThat(index.find(user, channel)).as(at).isEqualTo(model.getOrDefault(k, -1));
            assertThat(index.count()).as(at).isEqualTo(model.size());
            if (step % 5_000 == 0) {
                for (long u = -150; u < 150; u += 37) {
                    List<Integer> got = new ArrayList<>();
                    index.forEachOfUser(u, got::add);
                    List<Integer> want = new ArrayList<>(model.subMap(new Key(u, Long.MIN_VALUE), true, new Key(u, Long.MAX_VALUE), true).values());
                    assertThat(got).as(at + " scan of user " + u).isEqualTo(want);
                }
            }
        }
        while (!model.isEmpty()) {
            Key k = model.pollFirstEntry().getKey();
            index.remove(k.user(), k.channel());
        }
        assertThat(index.count()).isZero();
        assertThat(index.find(1, 1)).isEqualTo(-1);
    }
}
