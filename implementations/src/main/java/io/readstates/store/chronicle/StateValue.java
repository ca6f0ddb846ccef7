package io.readstates.store.chronicle;

/** Chronicle Values interface for the map's value: the state plus its slot in the LRU list. */
public interface StateValue {
    int getSlot();

    void setSlot(int slot);

    long getLastMessageId();

    void setLastMessageId(long lastMessageId);

    int getMentionCount();

    void setMentionCount(int mentionCount);

    int getDirtyStamp();

    void setDirtyStamp(int dirtyStamp);
}
