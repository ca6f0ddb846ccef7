package io.readstates.harness.cli;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.readstates.results.AtomicFiles;
import io.readstates.store.ReadState;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreType;
import io.readstates.harness.service.ServiceKind;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import io.readstates.workload.Operation;
import io.readstates.workload.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Replays a trace against a store, one operation after another, and writes the final resident
 * states and the backing store's contents as sorted CSV — so anyone can check a store against their
 * own reference implementation.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Apply a trace (op,user,channel,message_id) to a store in order; write the resident states and the backing store (after flush) as sorted CSV.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--trace", required = true, description = "Trace CSV file (see docs/trace-format.md).")
    Path trace;

    @Option(names = "--store", required = true, converter = Converters.StoreConverter.class, description = "Store name.")
    StoreType store;

    @Option(names = "--capacity", required = true, converter = Converters.CountConverter.class, description = "Cache capacity in states.")
    long capacity;

    @Option(names = "--shards", defaultValue = "16", description = "Shards, for the sharded store. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--resident-out", defaultValue = "resident.csv", description = "Where to write the resident states. Default: ${DEFAULT-VALUE}.")
    Path residentOut;

    @Option(names = "--backing-out", defaultValue = "backing.csv", description = "Where to write the backing store's contents. Default: ${DEFAULT-VALUE}.")
    Path backingOut;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (store instanceof ServiceKind.ServiceStoreType service) {
            return replayInService(service.kind());
        }
        Trace t = Trace.read(trace);
        HeapBackingStore backing = new HeapBackingStore();
        List<ReadState> resident = new ArrayList<>();
        try (ReadStateStore s = StoreTypes.withShards(store, shards, StoreKind.OBJECT_GRAPH).create(new StoreConfig(capacity, Duration.ZERO), backing)) {
            Operation op = new Operation();
            ReadStateHolder h = new ReadStateHolder();
            for (int i = 0; i < t.size(); i++) {
                t.get(i, op);
                switch (op.type) {
                    case ACK -> s.ack(op.userId, op.channelId, op.messageId);
                    case MENTION -> s.mention(op.userId, op.channelId, op.messageId);
                    case GET -> s.get(op.userId, op.channelId, h);
                    case READY -> s.ready(op.userId, (u, c, l, m) -> { });
                }
            }
            s.forEachResident((u, c, l, m) -> resident.add(new ReadState(u, c, l, m)));
            s.flush();
        }
        List<ReadState> stored = new ArrayList<>();
        backing.forEach((u, c, l, m) -> stored.add(new ReadState(u, c, l, m)));
        write(residentOut, resident);
        write(backingOut, stored);
        System.out.printf("replayed %d operations on %s (capacity %d): %d resident states -> %s, %d stored states -> %s%n",
                t.size(), store.cliName(), capacity, resident.size(), residentOut, stored.size(), backingOut);
        return 0;
    }

    static void write(Path file, List<ReadState> states) {
        states.sort(ReadState.BY_KEY);
        CsvMapper mapper = CsvMapper.builder().build();
        CsvSchema schema = CsvSchema.builder().addNumberColumn("userId").addNumberColumn("channelId").addNumberColumn("lastMessageId")
                .addNumberColumn("mentionCount").setUseHeader(true).build();
        AtomicFiles.write(file, tmp -> mapper.writer(schema).writeValues(tmp.toFile()).writeAll(states).close());
    }

    /**
     * The same replay by a service's own {@code replay} command, which reads the binary format only:
     * a CSV trace is converted first. The service writes the same two CSVs.
     */
    private int replayInService(ServiceKind kind) throws IOException, InterruptedException {
        Path bin = trace;
        Path converted = null;
        if (!io.readstates.workload.trace.BinaryTraceFormat.isBinary(trace)) {
            converted = Files.createTempFile("readstates-replay-", ".bin");
            io.readstates.workload.trace.BinaryTraceFormat.write(Trace.read(trace), converted);
            bin = converted;
        }
        try {
            List<String> command = new ArrayList<>(List.of(kind.executable().toString(), "replay"));
            command.addAll(kind.replayArguments());
            command.addAll(List.of("--trace", bin.toString(), "--capacity", Long.toString(capacity), "--resident-out", residentOut.toString(),
                    "--backing-out", backingOut.toString()));
            if (!Files.isExecutable(kind.executable())) {
                throw new IllegalArgumentException(kind.executable() + " is missing; build the services with services/build.sh");
            }
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } finally {
            if (converted != null) {
                Files.deleteIfExists(converted);
            }
        }
    }
}
