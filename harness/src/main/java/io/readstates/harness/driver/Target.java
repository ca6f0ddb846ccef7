package io.readstates.harness.driver;

import io.readstates.workload.Operation;

/** What the driver drives: executes one operation. One instance per worker thread. */
@FunctionalInterface
public interface Target {
    void execute(Operation op);
}
