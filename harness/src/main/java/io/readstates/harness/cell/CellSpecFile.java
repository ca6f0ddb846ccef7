package io.readstates.harness.cell;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.readstates.harness.driver.WaitStrategy;
import io.readstates.results.AtomicFiles;
import io.readstates.results.ResultFiles;
import io.readstates.results.UnusableInput;
import io.readstates.store.StoreType;
import io.readstates.store.backing.DelayDistribution;
import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code cell-spec.json}: a {@link CellSpec} as a file, the way the matrix hands a cell to its JVM.
 * Every value is written in the words a user types ({@code off-heap}, {@code lognormal:median=300us,p99=3ms},
 * {@code PT45S}), so the file reads as what was asked; reading it back gives an equal record, and
 * an unreadable or invalid one is one clear error naming the file.
 */
public final class CellSpecFile {
    public static final String FILE = ResultFiles.CELL_SPEC;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(namedValues())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CellSpecFile() {
    }

    /** Writes the spec atomically into {@code cellDir} and returns the file. */
    public static Path write(Path cellDir, CellSpec spec) {
        Path file = cellDir.resolve(FILE);
        AtomicFiles.write(file, tmp -> MAPPER.writeValue(tmp.toFile(), spec));
        return file;
    }

    /** The spec as the file would hold it, for {@code --dry-run}. */
    public static String toJson(CellSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the cell spec of " + spec.id() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Any part of a spec on one line, as the file writes it: how {@code run.json} records the plan's settings. */
    public static String oneLine(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON: " + e.getMessage(), e);
        }
    }

    public static CellSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UnusableInput("no cell spec at " + file + "; the matrix writes one per cell as " + FILE);
        }
        try {
            return MAPPER.readValue(file.toFile(), CellSpec.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new UnusableInput("cannot read " + file + " as a cell spec: " + firstLine(cause.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * Stores, layouts and latency models by the names users type; contact points as {@code host:port},
     * never resolved on reading (a cell looks a host up only when it connects).
     */
    private static SimpleModule namedValues() {
        SimpleModule m = new SimpleModule("readstates-names");
        named(m, StoreType.class, StoreType::cliName, StoreTypes::byName);
        named(m, StoreKind.class, StoreKind::cliName, StoreTypes::layoutByName);
        named(m, WaitStrategy.class, WaitStrategy::cliName, WaitStrategy::byName);
        named(m, BackingSpec.Kind.class, BackingSpec.Kind::cliName, BackingSpec.Kind::byName);
        named(m, DelayDistribution.class, DelayDistribution::toString, DelayDistribution::parse);
        named(m, Path.class, Path::toString, Path::of);
        named(m, InetSocketAddress.class, a -> a.getHostString() + ":" + a.getPort(), CellSpecFile::unresolved);
        return m;
    }

    private static InetSocketAddress unresolved(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a contact point is host:port, got '" + text + "'");
        }
        return InetSocketAddress.createUnresolved(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    private static <T> void named(SimpleModule m, Class<T> type, Function<T, String> name, Function<String, T> byName) {
        m.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(name.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return byName.apply(text);
                } catch (IllegalArgumentException e) {
                    return ctxt.reportInputMismatch(type, "%s", e.getMessage());
                }
            }
        });
    }
}
