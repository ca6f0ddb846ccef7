package io.readstates.store.layout;

/**
 * Column storage for {@link SlotLruLayout}: per-slot fields plus the hash index, addressed by int.
 * Two implementations — Java arrays ({@link ArrayColumns}) and one FFM segment
 * ({@code SegmentColumns}, built for Java 25 and reached through {@code FfmSupport}) — so that "primitive arrays" and "off-heap" differ in nothing but where
 * the bytes are, and the comparison between them isolates exactly that.
 *
 * <p>Dirty stamps are 16-bit (0 = clean); the engine keeps them in that range.
 */
public interface SlotColumns extends IntLruList.Links, AutoCloseable {
    int slots();

    /** Makes slot {@code s} usable; storage that grows on demand grows here. */
    default void ensureSlot(int s) {
    }

    long user(int s);
    long channel(int s);
    long last(int s);
    int mentions(int s);
    int dirty(int s);

    void setKey(int s, long user, long channel);
    void setState(int s, long last, int mentions, int dirty);

    int indexLength();
    /** Index entry, encoded by the index that owns it; 0 means empty. */
    int index(int i);
    void setIndex(int i, int v);

    long offHeapBytes();

    @Override
    void close();
}
