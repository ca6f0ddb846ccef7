package io.readstates.store.layout;

import java.util.function.IntConsumer;

/**
 * A B+tree from (user, channel) to slot, keys stored inline in each node's {@code long[]} arrays —
 * a few objects per 32 states rather than one per state, ordered so that all of a user's states are
 * adjacent (the layout of Rust's {@code BTreeMap}, which the Read States rewrite moved to), and
 * growing only with what it holds: a node that empties is unlinked at once.
 *
 * <p>Implementation notes. Leaves hold up to {@value #MAX} keys and split in half when full; inner
 * nodes hold up to {@value #MAX} separators (child {@code i} holds keys {@code >= sep[i-1]} and
 * {@code < sep[i]}) and split around the middle separator, which moves up. Deletion does not merge
 * underfull siblings — it removes empty nodes only, which keeps separators valid and memory bounded
 * by the entries held. Not thread-safe (the store serialises access). Reference: D. Comer, "The
 * Ubiquitous B-Tree", ACM Computing Surveys 11(2), 1979.
 */
public final class BTreeSlotIndex implements SlotIndex {
    static final int MAX = 32;

    private abstract static class Node {
        int n;
        final long[] users = new long[MAX];
        final long[] channels = new long[MAX];
    }

    private static final class Leaf extends Node {
        final int[] slots = new int[MAX];
    }

    private static final class Inner extends Node {
        final Node[] children = new Node[MAX + 1];
    }

    private record Split(long user, long channel, Node right) {
    }

    private Node root = new Leaf();
    private long count;

    private static int compare(long u1, long c1, long u2, long c2) {
        int c = Long.compare(u1, u2);
        return c != 0 ? c : Long.compare(c1, c2);
    }

    /** First index whose key is {@code >= (u, c)}. */
    private static int lowerBound(Node x, long u, long c) {
        int lo = 0;
        int hi = x.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(x.users[mid], x.channels[mid], u, c) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose key is {@code > (u, c)}: the child to descend into. */
    private static int upperBound(Node x, long u, long c) {
        int lo = 0;
        int hi = x.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(x.users[mid], x.channels[mid], u, c) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int find(long userId, long channelId) {
        Node x = root;
        while (x instanceof Inner in) {
            x = in.children[upperBound(in, userId, channelId)];
        }
        Leaf leaf = (Leaf) x;
        int i = lowerBound(leaf, userId, channelId);
        return i < leaf.n && leaf.users[i] == userId && leaf.channels[i] == channelId ? leaf.slots[i] : -1;
    }

    @Override
    public void insert(long userId, long channelId, int slot) {
        Split s = insert(root, userId, channelId, slot);
        if (s != null) {
            Inner r = new Inner();
            r.n = 1;
            r.users[0] = s.user();
            r.channels[0] = s.channel();
            r.children[0] = root;
            r.children[1] = s.right();
            root = r;
        }
        count++;
    }

    private static Split insert(Node x, long u, long c, int slot) {
        if (x instanceof Leaf leaf) {
            int i = lowerBound(leaf, u, c);
            shiftRight(leaf, i);
            System.arraycopy(leaf.slots, i, leaf.slots, i + 1, leaf.n - i);
            leaf.users[i] = u;
            leaf.channels[i] = c;
            leaf.slots[i] = slot;
            leaf.n++;
            if (leaf.n < MAX) {
                return null;
            }
            Leaf right = new Leaf();
            int half = MAX / 2;
            right.n = MAX - half;
            System.arraycopy(leaf.users, half, right.users, 0, right.n);
            System.arraycopy(leaf.channels, half, right.channels, 0, right.n);
            System.arraycopy(leaf.slots, half, right.slots, 0, right.n);
            leaf.n = half;
            return new Split(right.users[0], right.channels[0], right);
        }
        Inner in = (Inner) x;
        int i = upperBound(in, u, c);
        Split s = insert(in.children[i], u, c, slot);
        if (s == null) {
            return null;
        }
        shiftRight(in, i);
        System.arraycopy(in.children, i + 1, in.children, i + 2, in.n - i);
        in.users[i] = s.user();
        in.channels[i] = s.channel();
        in.children[i + 1] = s.right();
        in.n++;
        if (in.n < MAX) {
            return null;
        }
        int mid = MAX / 2;
        Inner right = new Inner();
        right.n = in.n - mid - 1;
        System.arraycopy(in.users, mid + 1, right.users, 0, right.n);
        System.arraycopy(in.channels, mid + 1, right.channels, 0, right.n);
        System.arraycopy(in.children, mid + 1, right.children, 0, right.n + 1);
        java.util.Arrays.fill(in.children, mid + 1, MAX + 1, null);
        in.n = mid;
        return new Split(in.users[mid], in.channels[mid], right);
    }

    /** Opens a gap at key index {@code i}. */
    private static void shiftRight(Node x, int i) {
        System.arraycopy(x.users, i, x.users, i + 1, x.n - i);
        System.arraycopy(x.channels, i, x.channels, i + 1, x.n - i);
    }

    @Override
    public void remove(long userId, long channelId) {
        if (remove(root, userId, channelId)) {
            root = new Leaf();
        } else if (root instanceof Inner in && in.n == 0) {
            root = in.children[0];
        }
        count--;
    }

    /** Removes the key below {@code x}; returns true when {@code x} is left empty. */
    private static boolean remove(Node x, long u, long c) {
        if (x instanceof Leaf leaf) {
            int i = lowerBound(leaf, u, c);
            if (i == leaf.n || leaf.users[i] != u || leaf.channels[i] != c) {
                throw new IllegalStateException("key " + u + "/" + c + " is not in the index");
            }
            System.arraycopy(leaf.users, i + 1, leaf.users, i, leaf.n - i - 1);
            System.arraycopy(leaf.channels, i + 1, leaf.channels, i, leaf.n - i - 1);
            System.arraycopy(leaf.slots, i + 1, leaf.slots, i, leaf.n - i - 1);
            leaf.n--;
            return leaf.n == 0;
        }
        Inner in = (Inner) x;
        int i = upperBound(in, u, c);
        if (!remove(in.children[i], u, c)) {
            return false;
        }
        if (in.n == 0) {
            return true;
        }
        int sep = i == 0 ? 0 : i - 1;
        System.arraycopy(in.users, sep + 1, in.users, sep, in.n - sep - 1);
        System.arraycopy(in.channels, sep + 1, in.channels, sep, in.n - sep - 1);
        System.arraycopy(in.children, i + 1, in.children, i, in.n - i);
        in.children[in.n] = null;
        in.n--;
        return false;
    }

    @Override
    public long count() {
        return count;
    }

    /** Delivers the slots of every key of {@code userId}, in channel order: a range scan. */
    public void forEachOfUser(long userId, IntConsumer slots) {
        scan(root, userId, slots);
    }

    private static void scan(Node x, long u, IntConsumer out) {
        if (x instanceof Leaf leaf) {
            for (int i = lowerBound(leaf, u, Long.MIN_VALUE); i < leaf.n && leaf.users[i] == u; i++) {
                out.accept(leaf.slots[i]);
            }
            return;
        }
        Inner in = (Inner) x;
        int from = upperBound(in, u, Long.MIN_VALUE);
        int to = upperBound(in, u, Long.MAX_VALUE);
        for (int i = from; i <= to; i++) {
            scan(in.children[i], u, out);
        }
    }
}
