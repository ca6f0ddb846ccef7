package io.readstates.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriterThatFailsLeavesTheEarlierFileWholeAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("report.html");
        AtomicFiles.writeString(target, "earlier");
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("report.html").hasMessageContaining("disk full");
        assertThat(Files.readString(target)).isEqualTo("earlier");
        assertThat(names(dir)).containsExactly("report.html");
    }

    @Test
    void concurrentWritersUseTheirOwnTemporaryFiles(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("cell.json");
        var temporaries = ConcurrentHashMap.<Path>newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String text = "writer " + i;
            Thread t = new Thread(() -> AtomicFiles.write(target, tmp -> {
                temporaries.add(tmp);
                Files.writeString(tmp, text);
            }));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(temporaries).hasSize(4);
        assertThat(Files.readString(target)).startsWith("writer ");
        assertThat(names(dir)).containsExactly("cell.json");
    }

    @Test
    void anExtensionTheWriterInsistsOnIsKept(@TempDir Path dir) {
        List<Path> seen = new ArrayList<>();
        AtomicFiles.write(dir.resolve("chart.png"), ".png", tmp -> {
            seen.add(tmp);
            Files.writeString(tmp, "png");
        });
        assertThat(seen.get(0).getFileName().toString()).endsWith(".png");
        assertThat(dir.resolve("chart.png")).hasContent("png");
    }
}
