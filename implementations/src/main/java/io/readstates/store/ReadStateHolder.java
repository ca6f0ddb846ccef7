package io.readstates.store;

/**
 * A caller-owned, reusable slot that a store copies one state into; it lets {@code get} and backing
 * store loads return a value without allocating.
 */
public final class ReadStateHolder {
    public long lastMessageId;
    public int mentionCount;

    public void set(long lastMessageId, int mentionCount) {
        this.lastMessageId = lastMessageId;
        this.mentionCount = mentionCount;
    }

    public ReadState toState(long userId, long channelId) {
        return new ReadState(userId, channelId, lastMessageId, mentionCount);
    }
}
