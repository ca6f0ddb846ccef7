package io.readstates.store;

/** Receives read states one by one without an object per state (the hot path must not allocate). */
@FunctionalInterface
public interface ReadStateSink {
    void accept(long userId, long channelId, long lastMessageId, int mentionCount);
}
