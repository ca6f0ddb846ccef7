package io.readstates.benchmarks;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.OffHeapBackingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Single-threaded cost of each store's operations, on resident states (every access hits) and on
 * misses (the key space is twice the capacity and is walked as a cycle, the worst case of LRU: every
 * access misses, loads from the off-heap backing store and evicts; a scan-resistant policy such as
 * Caffeine's keeps some hits). Keys are pre-generated
 * and the access order is a fixed pseudo-random permutation, so the timed path computes nothing
 * but the operation (the {@code GetPutBenchmark} pattern of Caffeine's benchmarks). Run with
 * {@code -prof gc} for allocation per operation.
 *
 * <p>The stores are the {@link StoreKind} constants — the same list the tests and the matrix use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms8g", "-Xmx8g", "-XX:+UseG1GC",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Dchronicle.analytics.disable=true"})
public class StoreBenchmark {
    private static final int ORDER = 1 << 20;

    @Param({"OBJECT_GRAPH", "PRIMITIVE_ARRAYS", "OFF_HEAP", "B_TREE", "CHRONICLE_MAP", "CAFFEINE", "SHARDED", "REDIS"})
    StoreKind store;

    @Param({"1000000"})
    int states;

    @Param({"resident", "miss"})
    String access;

    private OffHeapBackingStore backing;
    private ReadStateStore cache;
    private long[] users;
    private long[] channels;
    private int[] order;
    private int next;
    private boolean miss;
    private int cursor;
    private final ReadStateHolder holder = new ReadStateHolder();

    @Setup(Level.Trial)
    public void setUp() {
        int keys = access.equals("miss") ? states * 2 : states;
        users = new long[keys];
        channels = new long[keys];
        for (int i = 0; i < keys; i++) {
            users[i] = 1_000_000_000_000L + i / 20;
            channels[i] = 2_000_000_000_000L + i;
        }
        order = new int[ORDER];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < ORDER; i++) {
            order[i] = rnd.nextInt(keys);
        }
        miss = access.equals("miss");
        cursor = states;
        backing = new OffHeapBackingStore(keys + 1024L);
        cache = store.create(new StoreConfig(states, Duration.ofSeconds(30)), backing);
        for (int i = 0; i < states; i++) {
            cache.get(users[i], channels[i], holder);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        backing.close();
    }

    private int nextKey() {
        if (miss) {
            int k = cursor;
            cursor = cursor + 1 == users.length ? 0 : cursor + 1;
            return k;
        }
        int k = order[next];
        next = (next + 1) & (ORDER - 1);
        return k;
    }

    @Benchmark
    public int get() {
        int k = nextKey();
        cache.get(users[k], channels[k], holder);
        return holder.mentionCount;
    }

    @Benchmark
    public void ack() {
        int k = nextKey();
        cache.ack(users[k], channels[k], next);
    }

    @Benchmark
    public void mention() {
        int k = nextKey();
        cache.mention(users[k], channels[k], next);
    }
}
