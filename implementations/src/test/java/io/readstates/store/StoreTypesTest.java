package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import io.readstates.store.backing.HeapBackingStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTypesTest {
    @Test
    void aUserSuppliedStoreIsFoundByNameLikeTheBuiltIns() {
        StoreType t = StoreTypes.byName("test-user-store");
        assertThat(t).isInstanceOf(UserSuppliedStoreType.class);
        assertThat(StoreTypes.byName("off-heap")).isSameAs(StoreKind.OFF_HEAP);
        try (ReadStateStore s = t.create(StoreConfig.of(10), new HeapBackingStore())) {
            s.mention(1, 2, 3);
            ReadStateHolder h = new ReadStateHolder();
            s.get(1, 2, h);
            assertThat(h.mentionCount).isEqualTo(1);
        }
    }

    @Test
    void theErrorForAnUnknownNameListsUserSuppliedStoresToo() {
        assertThatThrownBy(() -> StoreTypes.byName("nope"))
                .hasMessageContaining("unknown store 'nope'").hasMessageContaining("test-user-store").hasMessageContaining("caffeine");
    }
}
