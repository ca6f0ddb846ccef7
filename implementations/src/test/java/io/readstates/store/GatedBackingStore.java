package io.readstates.store;

import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.backing.WriteBatch;

import java.util.concurrent.CountDownLatch;

/** A backing store whose load of one chosen user blocks until the test opens the gate: a load that takes as long as the test wants. */
final class GatedBackingStore implements BackingStore {
    private final HeapBackingStore inner = new HeapBackingStore();
    private final long gatedUser;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    GatedBackingStore(long gatedUser) {
        this.gatedUser = gatedUser;
    }

    private void pass(long userId) {
        if (userId == gatedUser) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        pass(userId);
        return inner.load(userId, channelId, out);
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        pass(userId);
        return inner.loadPartition(userId, sink);
    }

    @Override
    public void write(WriteBatch batch) {
        inner.write(batch);
    }

    @Override
    public void forEach(ReadStateSink sink) {
        inner.forEach(sink);
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public String describe() {
        return "gated heap store";
    }

    @Override
    public void close() {
        gate.countDown();
    }
}
