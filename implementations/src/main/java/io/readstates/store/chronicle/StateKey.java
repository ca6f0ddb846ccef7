package io.readstates.store.chronicle;

/** Chronicle Values interface for the map's key: Chronicle generates a flyweight with no object per entry. */
public interface StateKey {
    long getUserId();

    void setUserId(long userId);

    long getChannelId();

    void setChannelId(long channelId);
}
