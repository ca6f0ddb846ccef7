package io.readstates.store.layout;

/**
 * A doubly linked recency list over int slot numbers, most recent at the head. The links live
 * wherever the layout keeps them ({@link Links}): Java arrays, an FFM segment — so that no node
 * object exists per state.
 */
public final class IntLruList {
    public static final int NONE = -1;

    /** Where the prev/next links of each slot are stored. */
    public interface Links {
        int prev(int s);

        int next(int s);

        void setPrev(int s, int v);

        void setNext(int s, int v);
    }

    private final Links links;
    private int head = NONE;
    private int tail = NONE;

    public IntLruList(Links links) {
        this.links = links;
    }

    public int head() {
        return head;
    }

    public int tail() {
        return tail;
    }

    public void moveToFront(int s) {
        if (s != head) {
            unlink(s);
            linkFront(s);
        }
    }

    public void unlink(int s) {
        int p = links.prev(s);
        int n = links.next(s);
        if (p != NONE) {
            links.setNext(p, n);
        } else {
            head = n;
        }
        if (n != NONE) {
            links.setPrev(n, p);
        } else {
            tail = p;
        }
    }

    public void linkFront(int s) {
        links.setPrev(s, NONE);
        links.setNext(s, head);
        if (head != NONE) {
            links.setPrev(head, s);
        }
        head = s;
        if (tail == NONE) {
            tail = s;
        }
    }

    /** Walks the list from the head, checking back links; returns its length, or throws when broken or longer than {@code max}. */
    public int check(long max) {
        int listed = 0;
        int prev = NONE;
        for (int s = head; s != NONE; s = links.next(s)) {
            if (links.prev(s) != prev) {
                throw new IllegalStateException("LRU back link broken at slot " + s);
            }
            prev = s;
            if (++listed > max) {
                throw new IllegalStateException("LRU list longer than " + max + " (a cycle?)");
            }
        }
        if (prev != tail) {
            throw new IllegalStateException("LRU tail " + tail + " does not end the list (last " + prev + ")");
        }
        return listed;
    }
}
