package io.readstates.store;

import io.readstates.store.backing.BackingStore;

import java.util.Optional;

/**
 * A kind of store users can select by name: the built-in {@link io.readstates.store.registry.StoreKind}s, and any implementation
 * a user puts on the classpath and registers for {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.readstates.store.StoreType}.
 */
public interface StoreType {
    /** The name users type ({@code --store NAME}); lowercase, no spaces. */
    String cliName();

    /** One line on the memory layout, for reports. */
    String layout();

    /** Builds a store over {@code backing} (which the caller owns and closes). */
    ReadStateStore create(StoreConfig config, BackingStore backing);

    /**
     * Why this store cannot run on a JVM of Java release {@code jdkFeature}, if it cannot — so a
     * matrix records the cell as skipped with its reason instead of starting a JVM that would fail.
     */
    default Optional<String> unsupportedOn(int jdkFeature) {
        return Optional.empty();
    }
}
