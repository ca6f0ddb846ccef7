package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreKindTest {
    @Test
    void findsStoresByTheirCliName() {
        for (StoreKind k : StoreKind.values()) {
            assertThat(StoreTypes.byName(k.cliName())).isSameAs(k);
        }
    }

    @Test
    void theShardedStoreIsNoShardLayoutAndItsSettingsAreChecked() {
        assertThat(StoreTypes.layoutByName("off-heap")).isSameAs(StoreKind.OFF_HEAP);
        assertThatThrownBy(() -> StoreTypes.layoutByName("sharded")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be a shard layout").hasMessageContaining("object-graph");
        assertThatThrownBy(() -> new io.readstates.store.sharded.ShardedStore.Type(4097, StoreKind.OBJECT_GRAPH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 4096");
        assertThat(StoreTypes.withShards(StoreKind.SHARDED, 3, StoreKind.B_TREE))
                .isEqualTo(new io.readstates.store.sharded.ShardedStore.Type(3, StoreKind.B_TREE));
        assertThat(StoreTypes.withShards(StoreKind.CAFFEINE, 3, StoreKind.B_TREE)).isSameAs(StoreKind.CAFFEINE);
    }

    @Test
    void anOffHeapSizeTheMachineCannotHoldFailsAtConstruction() {
        assertThatThrownBy(() -> new io.readstates.store.backing.OffHeapBackingStore(1_000_000_000L / 2 + 100_000_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GiB of native memory").hasMessageContaining("use a smaller capacity");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreTypes.byName("linked-list"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown store 'linked-list'")
                .hasMessageContaining("object-graph");
    }
}
