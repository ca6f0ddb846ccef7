package io.readstates.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Times as people read them: the unit chosen by magnitude (ns, µs, ms, s) and three significant
 * digits — {@code 742 ns}, {@code 358 µs}, {@code 2.36 ms}, {@code 12.3 s} — instead of
 * {@code 0.000742} ms. Machine-readable outputs ({@code cells.csv}, {@code cell.json}) keep plain
 * milliseconds.
 */
public final class TimeFormat {
    private TimeFormat() {
    }

    /** {@code millis} as text with its unit; NaN is "—". */
    public static String ofMillis(double millis) {
        if (Double.isNaN(millis)) {
            return "—";
        }
        if (millis == 0) {
            return "0";
        }
        double abs = Math.abs(millis);
        if (abs < 1e-3) {
            return significant(millis * 1e6) + " ns";
        }
        if (abs < 1) {
            return significant(millis * 1e3) + " µs";
        }
        if (abs < 1000) {
            return significant(millis) + " ms";
        }
        return significant(millis / 1000) + " s";
    }

    /** Three significant digits, no exponent, no trailing zeros ({@code 1.20} → {@code 1.2}, {@code 412.4} → {@code 412}). */
    public static String significant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%s", v == 0 ? "0" : Double.toString(v));
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
