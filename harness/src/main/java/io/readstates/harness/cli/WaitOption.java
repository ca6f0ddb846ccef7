package io.readstates.harness.cli;

import io.readstates.harness.driver.WaitStrategy;
import picocli.CommandLine.Option;

/** The driver's wait strategy, one option shared by {@code cell} and {@code matrix}. */
final class WaitOption {
    @Option(names = "--wait", defaultValue = "spin", description = "How the driver waits for each operation's start: spin (park, then spin "
            + "the last 200 µs: exact starts, one core busy), park (off CPU between operations, wakes late by the timer slack, which counts "
            + "as response time) or yield. Default: ${DEFAULT-VALUE}.")
    String name;

    WaitStrategy strategy() {
        return WaitStrategy.byName(name);
    }
}
