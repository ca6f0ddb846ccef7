/**
 * Latency recording: why two clocks, and why interval histograms.
 *
 * <p><b>Two clocks.</b> The open-loop driver knows when each operation was <em>supposed</em> to
 * start (its slot in the schedule) and when it <em>did</em> start. Response time runs from the
 * intended start to completion and is what a client of the service experiences; service time runs
 * from the actual start and is what a closed-loop benchmark would report. They differ exactly when
 * something — a GC pause, a descheduled thread, a slow miss — holds up the operations behind it.
 *
 * <p>A worked example: at 10,000 operations per second, one 50 ms stall. The operation that stalls
 * has a 50 ms service time and a 50 ms response time. The 500 operations that were due during the
 * stall each have a service time of microseconds — they ran fast once they ran — but response times
 * from 49.9 ms down to 0.1 ms. Service time says one operation in 20,000 was slow (p99 under 1 ms);
 * response time says 2.5 % were, and p99 is about 30 ms. {@code CoordinatedOmissionTest} runs this
 * example; {@code docs/coordinated-omission.md} explains it at length.
 *
 * <p><b>Interval histograms.</b> A collector's cost is periodic (the case study's two-minute
 * sawtooth), so a run's percentiles alone hide its shape. {@link io.readstates.harness.latency.IntervalLog}
 * writes one histogram per tag per interval into an HdrHistogram log; reports draw the timeline from
 * it and any HdrHistogram tool can re-analyse it.
 *
 * <p><b>The control.</b> {@link io.readstates.harness.latency.HiccupMeter} records how late a thread
 * that only sleeps wakes up — the platform's own stalls, logged beside the store's latencies.
 */
package io.readstates.harness.latency;
