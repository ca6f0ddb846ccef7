package io.readstates.results;

import java.util.List;

/** Where and how a cell ran: the JVM it really got (not the one asked for), the machine, the source revision. */
public record Environment(
        String javaVersion,
        String javaHome,
        String vmName,
        List<String> inputArguments,
        String gitRevision,
        int availableProcessors,
        long physicalMemoryBytes,
        String hostName,
        String osName,
        String startedAt) {
}
