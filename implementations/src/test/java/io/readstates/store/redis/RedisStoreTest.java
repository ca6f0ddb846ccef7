package io.readstates.store.redis;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.backing.HeapBackingStore;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What only the Redis store has: a server to reach, keys of its own, 64-bit IDs through Lua's doubles. */
class RedisStoreTest {

    @Test
    void anUnreachableServerIsAClearErrorNotAHang() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RedisServer.Endpoint nowhere = new RedisServer.Endpoint("127.0.0.1", closedPort);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> new RedisStore(nowhere, 10, new HeapBackingStore(), Duration.ZERO))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Redis at 127.0.0.1:" + closedPort + " is unavailable")
                        .hasMessageContaining(RedisServer.ENDPOINT_VARIABLE));
    }

    @Test
    void snowflakeSizedIdsSurviveLuaWhoseNumbersAreDoubles() {
        long user = 1_234_567_890_123_456_789L;
        long channel = 987_654_321_987_654_321L;
        long message = Long.MAX_VALUE - 1;
        try (RedisStore s = new RedisStore(10, new HeapBackingStore(), Duration.ZERO)) {
            s.ack(user, channel, message - 1);
            s.ack(user, channel, message);
            s.ack(user, channel, message - 2);
            s.mention(user, channel, message + 1);
            ReadStateHolder h = new ReadStateHolder();
            s.get(user, channel, h);
            assertThat(h.lastMessageId).isEqualTo(message);
            assertThat(h.mentionCount).isEqualTo(1);
            assertThatThrownBy(() -> s.ack(user, channel, -5)).hasMessageContaining("must be >= 0");
        }
    }

    @Test
    void aStoreRemovesItsKeysWhenClosed() {
        RedisServer.Endpoint endpoint = RedisServer.endpoint();
        try (Jedis j = new Jedis(endpoint.host(), endpoint.port())) {
            long before = j.dbSize();
            try (RedisStore s = new RedisStore(endpoint, 100, new HeapBackingStore(), Duration.ofMillis(50))) {
                for (int c = 0; c < 200; c++) {
                    s.mention(1, c, 1);
                }
                assertThat(j.dbSize()).isGreaterThan(before);
                assertThat(s.offHeapBytes()).isPositive();
            }
            assertThat(j.dbSize()).isEqualTo(before);
        }
    }
}
