package io.readstates.harness.gc;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of this JVM as the JVM's own heap inspection counts them — the
 * {@code GC.class_histogram} diagnostic command ({@code jcmd PID GC.class_histogram}), invoked
 * in-process through the {@code DiagnosticCommand} MBean. The inspection runs at a safepoint after
 * a full collection and counts only reachable objects, so unlike "heap used after
 * {@code System.gc()}" it does not depend on what the collector left as floating garbage (ZGC and
 * Shenandoah collect concurrently and leave some). Under Epsilon nothing is collected and the
 * inspection would count garbage too, so callers skip it there.
 */
public final class ClassHistogram {
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private ClassHistogram() {
    }

    /** Bytes of all live objects on the heap. */
    public static long liveBytes() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return totalBytes(String.valueOf(out));
        } catch (JMException e) {
            throw new IllegalStateException("the JVM's class histogram (GC.class_histogram) is not available: " + e.getMessage(), e);
        }
    }

    /** The {@code Total} line's byte count of a class histogram's text. */
    static long totalBytes(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("the class histogram has no Total line: " + histogram.lines().limit(3).toList());
        }
        return Long.parseLong(m.group(2));
    }
}
