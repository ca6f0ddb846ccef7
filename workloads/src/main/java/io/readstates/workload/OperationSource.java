package io.readstates.workload;

/**
 * Where one driver worker gets its operations, in schedule order: a generated
 * {@link OperationStream} lane or a lane of a replayed trace. Implementations fill the caller's
 * holder and allocate nothing.
 */
public interface OperationSource {
    void next(Operation op);
}
