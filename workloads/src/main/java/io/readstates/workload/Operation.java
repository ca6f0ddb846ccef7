package io.readstates.workload;

/**
 * One operation, as a mutable holder that an {@link OperationStream} refills: the driver reuses one
 * per worker so that generating load allocates nothing on the timed path.
 */
public final class Operation {
    public OperationType type;
    public long userId;
    public long channelId;
    public long messageId;

    public void set(OperationType type, long userId, long channelId, long messageId) {
        this.type = type;
        this.userId = userId;
        this.channelId = channelId;
        this.messageId = messageId;
    }

    @Override
    public String toString() {
        return type.tag() + "," + userId + "," + channelId + "," + messageId;
    }
}
