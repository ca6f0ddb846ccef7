package io.readstates.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The replies of {@code read-states.lua}, decoded once into records, so that the store reads names
 * instead of positions. Lua has no 64-bit integers, so message IDs and versions arrive as decimal
 * strings; counts arrive as numbers or strings, and both are read here. Each record's shape is the
 * script's comment for that command.
 */
final class ScriptReplies {
    private static final long HIT = 1;
    private static final long RETRY = 2;

    private ScriptReplies() {
    }

    static String str(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    static long num(Object o) {
        return o instanceof Long l ? l : Long.parseLong(str(o));
    }

    /** An evicted dirty state whose write is in flight: written to the backing store, then completed. */
    record Victim(long userId, long channelId, long lastMessageId, int mentionCount, long version) {
    }

    /** {@code access}: a hit with the state, or a miss with the eviction sequence the load must be checked against. */
    record Access(boolean hit, long lastMessageId, int mentionCount, long evictionSequence) {
        static Access of(List<Object> r) {
            if (num(r.get(0)) == HIT) {
                return new Access(true, Long.parseLong(str(r.get(1))), (int) num(r.get(2)), 0);
            }
            return new Access(false, 0, 0, num(r.get(1)));
        }
    }

    /**
     * {@code insert}: retry (the state left the cache while it was loaded), or the state as it now is,
     * whether it had to be created in the backing store, how many states were evicted and the dirty ones.
     */
    record Insert(boolean retry, long lastMessageId, int mentionCount, boolean created, long evicted, List<Victim> victims) {
        static Insert of(List<Object> r) {
            if (num(r.get(0)) == RETRY) {
                return new Insert(true, 0, 0, false, 0, List.of());
            }
            return new Insert(false, Long.parseLong(str(r.get(1))), (int) num(r.get(2)), num(r.get(3)) == 1, num(r.get(4)), ScriptReplies.victims(r, 5));
        }
    }

    /** One state of a user's partition as {@code ready} delivers it. */
    record ChannelState(long channelId, long lastMessageId, int mentionCount) {
    }

    /** {@code ready}: retry, or the user's states, how many of them were inserted (misses), and what was evicted. */
    record Ready(boolean retry, List<ChannelState> states, long inserted, long evicted, List<Victim> victims) {
        static Ready of(List<Object> r) {
            if (num(r.get(0)) == RETRY) {
                return new Ready(true, List.of(), 0, 0, List.of());
            }
            int delivered = (int) num(r.get(1));
            long inserted = num(r.get(2));
            List<ChannelState> states = new ArrayList<>(delivered);
            int at = 3;
            for (int i = 0; i < delivered; i++, at += 3) {
                states.add(new ChannelState(Long.parseLong(str(r.get(at))), Long.parseLong(str(r.get(at + 1))), Integer.parseInt(str(r.get(at + 2)))));
            }
            return new Ready(false, states, inserted, num(r.get(at)), ScriptReplies.victims(r, at + 1));
        }
    }

    /**
     * A dirty state captured for write-behind; the value stays in the script's decimal form too, as
     * {@code confirm} compares it with what is resident.
     */
    record Captured(long userId, long channelId, String lastMessageId, String mentionCount, long version) {
    }

    /** {@code capture}: the eviction sequence at the capture and the captured states, oldest first. */
    record Capture(long evictionSequence, List<Captured> states) {
        static Capture of(List<Object> r) {
            List<Captured> states = new ArrayList<>((r.size() - 1) / 5);
            for (int i = 1; i + 4 < r.size(); i += 5) {
                states.add(new Captured(Long.parseLong(str(r.get(i))), Long.parseLong(str(r.get(i + 1))), str(r.get(i + 2)), str(r.get(i + 3)),
                        Long.parseLong(str(r.get(i + 4)))));
            }
            return new Capture(num(r.get(0)), states);
        }
    }

    /** {@code check}: states in the recency set, how many of them have a stored value, eviction writes in flight. */
    record Check(long resident, long indexed, long pending) {
        static Check of(List<Object> r) {
            return new Check(num(r.get(0)), num(r.get(1)), num(r.get(2)));
        }
    }

    /** The dirty victims listed from {@code from} on: user, channel, last, mentions, version each. */
    private static List<Victim> victims(List<Object> r, int from) {
        List<Victim> out = new ArrayList<>((r.size() - from) / 5);
        for (int i = from; i + 4 < r.size(); i += 5) {
            out.add(new Victim(Long.parseLong(str(r.get(i))), Long.parseLong(str(r.get(i + 1))), Long.parseLong(str(r.get(i + 2))),
                    Integer.parseInt(str(r.get(i + 3))), Long.parseLong(str(r.get(i + 4)))));
        }
        return out;
    }
}
