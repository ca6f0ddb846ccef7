package io.readstates.workload.trace;

import io.readstates.workload.Operation;
import io.readstates.workload.OperationSource;

/**
 * Lane {@code lane} of {@code lanes} over a trace: operations {@code lane, lane + lanes, …}, the
 * same partition of one schedule that generated streams use, so that each driver worker replays
 * its share of the trace in order.
 */
public final class TraceLane implements OperationSource {
    private final Trace trace;
    private final int lanes;
    private int next;

    public TraceLane(Trace trace, int lane, int lanes) {
        if (lanes < 1 || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane must be in [0, lanes), got lane " + lane + " of " + lanes);
        }
        this.trace = trace;
        this.lanes = lanes;
        this.next = lane;
    }

    @Override
    public void next(Operation op) {
        if (next >= trace.size()) {
            throw new IllegalStateException("the trace has " + trace.size() + " operations; the schedule asked for operation " + next);
        }
        trace.get(next, op);
        next += lanes;
    }
}
