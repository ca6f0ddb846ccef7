package io.readstates.app;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --profile case-study}: six matrices the planner accepts, one per group of Discord's attempts, and nothing else taken. */
class CaseStudyProfileTest {
    private static final Pattern ESTIMATE = Pattern.compile("estimated time: (\\d+) min (\\d+) s");

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            var cl = ReadStatesCli.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int status = cl.execute(args);
            return new Outcome(status, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"case-study", "case-study-quick"})
    void everyPartIsAPlanTheMatrixAcceptsAndTheWholeFitsTheTimeTheReadmeStates(String profile, @TempDir Path dir) {
        Outcome o = run("matrix", "--profile", profile, "--dry-run", "--out", dir.resolve("run").toString());

        assertThat(o.status()).as(o.out()).isZero();
        for (String part : List.of("rewrite", "knobs-ballast", "smaller-lrus", "runtime", "external-cache", "cache-size")) {
            assertThat(o.out()).contains("== part '" + part + "'").contains(dir.resolve("run").resolve(part).toString());
        }
        assertThat(o.out()).contains("rust-btree", "go-lru", "sharded", "redis", "-XX:SoftMaxHeapSize=", "-XX:InitiatingHeapOccupancyPercent=20");
        assertThat(o.out()).as("the runtime part runs on two JDKs").containsPattern("__jdk17").containsPattern("__jdk25");
        long seconds = 0;
        int plans = 0;
        for (Matcher m = ESTIMATE.matcher(o.out()); m.find(); plans++) {
            seconds += Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
        }
        assertThat(plans).isEqualTo(6);
        assertThat(seconds / 60).as("the planner's estimate against README's '~1 h 45 min' / '~15 min'")
                .isBetween(profile.equals("case-study") ? 75L : 5L, profile.equals("case-study") ? 120L : 20L);
        assertThat(dir.resolve("run")).as("a dry run makes no directory").doesNotExist();
    }

    @Test
    void anOptionOfAPartIsRefusedWithWhatTheProfileTakes() {
        Outcome o = run("matrix", "--profile", "case-study-quick", "--dry-run", "--stores", "off-heap", "--rate", "5k");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--profile case-study-quick runs fixed parts", "--stores, --rate cannot be given with it",
                "takes only --dry-run, --history, --no-report, --out, --profile, --retry-failed");
    }
}
