package io.readstates.results;

/** Percentiles of one HdrHistogram, in milliseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double p9999, double max, double mean) {
}
