package io.readstates.store.backing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DelayDistributionTest {

    private static long[] samples(DelayDistribution d, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = d.sampleNanos();
        }
        Arrays.sort(s);
        return s;
    }

    @Test
    void aLognormalHitsTheMedianAndP99ItWasGiven() {
        long[] s = samples(DelayDistribution.parse("lognormal:median=500us,p99=5ms"), 400_000);
        assertThat((double) s[s.length / 2]).isCloseTo(500_000, within(15_000.0));
        assertThat((double) s[(int) (s.length * 0.99)]).isCloseTo(5_000_000, within(250_000.0));
    }

    @Test
    void uniformStaysWithinItsBoundsAndFixedIsFixed() {
        long[] s = samples(DelayDistribution.parse("uniform:1ms..3ms"), 10_000);
        assertThat(s[0]).isGreaterThanOrEqualTo(1_000_000);
        assertThat(s[s.length - 1]).isLessThanOrEqualTo(3_000_000);
        assertThat((double) s[s.length / 2]).isCloseTo(2_000_000, within(100_000.0));
        assertThat(DelayDistribution.parse("fixed:250us").sampleNanos()).isEqualTo(250_000);
        assertThat(DelayDistribution.parse("none").isNone()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "fixed:2", "fixed:2 weeks", "uniform:3ms..1ms", "lognormal:median=5ms,p99=1ms", "lognormal:p99=1ms"})
    void badSpecsSayWhatWouldBeRight(String spec) {
        assertThatThrownBy(() -> DelayDistribution.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(spec);
    }

    @Test
    void distributionsThatSampleAlikeAreEqualHoweverTheyWereWritten() {
        org.assertj.core.api.Assertions.assertThat(DelayDistribution.parse("fixed:1ms")).isEqualTo(DelayDistribution.parse("fixed:1000us"))
                .hasSameHashCodeAs(DelayDistribution.parse("fixed:1000us")).isNotEqualTo(DelayDistribution.parse("fixed:2ms"));
    }
}
