package io.readstates.report.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A finite number: "NaN" and "Infinity" parse as doubles, and either would silently switch off a comparison that uses it. */
final class FiniteDoubleConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number; use e.g. 0.5 or 2");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException("'" + value + "' is not a finite number; use e.g. 0.5 or 2");
        }
        return v;
    }
}
