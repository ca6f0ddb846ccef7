package io.readstates.store.layout;

import io.readstates.store.support.Hashing;
import io.readstates.store.ReadStateSink;

/**
 * The Go service's layout on the JVM: one node object per state, found through a chained hash table
 * and ordered by a doubly linked list of the same nodes — three references per state for the
 * collector to trace, and an evicted node left behind as garbage.
 *
 * <p>Measured as it is: it is the baseline the pointer-free layouts are compared against, so it is
 * deliberately the ordinary textbook structure (what {@code LinkedHashMap} does, minus boxing of the
 * two-long key), not tuned towards them.
 */
public final class ObjectGraphLayout implements LruLayout {

    private static final class Node {
        final long userId;
        final long channelId;
        long lastMessageId;
        int mentionCount;
        int dirtyStamp;
        Node prev;
        Node next;
        Node chain;

        Node(long userId, long channelId) {
            this.userId = userId;
            this.channelId = channelId;
        }
    }

    private final long capacity;
    private final Node[] table;
    private final int mask;
    private Node head;
    private Node tail;
    private Node cur;
    private long size;

    public ObjectGraphLayout(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        this.capacity = capacity;
        this.table = new Node[Hashing.tableLength(capacity, 0.75)];
        this.mask = table.length - 1;
    }

    private int bucket(long userId, long channelId) {
        return (int) Hashing.mix(userId, channelId) & mask;
    }

    @Override
    public boolean seek(long userId, long channelId) {
        for (Node n = table[bucket(userId, channelId)]; n != null; n = n.chain) {
            if (n.userId == userId && n.channelId == channelId) {
                cur = n;
                return true;
            }
        }
        return false;
    }

    @Override
    public void moveToFront() {
        Node n = cur;
        if (n == head) {
            return;
        }
        unlink(n);
        linkFront(n);
    }

    private void unlink(Node n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = null;
        n.next = null;
    }

    private void linkFront(Node n) {
        n.next = head;
        n.prev = null;
        if (head != null) {
            head.prev = n;
        }
        head = n;
        if (tail == null) {
            tail = n;
        }
    }

    @Override public long userId() { return cur.userId; }
    @Override public long channelId() { return cur.channelId; }
    @Override public long lastMessageId() { return cur.lastMessageId; }
    @Override public int mentionCount() { return cur.mentionCount; }
    @Override public int dirtyStamp() { return cur.dirtyStamp; }

    @Override
    public void update(long lastMessageId, int mentionCount, int dirtyStamp) {
        Node n = cur;
        n.lastMessageId = lastMessageId;
        n.mentionCount = mentionCount;
        n.dirtyStamp = dirtyStamp;
    }

    @Override
    public boolean isFull() {
        return size >= capacity;
    }

    @Override
    public void insertFront(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp) {
        Node n = new Node(userId, channelId);
        n.lastMessageId = lastMessageId;
        n.mentionCount = mentionCount;
        n.dirtyStamp = dirtyStamp;
        int b = bucket(userId, channelId);
        n.chain = table[b];
        table[b] = n;
        linkFront(n);
        size++;
        cur = n;
    }

    @Override
    public boolean seekEldest() {
        cur = tail;
        return cur != null;
    }

    @Override
    public void removeCurrent() {
        Node n = cur;
        int b = bucket(n.userId, n.channelId);
        if (table[b] == n) {
            table[b] = n.chain;
        } else {
            Node p = table[b];
            while (p.chain != n) {
                p = p.chain;
            }
            p.chain = n.chain;
        }
        unlink(n);
        n.chain = null;
        size--;
        cur = null;
    }

    @Override public long size() { return size; }
    @Override public long capacity() { return capacity; }
    @Override public long sweepPositions() { return table.length; }

    @Override
    public long sweep(long from, long count, EntryVisitor visitor) {
        long end = Math.min(from + count, table.length);
        for (int b = (int) from; b < end; b++) {
            for (Node n = table[b]; n != null; n = n.chain) {
                visitor.visit(n.userId, n.channelId, n.lastMessageId, n.mentionCount, n.dirtyStamp);
            }
        }
        return end;
    }

    @Override
    public void forEachMostRecentFirst(ReadStateSink sink) {
        for (Node n = head; n != null; n = n.next) {
            sink.accept(n.userId, n.channelId, n.lastMessageId, n.mentionCount);
        }
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public void checkInvariants() {
        long listed = 0;
        Node prev = null;
        for (Node n = head; n != null; n = n.next) {
            if (n.prev != prev) {
                throw new IllegalStateException("LRU list back link broken at " + n.userId + "/" + n.channelId);
            }
            Node saved = cur;
            if (!seek(n.userId, n.channelId) || cur != n) {
                throw new IllegalStateException("listed entry " + n.userId + "/" + n.channelId + " is not in the index");
            }
            cur = saved;
            prev = n;
            listed++;
        }
        if (prev != tail) {
            throw new IllegalStateException("LRU tail does not end the list");
        }
        long indexed = 0;
        for (Node b : table) {
            for (Node n = b; n != null; n = n.chain) {
                indexed++;
            }
        }
        if (listed != size || indexed != size || size > capacity) {
            throw new IllegalStateException("size " + size + ", listed " + listed + ", indexed " + indexed + ", capacity " + capacity);
        }
    }

    @Override
    public void close() {
        java.util.Arrays.fill(table, null);
        head = tail = cur = null;
        size = 0;
    }
}
