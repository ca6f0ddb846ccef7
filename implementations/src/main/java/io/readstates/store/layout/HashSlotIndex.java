package io.readstates.store.layout;

import io.readstates.store.support.Hashing;

/**
 * Open addressing with linear probing over the columns' int index storage ({@code slot + 1}, 0 =
 * empty), at load factor {@value #LOAD_FACTOR}. The table length is not a power of two; a hash is
 * mapped onto it with Lemire's multiply-shift reduction [2], which keeps the index near 5 bytes per
 * state instead of up to 8. Deletion shifts entries back (Knuth's Algorithm R [1]), so the table
 * never holds tombstones and probe lengths stay those of a table that never saw a deletion.
 *
 * <p>References: [1] D. Knuth, TAOCP vol. 3, §6.4, Algorithm R. [2] D. Lemire, "A fast alternative
 * to the modulo reduction", 2016.
 */
public final class HashSlotIndex implements SlotIndex {
    public static final double LOAD_FACTOR = 0.8;

    private final SlotColumns cols;
    private final int length;
    private long count;

    public HashSlotIndex(SlotColumns cols, int capacity) {
        this.cols = cols;
        this.length = cols.indexLength();
        if (length < capacity) {
            throw new IllegalArgumentException("index of " + length + " entries cannot hold " + capacity + " states");
        }
    }

    /** Index length for a capacity at {@link #LOAD_FACTOR}. */
    public static int lengthFor(long capacity) {
        return (int) Math.max(2, Math.ceil(capacity / LOAD_FACTOR));
    }

    private int home(long userId, long channelId) {
        return (int) (((Hashing.mix(userId, channelId) >>> 32) * length) >>> 32);
    }

    private int nextPos(int i) {
        return i + 1 == length ? 0 : i + 1;
    }

    @Override
    public int find(long userId, long channelId) {
        final SlotColumns c = cols;
        for (int i = home(userId, channelId); ; i = nextPos(i)) {
            int e = c.index(i);
            if (e == 0) {
                return -1;
            }
            int s = e - 1;
            if (c.user(s) == userId && c.channel(s) == channelId) {
                return s;
            }
        }
    }

    @Override
    public void insert(long userId, long channelId, int slot) {
        int i = home(userId, channelId);
        while (cols.index(i) != 0) {
            i = nextPos(i);
        }
        cols.setIndex(i, slot + 1);
        count++;
    }

    @Override
    public void remove(long userId, long channelId) {
        int i = home(userId, channelId);
        while (true) {
            int e = cols.index(i);
            if (e != 0 && cols.user(e - 1) == userId && cols.channel(e - 1) == channelId) {
                break;
            }
            i = nextPos(i);
        }
        count--;
        while (true) {
            cols.setIndex(i, 0);
            int j = i;
            while (true) {
                j = nextPos(j);
                int e = cols.index(j);
                if (e == 0) {
                    return;
                }
                int k = home(cols.user(e - 1), cols.channel(e - 1));
                boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
                if (!stays) {
                    cols.setIndex(i, e);
                    i = j;
                    break;
                }
            }
        }
    }

    @Override
    public long count() {
        return count;
    }
}
