package io.readstates.store.layout;

import io.readstates.store.support.Hashing;

/**
 * Open addressing with linear probing over the columns' int index storage, at load factor
 * {@value #LOAD_FACTOR}. The table length is not a power of two; a hash is mapped onto it with
 * Lemire's multiply-shift reduction [2], which keeps the index near 5 bytes per state instead of up
 * to 8. Deletion shifts entries back (Knuth's Algorithm R [1]), so the table never holds tombstones
 * and probe lengths stay those of a table that never saw a deletion.
 *
 * <p><b>Why each entry carries its probe distance.</b> A slot number needs only as many bits as the
 * capacity has (24 at 16M states); the rest of the int holds how far the entry sits from its home
 * position, plus one (0 = empty), saturating at "far" when it does not fit. Both hot paths then read
 * keys from the columns only where they must, and a key read is a cache miss into slot memory:
 * <ul>
 *   <li>a lookup compares keys only with entries whose home is its own home (on average the load
 *       factor's 0.8 of them at a miss, instead of every entry of the probe run, about 13 at this load
 *       factor [3]);</li>
 *   <li>deletion's backward shift knows every following entry's home from its distance and reads no
 *       key at all, where it re-hashed the key of every entry up to the next empty position.</li>
 * </ul>
 * An entry whose distance does not fit is compared (and re-hashed) as before; with 8 spare bits
 * that needs a run of 254 positions. This is the robin-hood tables' stored displacement [4] without
 * their reordering, and the profile that motivated it is in {@code docs/measurements.md} ("where a
 * miss goes").
 *
 * <p>References: [1] D. Knuth, TAOCP vol. 3, §6.4, Algorithm R. [2] D. Lemire, "A fast alternative
 * to the modulo reduction", 2016. [3] Knuth, ibid., linear probing, unsuccessful search ≈
 * ½(1 + 1/(1−α)²). [4] P. Celis, "Robin Hood Hashing", 1986.
 */
public final class HashSlotIndex implements SlotIndex {
    public static final double LOAD_FACTOR = 0.8;

    private final SlotColumns cols;
    private final int length;
    private final int slotBits;
    private final int slotMask;
    /** The distance field's largest value, which stands for "distance + 1 ≥ far: read the key". */
    private final int far;
    private long count;

    public HashSlotIndex(SlotColumns cols, int capacity) {
        this(cols, capacity, bitsFor(capacity));
    }

    /** With an explicit slot width, so that tests can make the distance field small. */
    HashSlotIndex(SlotColumns cols, int capacity, int slotBits) {
        if (slotBits < bitsFor(capacity) || slotBits > 31) {
            throw new IllegalArgumentException(slotBits + " bits cannot number " + capacity + " slots");
        }
        this.cols = cols;
        this.length = cols.indexLength();
        if (length < capacity) {
            throw new IllegalArgumentException("index of " + length + " entries cannot hold " + capacity + " states");
        }
        this.slotBits = slotBits;
        this.slotMask = (int) ((1L << slotBits) - 1);
        this.far = (int) ((1L << (32 - slotBits)) - 1);
    }

    private static int bitsFor(int capacity) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(0, capacity - 1)));
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

    /** Positions from {@code from} forward to {@code to}, wrapping at the end of the table. */
    private int distance(int from, int to) {
        return to >= from ? to - from : to - from + length;
    }

    private int field(int distance) {
        return distance < far - 1 ? distance + 1 : far;
    }

    private int entry(int distance, int slot) {
        return field(distance) << slotBits | slot;
    }

    private boolean holds(int slot, long userId, long channelId) {
        return cols.user(slot) == userId && cols.channel(slot) == channelId;
    }

    @Override
    public int find(long userId, long channelId) {
        final SlotColumns c = cols;
        for (int i = home(userId, channelId), d = 0; ; i = nextPos(i), d++) {
            int e = c.index(i);
            if (e == 0) {
                return -1;
            }
            int s = e & slotMask;
            if (e >>> slotBits == field(d) && holds(s, userId, channelId)) {
                return s;
            }
        }
    }

    @Override
    public void insert(long userId, long channelId, int slot) {
        if (slot < 0 || slot > slotMask) {
            throw new IllegalArgumentException("slot " + slot + " does not fit " + slotBits + " bits");
        }
        int i = home(userId, channelId);
        int d = 0;
        while (cols.index(i) != 0) {
            i = nextPos(i);
            d++;
        }
        cols.setIndex(i, entry(d, slot));
        count++;
    }

    @Override
    public void remove(long userId, long channelId) {
        int i = home(userId, channelId);
        for (int d = 0; ; i = nextPos(i), d++) {
            int e = cols.index(i);
            if (e != 0 && e >>> slotBits == field(d) && holds(e & slotMask, userId, channelId)) {
                break;
            }
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
                int s = e & slotMask;
                int f = e >>> slotBits;
                int d = f < far ? f - 1 : distance(home(cols.user(s), cols.channel(s)), j);
                int gap = distance(i, j);
                if (d >= gap) {
                    cols.setIndex(i, entry(d - gap, s));
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
