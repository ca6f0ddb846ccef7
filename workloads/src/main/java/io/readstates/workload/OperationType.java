package io.readstates.workload;

/** The operations of the Read States service's three hot flows, plus a single-state read. */
public enum OperationType {
    /** A user read a channel up to a message. */
    ACK("ack"),
    /** A message in a channel mentions a user. */
    MENTION("mention"),
    /** One state is read. */
    GET("get"),
    /** A user connects: every state of the user (the READY payload). */
    READY("ready");

    private final String tag;

    OperationType(String tag) {
        this.tag = tag;
    }

    /** Short lowercase name used in interval-log tags, trace files and reports. */
    public String tag() {
        return tag;
    }

    public static OperationType byTag(String tag) {
        for (OperationType t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + tag + "'; expected one of ack, mention, get, ready");
    }
}
