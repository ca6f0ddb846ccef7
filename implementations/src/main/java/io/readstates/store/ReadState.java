package io.readstates.store;

import java.util.Comparator;

/** An immutable read state, for tests, dumps and replays — never used on the hot path. */
public record ReadState(long userId, long channelId, long lastMessageId, int mentionCount) {

    /** Orders by (user, channel), the primary key of the backing table. */
    public static final Comparator<ReadState> BY_KEY =
            Comparator.comparingLong(ReadState::userId).thenComparingLong(ReadState::channelId);
}
