package io.readstates.store;

import io.readstates.store.backing.ForwardingBackingStore;
import io.readstates.store.backing.HeapBackingStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A backing store whose reads of one chosen user block until the test opens the gate: a load that
 * takes as long as the test wants. In partition-snapshot mode only partition reads block, and only
 * after the data has been read — so the test can change the store while a stale snapshot is in flight.
 */
final class GatedBackingStore extends ForwardingBackingStore {
    private final long gatedUser;
    private final boolean partitionSnapshot;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    GatedBackingStore(long gatedUser) {
        this(gatedUser, false);
    }

    GatedBackingStore(long gatedUser, boolean partitionSnapshot) {
        super(new HeapBackingStore());
        this.gatedUser = gatedUser;
        this.partitionSnapshot = partitionSnapshot;
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
        if (!partitionSnapshot) {
            pass(userId);
        }
        return inner().load(userId, channelId, out);
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        if (!partitionSnapshot) {
            pass(userId);
            return inner().loadPartition(userId, sink);
        }
        List<ReadState> snapshot = new ArrayList<>();
        inner().loadPartition(userId, (u, c, l, m) -> snapshot.add(new ReadState(u, c, l, m)));
        pass(userId);
        snapshot.forEach(r -> sink.accept(r.userId(), r.channelId(), r.lastMessageId(), r.mentionCount()));
        return snapshot.size();
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
