package io.readstates.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped CI workflow and Kubernetes manifest cannot be run here, so what can be checked is:
 * they parse as YAML, they have the shape their engine needs, and every readstates-gc subcommand and
 * option they name exists — a renamed option fails this test, not a user's nightly run.
 */
class MatrixWorkflowFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern INVOCATION = Pattern.compile("(bin/readstates-gc|\\./run-matrix\\.sh)((?:\\s+(?:\"[^\"]*\"|'[^']*'|[^\\s;|&]+))*)");

    private static JsonNode yaml(String file) throws Exception {
        return new YAMLMapper().readTree(Files.readString(ROOT.resolve(file)));
    }

    /** Every string under the node, depth first. */
    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(child -> out.addAll(strings(child)));
        return out;
    }

    /** Checks each readstates-gc invocation in the texts; returns how many there were. */
    private static int checkInvocations(List<String> texts) {
        CommandLine cli = ReadStatesCli.commandLine();
        int checked = 0;
        for (String text : texts) {
            Matcher m = INVOCATION.matcher(text);
            while (m.find()) {
                List<String> words = List.of(m.group(2).trim().split("\\s+"));
                CommandLine command;
                int next;
                if (m.group(1).endsWith("run-matrix.sh")) {
                    command = cli.getSubcommands().get("matrix");
                    next = 0;
                } else {
                    command = cli.getSubcommands().get(words.get(0));
                    assertThat(command).as("subcommand '" + words.get(0) + "' in: " + text).isNotNull();
                    next = 1;
                    if (next < words.size() && command.getSubcommands().containsKey(words.get(next))) {
                        command = command.getSubcommands().get(words.get(next));
                        next++;
                    }
                }
                for (String w : words.subList(next, words.size())) {
                    if (w.startsWith("--")) {
                        assertThat(command.getCommandSpec().findOption(w)).as("option " + w + " of '" + command.getCommandName() + "' in: " + text)
                                .isNotNull();
                    }
                }
                checked++;
            }
        }
        return checked;
    }

    @Test
    void theGitHubWorkflowShardsTheMatrixAndMergesIt() throws Exception {
        JsonNode w = yaml(".github/workflows/matrix.yml");
        assertThat(w.at("/jobs/shard/strategy/matrix/shard")).hasSize(4);
        assertThat(w.at("/jobs/merge/needs").asText()).isEqualTo("shard");
        List<String> texts = strings(w.at("/jobs"));
        assertThat(texts).anyMatch(t -> t.contains("--shard")).anyMatch(t -> t.contains("report results/shard-*"))
                .anyMatch(t -> t.contains("history add"));
        assertThat(checkInvocations(texts)).as("readstates-gc invocations checked").isGreaterThanOrEqualTo(4);
    }

    @Test
    void theKubernetesJobRunsOneShardPerCompletionIndex() throws Exception {
        JsonNode job = yaml("deploy/kubernetes/matrix-job.yaml");
        assertThat(job.at("/kind").asText()).isEqualTo("Job");
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(job.at("/spec/parallelism").asInt());
        List<String> texts = strings(job.at("/spec/template/spec/containers"));
        assertThat(texts).anyMatch(t -> t.contains("JOB_COMPLETION_INDEX"));
        assertThat(checkInvocations(texts)).isEqualTo(1);
    }
}
