package io.readstates.harness.service;

import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreType;
import io.readstates.store.backing.BackingStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The case study's own services as matrix rows ({@code services/README.md}): Discord's Go service
 * under Go's collector, the same with {@code GOGC=off} (Go's Epsilon: no collection at all, the
 * baseline its tail tax is measured against), and the Rust rewrite over a {@code BTreeMap} or a
 * {@code HashMap}. Each runs out of process with its own driver ({@link ServiceCellRunner}); in
 * results it is a store (what was measured) under a collector (what reclaimed its memory).
 */
public enum ServiceKind {
    GO("go", "go-readstates", "go-lru", "go-gc", List.of(), Map.of("GODEBUG", "gctrace=1")),
    GO_GOGC_OFF("go-gogc-off", "go-readstates", "go-lru", "gogc-off", List.of(), Map.of("GODEBUG", "gctrace=1", "GOGC", "off")),
    RUST_BTREE("rust-btree", "rust-readstates", "rust-btree", "none", List.of("--variant", "btree"), Map.of()),
    RUST_HASH("rust-hash", "rust-readstates", "rust-hash", "none", List.of("--variant", "hash"), Map.of());

    /** Where {@code bin/readstates-gc} says the services live; {@code services} under the working directory otherwise. */
    public static final String HOME_PROPERTY = "readstates.services";

    private final String cliName;
    private final String binary;
    private final String storeName;
    private final String collectorName;
    private final List<String> arguments;
    private final Map<String, String> environment;

    ServiceKind(String cliName, String binary, String storeName, String collectorName, List<String> arguments, Map<String, String> environment) {
        this.cliName = cliName;
        this.binary = binary;
        this.storeName = storeName;
        this.collectorName = collectorName;
        this.arguments = arguments;
        this.environment = environment;
    }

    /** What users type ({@code --services go,rust-btree}). */
    public String cliName() {
        return cliName;
    }

    /** The store column of its results. */
    public String storeName() {
        return storeName;
    }

    /** The collector column of its results: {@code go-gc}, {@code gogc-off} or {@code none}. */
    public String collectorName() {
        return collectorName;
    }

    public boolean isGo() {
        return binary.equals("go-readstates");
    }

    List<String> arguments() {
        return arguments;
    }

    /** What its {@code replay} command needs besides the trace and files (the Rust variant). */
    public List<String> replayArguments() {
        return arguments;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The {@code services/} folder: the property {@value #HOME_PROPERTY}, else {@code ./services}. */
    public static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, "services")).toAbsolutePath();
    }

    public Path executable() {
        return home().resolve("bin").resolve(binary);
    }

    /**
     * Whether its binary is missing or older than one of its service's sources — a checkout that
     * changed them since the last build would otherwise measure the old code. Cargo's {@code target}
     * folder holds build output, not sources.
     */
    public boolean needsBuild() {
        Path exe = executable();
        if (!Files.isExecutable(exe)) {
            return true;
        }
        Path sources = home().resolve(binary);
        try (Stream<Path> files = Files.walk(sources)) {
            FileTime built = Files.getLastModifiedTime(exe);
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(sources.resolve("target")))
                    .anyMatch(f -> modified(f).compareTo(built) > 0);
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service by its name, or an error listing the names. */
    public static ServiceKind byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ServiceKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "'; known: "
                + Arrays.stream(values()).map(ServiceKind::cliName).collect(Collectors.joining(", ")));
    }

    /** The service whose store is named {@code storeName} ({@code go-lru} is Go under its collector), if any. */
    public static java.util.Optional<ServiceKind> byStoreName(String storeName) {
        String n = storeName.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.storeName.equals(n)).findFirst();
    }

    /** The service as the store of a cell spec: it names the store; the store itself runs in the service's process. */
    public ServiceStoreType asStoreType() {
        return new ServiceStoreType(this);
    }

    /**
     * A service where a {@link StoreType} is expected (a cell's spec, {@code --stores}, {@code replay
     * --store}): it names the store and its layout; the store runs in the service's own process.
     */
    public record ServiceStoreType(ServiceKind kind) implements StoreType {
        @Override
        public String cliName() {
            return kind.storeName;
        }

        @Override
        public String layout() {
            return switch (kind) {
                case GO, GO_GOGC_OFF -> "Go map + container/list LRU of read-state structs on Go's heap";
                case RUST_BTREE -> "Rust BTreeMap index + BTreeMap recency order, no collector";
                case RUST_HASH -> "Rust HashMap index + BTreeMap recency order, no collector";
            };
        }

        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            throw new UnsupportedOperationException(kind.storeName + " runs in its own process (" + kind.binary + "); measure it with the matrix ("
                    + "--stores " + kind.storeName + " or --services " + kind.cliName + ")");
        }
    }
}
