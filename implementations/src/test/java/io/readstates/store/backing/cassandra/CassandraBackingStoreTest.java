package io.readstates.store.backing.cassandra;

import io.readstates.store.ReadState;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.WriteBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real Cassandra 5.0 node that the test starts with {@code bin/cassandra-node.sh} (JDK 17,
 * jars from Maven Central): the backing-store contract, and a cache over Cassandra that loses
 * nothing while the node is stopped and started again mid-run.
 */
class CassandraBackingStoreTest {
    static LocalCassandraNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = new LocalCassandraNode(Files.createTempDirectory("cassandra-test"));
        node.start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void keepsTheNewestVersionReadsPartitionsAndCreatesOnlyWhenAbsent() {
        try (CassandraBackingStore s = new CassandraBackingStore(node.settings("contract"))) {
            s.truncate();
            WriteBatch b = new WriteBatch(4);
            for (int c = 0; c < 120; c++) {
                b.add(7, c, 1000 + c, c % 5, 10);
            }
            b.add(8, 1, 5, 1, 10);
            s.write(b);
            WriteBatch older = new WriteBatch(2);
            older.add(7, 3, 1, 0, 9);
            older.add(8, 1, 0, 0, 0);
            older.add(9, 1, 0, 0, 0);
            s.write(older);
            ReadStateHolder h = new ReadStateHolder();
            assertThat(s.load(7, 3, h)).isTrue();
            assertThat(h.lastMessageId).as("an older version never overwrites").isEqualTo(1003);
            assertThat(s.load(8, 1, h)).isTrue();
            assertThat(h.lastMessageId).as("version 0 only creates").isEqualTo(5);
            assertThat(s.load(9, 1, h)).isTrue();
            assertThat(s.load(9, 2, h)).isFalse();
            List<ReadState> partition = new ArrayList<>();
            assertThat(s.loadPartition(7, (u, c, l, m) -> partition.add(new ReadState(u, c, l, m)))).isEqualTo(120);
            assertThat(partition).contains(new ReadState(7, 42, 1042, 2));
            assertThat(s.size()).isEqualTo(122);
            assertThat(s.describe()).contains("127.0.0.1:" + node.nativePort);
        }
    }

    @Test
    void anUnreachableClusterIsAClearError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CassandraSettings nowhere = CassandraSettings.local(closed);
        assertThatThrownBy(() -> new CassandraBackingStore(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach Cassandra at 127.0.0.1:" + closed)
                .hasMessageContaining("bin/cassandra-node.sh start");
        assertThatThrownBy(() -> CassandraSettings.parseContactPoints("db:port")).hasMessageContaining("host:port");
    }

    @Test
    void nothingAcknowledgedIsLostWhileTheNodeIsStoppedAndStartedAgain() throws Exception {
        Map<String, Integer> mentions = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (CassandraBackingStore backing = new CassandraBackingStore(node.settings("outage"));
             CassandraBackingStore impatient = new CassandraBackingStore(node.settings("outage").withRetryFor(Duration.ofSeconds(1)))) {
            backing.truncate();
            try (ReadStateStore store = StoreKind.OFF_HEAP.create(new StoreConfig(50, Duration.ofMillis(200)), backing)) {
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            long user = i % 13;
                            long channel = (i / 13) % 17;
                            store.mention(user, channel, i);
                            synchronized (mentions) {
                                mentions.merge(user + "/" + channel, 1, Integer::sum);
                            }
                            Thread.sleep(1);
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                Thread.sleep(1_500);
                node.stop();
                WriteBatch lost = new WriteBatch(1);
                lost.add(99, 99, 1, 1, 1);
                assertThatThrownBy(() -> impatient.write(lost)).as("retries end in a clear, permanent failure")
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("permanent failure").hasMessageContaining("after retrying for 1 s");
                node.start();
                Thread.sleep(1_500);
                stop.set(true);
                writer.join();
                assertThat(failure.get()).as("the writer kept going through the outage").isNull();
                store.flush();
            }
            assertThat(backing.retries()).as("requests failed during the outage and were retried").isPositive();
            Map<String, Integer> stored = new HashMap<>();
            backing.forEach((u, c, l, m) -> stored.put(u + "/" + c, m));
            synchronized (mentions) {
                assertThat(stored).isEqualTo(mentions);
            }
        }
    }
}
