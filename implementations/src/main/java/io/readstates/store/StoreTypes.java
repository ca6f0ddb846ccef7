package io.readstates.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds store types by name: built-ins first, then those registered through {@link ServiceLoader}. */
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

    public static StoreType byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (StoreType t : all()) {
            if (t.cliName().equals(wanted) || (t instanceof StoreKind k && k.name().equalsIgnoreCase(wanted))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown store '" + name + "'; known stores: " + names());
    }

    public static String names() {
        return all().stream().map(StoreType::cliName).collect(Collectors.joining(", "));
    }
}
