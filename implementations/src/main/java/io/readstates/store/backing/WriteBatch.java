package io.readstates.store.backing;

import java.util.Arrays;

/**
 * A reusable, columnar batch of versioned state writes. Columns rather than objects so that
 * building a batch on the flush or eviction path allocates nothing once the batch has grown to
 * its working size.
 */
public final class WriteBatch {
    private long[] users;
    private long[] channels;
    private long[] lasts;
    private int[] mentions;
    private long[] versions;
    private int size;

    public WriteBatch(int initialCapacity) {
        int n = Math.max(1, initialCapacity);
        users = new long[n];
        channels = new long[n];
        lasts = new long[n];
        mentions = new int[n];
        versions = new long[n];
    }

    public void add(long userId, long channelId, long lastMessageId, int mentionCount, long version) {
        if (size == users.length) {
            int n = size * 2;
            users = Arrays.copyOf(users, n);
            channels = Arrays.copyOf(channels, n);
            lasts = Arrays.copyOf(lasts, n);
            mentions = Arrays.copyOf(mentions, n);
            versions = Arrays.copyOf(versions, n);
        }
        users[size] = userId;
        channels[size] = channelId;
        lasts[size] = lastMessageId;
        mentions[size] = mentionCount;
        versions[size] = version;
        size++;
    }

    /** Removes entry {@code i} by moving the last entry into its place (order is not kept). */
    public void removeAt(int i) {
        int last = --size;
        users[i] = users[last];
        channels[i] = channels[last];
        lasts[i] = lasts[last];
        mentions[i] = mentions[last];
        versions[i] = versions[last];
    }

    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }
    public void clear() { size = 0; }
    public long userId(int i) { return users[i]; }
    public long channelId(int i) { return channels[i]; }
    public long lastMessageId(int i) { return lasts[i]; }
    public int mentionCount(int i) { return mentions[i]; }
    public long version(int i) { return versions[i]; }
}
