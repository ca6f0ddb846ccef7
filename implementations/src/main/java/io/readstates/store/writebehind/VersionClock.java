package io.readstates.store.writebehind;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The version of every write a store captures: wall-clock microseconds, strictly increasing within
 * the store ({@code max(micros, last + 1)}), as Cassandra's {@code USING TIMESTAMP} would be given.
 * The flusher and the eviction path write outside the store's lock and can race; the backing store
 * keeps the highest version, so the later capture wins whatever order the writes arrive in.
 * Thread-safe and allocation-free.
 */
public final class VersionClock {
    private final AtomicLong last = new AtomicLong();

    public long next() {
        long micros = System.currentTimeMillis() * 1000;
        while (true) {
            long prev = last.get();
            long next = Math.max(micros, prev + 1);
            if (last.compareAndSet(prev, next)) {
                return next;
            }
        }
    }
}
