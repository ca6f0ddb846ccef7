package io.readstates.store;

/**
 * Where a store reports the stretches in which it held its own lock for background work — the
 * write-behind flusher's sweep and confirmation — so that an operation that waited for that lock
 * can be told so, not left unexplained. Called from the background thread, with
 * {@code System.nanoTime()} readings; it must be cheap and must not block.
 */
@FunctionalInterface
public interface BackgroundWork {
    /** Reports nothing. */
    BackgroundWork NONE = (startNanos, endNanos) -> { };

    void heldLock(long startNanos, long endNanos);
}
