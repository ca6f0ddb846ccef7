package io.readstates.harness.matrix;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a cell's JVM ended without a result, read from its exit status and console log: the status
 * ({@code out-of-memory} or {@code failed}) and one line naming the cause — the
 * {@code OutOfMemoryError} and its kind, the JVM's own start-up error, the innermost
 * {@code Caused by:} of an exception, the CLI's one-line {@code error:}, or the signal that killed
 * it. A cell's last log lines are usually stack frames, which say where, not why.
 */
public record CellFailureCause(String status, String reason) {
    private static final Pattern OOM = Pattern.compile("java\\.lang\\.OutOfMemoryError(?::\\s*(.*))?");
    private static final Pattern CAUSED_BY = Pattern.compile("^Caused by: (.+)$", Pattern.MULTILINE);
    private static final Pattern EXCEPTION = Pattern.compile("^(?:Exception in thread \"[^\"]*\" )?((?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::.*)?)$",
            Pattern.MULTILINE);
    private static final Pattern CLI_ERROR = Pattern.compile("^(?:internal )?error: (.+)$", Pattern.MULTILINE);
    private static final List<String> NATIVE_OOM = List.of("There is insufficient memory for the Java Runtime Environment",
            "Native memory allocation (mmap) failed", "Native memory allocation (malloc) failed");
    private static final List<String> SIGNALS = List.of("", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM");

    public static CellFailureCause of(int exitStatus, String log) {
        String text = log == null ? "" : log;
        String exit = "exit status " + exitStatus + describeStatus(exitStatus);
        Matcher oom = OOM.matcher(text);
        if (oom.find()) {
            String kind = oom.group(1) == null || oom.group(1).isBlank() ? "" : ": " + oom.group(1).strip();
            return new CellFailureCause("out-of-memory", "java.lang.OutOfMemoryError" + kind + " (" + exit + ")");
        }
        for (String marker : NATIVE_OOM) {
            if (text.contains(marker)) {
                return new CellFailureCause("out-of-memory", "the JVM could not get native memory: " + marker + " (" + exit + "; see hs_err in cell.log)");
            }
        }
        Optional<String> vmInit = lineAfter(text, "Error occurred during initialization of VM");
        if (vmInit.isPresent()) {
            return new CellFailureCause("failed", "the JVM did not start: " + vmInit.get() + " (" + exit + ")");
        }
        Optional<String> cause = last(CAUSED_BY.matcher(text)).or(() -> first(EXCEPTION.matcher(text))).or(() -> first(CLI_ERROR.matcher(text)));
        if (cause.isPresent()) {
            return new CellFailureCause("failed", cause.get().strip() + " (" + exit + ")");
        }
        if (exitStatus > 128 && exitStatus <= 128 + 64) {
            return new CellFailureCause("failed", "killed by " + signal(exitStatus - 128)
                    + " before it wrote a result (SIGKILL with nothing in the log is most often the kernel's out-of-memory killer: see dmesg)");
        }
        String lastLine = text.strip().lines().reduce((a, b) -> b).orElse("");
        return new CellFailureCause("failed", exit + (lastLine.isEmpty() ? "; the log is empty" : "; last log line: " + lastLine));
    }

    private static String describeStatus(int status) {
        return status > 128 && status - 128 < SIGNALS.size() ? " (" + SIGNALS.get(status - 128) + ")" : "";
    }

    private static String signal(int n) {
        return n < SIGNALS.size() ? "signal " + n + " (" + SIGNALS.get(n) + ")" : "signal " + n;
    }

    private static Optional<String> lineAfter(String text, String marker) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).contains(marker)) {
                return Optional.of(lines.get(i + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(Matcher m) {
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> last(Matcher m) {
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }
}
