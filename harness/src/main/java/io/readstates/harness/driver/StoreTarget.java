package io.readstates.harness.driver;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.workload.Operation;

/**
 * Executes operations against a {@link ReadStateStore} with per-worker, reused result holders, so
 * that the driver itself allocates nothing per operation. Results are folded into a checksum the
 * JIT cannot prove unused.
 */
public final class StoreTarget implements Target, ReadStateSink {
    private final ReadStateStore store;
    private final ReadStateHolder holder = new ReadStateHolder();
    private long checksum;

    public StoreTarget(ReadStateStore store) {
        this.store = store;
    }

    @Override
    public void execute(Operation op) {
        switch (op.type) {
            case ACK -> store.ack(op.userId, op.channelId, op.messageId);
            case MENTION -> store.mention(op.userId, op.channelId, op.messageId);
            case GET -> {
                store.get(op.userId, op.channelId, holder);
                checksum += holder.lastMessageId + holder.mentionCount;
            }
            case READY -> checksum += store.ready(op.userId, this);
        }
    }

    @Override
    public void accept(long userId, long channelId, long lastMessageId, int mentionCount) {
        checksum += mentionCount;
    }

    public long checksum() {
        return checksum;
    }
}
