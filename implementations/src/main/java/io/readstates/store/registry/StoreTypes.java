package io.readstates.store.registry;

import io.readstates.store.StoreType;
import io.readstates.store.sharded.ShardedStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The one registry of stores: resolves the names users type to the built-in {@link StoreKind}s
 * first, then to stores registered through {@link ServiceLoader} under
 * {@code META-INF/services/io.readstates.store.StoreType}. Every lookup by name goes through here.
 */
public final class StoreTypes {
    private StoreTypes() {
    }

    /** Every known store type: the built-ins, then user-supplied ones. */
    public static List<StoreType> all() {
        List<StoreType> out = new ArrayList<>(List.of(StoreKind.values()));
        for (StoreType t : ServiceLoader.load(StoreType.class)) {
            out.add(t);
        }
        return out;
    }

    /** A store by its CLI name (or a built-in's constant name); the error lists the known names. */
    public static StoreType byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (StoreType t : all()) {
            if (t.cliName().equals(wanted) || (t instanceof StoreKind k && k.name().equalsIgnoreCase(wanted))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown store '" + name + "'; known stores: " + names());
    }

    /** A built-in layout for the shards of the sharded store: any built-in but the sharded store itself. */
    public static StoreKind layoutByName(String name) {
        StoreType t = byName(name);
        if (!(t instanceof StoreKind k) || k == StoreKind.SHARDED) {
            throw new IllegalArgumentException("'" + name + "' cannot be a shard layout; use one of "
                    + all().stream().filter(x -> x instanceof StoreKind && x != StoreKind.SHARDED).map(StoreType::cliName)
                    .collect(Collectors.joining(", ")));
        }
        return k;
    }

    /** The store to build for {@code chosen}: the sharded store with these shards and layout, any other store as it is. */
    public static StoreType withShards(StoreType chosen, int shards, StoreType layout) {
        return chosen == StoreKind.SHARDED ? new ShardedStore.Type(shards, layout) : chosen;
    }

    public static String names() {
        return all().stream().map(StoreType::cliName).collect(Collectors.joining(", "));
    }
}
