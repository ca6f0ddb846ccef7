package io.readstates.store.backing.cassandra;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing the contact points asks no name server: every command parses them, only a Cassandra cell connects. */
class CassandraSettingsTest {
    @Test
    void contactPointsStayUnresolvedUntilASessionNeedsThem() {
        List<InetSocketAddress> parsed = CassandraSettings.parseContactPoints("localhost:9142,cassandra-1.example.invalid");
        assertThat(parsed).allMatch(InetSocketAddress::isUnresolved);
        assertThat(parsed).extracting(InetSocketAddress::getHostString).containsExactly("localhost", "cassandra-1.example.invalid");
        assertThat(parsed).extracting(InetSocketAddress::getPort).containsExactly(9142, 9042);

        CassandraSettings s = new CassandraSettings(List.of(parsed.get(0)), "dc", "ks", 1, "ONE", 1, java.time.Duration.ofSeconds(1));
        assertThat(s.resolvedContactPoints()).singleElement().satisfies(a -> assertThat(a.isUnresolved()).isFalse());
    }

    @Test
    void aMalformedContactPointIsExplained() {
        assertThatThrownBy(() -> CassandraSettings.parseContactPoints("host:port")).hasMessageContaining("use host:port, e.g. 127.0.0.1:9042");
    }
}
