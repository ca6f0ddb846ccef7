package io.readstates.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreKindTest {
    @Test
    void findsStoresByTheirCliName() {
        for (StoreKind k : StoreKind.values()) {
            assertThat(StoreKind.byName(k.cliName())).isSameAs(k);
        }
    }

    @Test
    void anOffHeapSizeTheMachineCannotHoldFailsAtConstruction() {
        assertThatThrownBy(() -> new io.readstates.store.backing.OffHeapBackingStore(1_000_000_000L / 2 + 100_000_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GiB of native memory").hasMessageContaining("use a smaller capacity");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreKind.byName("linked-list"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown store 'linked-list'")
                .hasMessageContaining("object-graph");
    }
}
