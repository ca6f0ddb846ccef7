package io.readstates.workload.trace;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The CSV trace format, for small and hand-made traces: a header, one operation per line, {@code #} comment lines allowed.
 *
 * <pre>
 * op,user,channel,message_id,at_ns
 * ack,1234,5678,987654321,0
 * mention,1234,5678,987654400,5000
 * ready,1234,0,0,10000
 * </pre>
 *
 * {@code op} is {@code ack}, {@code mention}, {@code get} or {@code ready}; IDs are signed 64-bit
 * decimals; {@code channel} and {@code message_id} are ignored where an operation has none (write 0);
 * {@code at_ns} (optional, nanoseconds from the trace's start) is the recorded timing, non-decreasing.
 */
public final class CsvTraceFormat {
    static final String[] COLUMNS = {"op", "user", "channel", "message_id", "at_ns"};

    private CsvTraceFormat() {
    }

    /** One line of a trace, as Jackson reads and writes it. */
    public record Line(String op, long user, long channel, long message_id, Long at_ns) {
    }

    static CsvMapper mapper() {
        return CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
    }

    /** Rows as arrays of text, the header included, comments skipped: the reader checks columns and values itself. */
    static CsvSchema rawSchema() {
        return CsvSchema.emptySchema().withComments();
    }

    static CsvSchema schema() {
        return CsvSchema.builder()
                .addColumn("op").addNumberColumn("user").addNumberColumn("channel").addNumberColumn("message_id").addNumberColumn("at_ns")
                .setUseHeader(true).setAllowComments(true).build();
    }
}
