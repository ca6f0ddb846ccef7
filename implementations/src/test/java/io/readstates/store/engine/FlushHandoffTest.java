package io.readstates.store.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlushHandoffTest {

    @Test
    void writtenBatchesComeBackOldestFirstAndNoneWaitsOnceEachIsRemoved() {
        FlushHandoff handoff = new FlushHandoff(2, 4);
        FlushHandoff.Batch first = handoff.takeFree();
        FlushHandoff.Batch second = handoff.takeFree();
        assertThat(handoff.takeFree()).as("a pool of two").isNull();
        assertThat(handoff.peekWritten()).isNull();

        handoff.publishWritten(first);
        handoff.publishWritten(second);
        assertThat(handoff.peekWritten()).isSameAs(first);
        handoff.removeWritten();
        handoff.recycle(first);
        assertThat(handoff.peekWritten()).isSameAs(second);
        handoff.removeWritten();
        handoff.recycle(second);

        assertThat(handoff.peekWritten()).isNull();
        handoff.removeWritten();
        assertThat(handoff.peekWritten()).as("removing from an empty queue leaves the count at zero").isNull();
        handoff.publishWritten(handoff.takeFree());
        assertThat(handoff.peekWritten()).isNotNull();
    }

    @Test
    void aBatchPublishedByAnotherThreadIsSeenByTheNextPeek() throws InterruptedException {
        FlushHandoff handoff = new FlushHandoff(1, 4);
        FlushHandoff.Batch batch = handoff.takeFree();
        Thread writer = new Thread(() -> handoff.publishWritten(batch));
        writer.start();
        writer.join();
        assertThat(handoff.peekWritten()).isSameAs(batch);
    }
}
