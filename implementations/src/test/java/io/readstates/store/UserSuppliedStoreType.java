package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.BackingStore;

/** A store type as a user would supply one: a class on the classpath registered for ServiceLoader. */
public final class UserSuppliedStoreType implements StoreType {
    @Override
    public String cliName() {
        return "test-user-store";
    }

    @Override
    public String layout() {
        return "a user's own layout (here: primitive arrays)";
    }

    @Override
    public ReadStateStore create(StoreConfig config, BackingStore backing) {
        return StoreKind.PRIMITIVE_ARRAYS.create(config, backing);
    }
}
