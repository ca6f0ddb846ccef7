package io.readstates.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case study's Go and Rust services are held to the JVM stores' reference: the same binary
 * trace, replayed in order by {@code replay} and by each service, must leave the same resident
 * states and the same backing store. The services are built by {@code services/build.sh}, which
 * installs Debian's Go when it is missing; a build that fails fails this test (it never skips).
 */
class ServiceReplayConformanceTest {
    private static final Path SERVICES = Path.of("..", "services").toAbsolutePath().normalize();

    private static String runProcess(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exited 0; output:%n%s", command, out).isZero();
        return out;
    }

    @BeforeAll
    static void buildTheServices() throws Exception {
        runProcess(List.of(SERVICES.resolve("build.sh").toString()));
    }

    private static int cli(String... args) {
        var cl = ReadStatesCli.commandLine();
        cl.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
        return cl.execute(args);
    }

    @Test
    void bothServicesReplayATraceExactlyAsTheJvmStoresDo(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.bin");
        assertThat(cli("trace", "--out", trace.toString(), "--workload", "small", "--capacity", "300", "--operations", "20000", "--seed", "9"))
                .isZero();
        assertThat(cli("replay", "--trace", trace.toString(), "--store", "object-graph", "--capacity", "300",
                "--resident-out", dir.resolve("jvm-resident.csv").toString(), "--backing-out", dir.resolve("jvm-backing.csv").toString())).isZero();
        String resident = Files.readString(dir.resolve("jvm-resident.csv"));
        String backing = Files.readString(dir.resolve("jvm-backing.csv"));
        assertThat(resident.lines().count()).as("a full cache: header and 300 states").isEqualTo(301);
        assertThat(backing.lines().count()).as("evictions and misses reached the backing store").isGreaterThan(500);

        List<List<String>> services = new ArrayList<>();
        services.add(List.of(SERVICES.resolve("bin/go-readstates").toString(), "replay"));
        services.add(List.of(SERVICES.resolve("bin/rust-readstates").toString(), "replay", "--variant", "btree"));
        services.add(List.of(SERVICES.resolve("bin/rust-readstates").toString(), "replay", "--variant", "hash"));
        for (List<String> service : services) {
            String name = Path.of(service.get(0)).getFileName() + (service.size() > 2 ? "-" + service.get(3) : "");
            List<String> command = new ArrayList<>(service);
            command.addAll(List.of("--trace", trace.toString(), "--capacity", "300", "--resident-out", dir.resolve(name + "-resident.csv").toString(),
                    "--backing-out", dir.resolve(name + "-backing.csv").toString()));
            runProcess(command);
            assertThat(Files.readString(dir.resolve(name + "-resident.csv"))).as(name + " resident states").isEqualTo(resident);
            assertThat(Files.readString(dir.resolve(name + "-backing.csv"))).as(name + " backing store").isEqualTo(backing);
        }
    }

    @Test
    void replayWithAServiceAsTheStoreWritesTheSameFilesAsTheJvmStores(@TempDir Path dir) throws Exception {
        System.setProperty(io.readstates.harness.service.ServiceKind.HOME_PROPERTY, SERVICES.toString());
        Path csv = dir.resolve("t.csv");
        assertThat(cli("trace", "--out", csv.toString(), "--workload", "small", "--capacity", "200", "--operations", "5000", "--seed", "3")).isZero();
        assertThat(cli("replay", "--trace", csv.toString(), "--store", "primitive-arrays", "--capacity", "200",
                "--resident-out", dir.resolve("jvm-r.csv").toString(), "--backing-out", dir.resolve("jvm-b.csv").toString())).isZero();
        for (String store : new String[] {"go-lru", "rust-btree", "rust-hash"}) {
            assertThat(cli("replay", "--trace", csv.toString(), "--store", store, "--capacity", "200",
                    "--resident-out", dir.resolve(store + "-r.csv").toString(), "--backing-out", dir.resolve(store + "-b.csv").toString()))
                    .as(store + ", from a CSV trace converted on the way").isZero();
            assertThat(Files.readString(dir.resolve(store + "-r.csv"))).as(store).isEqualTo(Files.readString(dir.resolve("jvm-r.csv")));
            assertThat(Files.readString(dir.resolve(store + "-b.csv"))).as(store).isEqualTo(Files.readString(dir.resolve("jvm-b.csv")));
        }
    }

    @Test
    void aServiceRefusesAnythingButABinaryTrace(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "op,user,channel,message_id\nack,1,2,3\n");
        for (String service : new String[] {"go-readstates", "rust-readstates"}) {
            Process p = new ProcessBuilder(SERVICES.resolve("bin").resolve(service).toString(), "replay", "--trace", csv.toString(), "--capacity", "10",
                    "--resident-out", dir.resolve("r.csv").toString(), "--backing-out", dir.resolve("b.csv").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(service).isEqualTo(2);
            assertThat(out).as(service).contains("not a binary readstates-gc trace").contains("--format bin");
        }
    }
}
