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
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreKind.byName("linked-list"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown store 'linked-list'")
                .hasMessageContaining("object-graph");
    }
}
