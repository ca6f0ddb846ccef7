package main

import (
	"testing"
	"time"
)

// Recording an operation is on the driver's timed path: it must allocate nothing (the collector
// being measured would otherwise be fed by the measurement itself).
func TestRecordingAnOperationAllocatesNothing(t *testing.T) {
	rec := newRecorders()
	allocs := testing.AllocsPerRun(10_000, func() {
		rec.operation(opAck, 1_500, 900, 20)
	})
	if allocs != 0 {
		t.Fatalf("recording an operation allocated %.1f times per call; want 0", allocs)
	}
}

func TestValuesLandInHdrHistogramsCountsLayout(t *testing.T) {
	h := newHistogram()
	if len(h.counts) != 31*1024 {
		t.Fatalf("counts length %d; HdrHistogram's for 1 ns - 10 min at 3 digits is %d", len(h.counts), 31*1024)
	}
	for v, want := range map[int64]int{1: 1, 2047: 2047, 2048: 2048, 4095: 3071, 4096: 3072} {
		if got := h.index(v); got != want {
			t.Errorf("index(%d) = %d; want %d", v, got, want)
		}
	}
}

// BenchmarkRecording is what the JVM's DriverBenchmark.recordOneOperation measures: recording the
// already-taken times (response, service, and here also start lag) into the interval histograms.
func BenchmarkRecording(b *testing.B) {
	rec := newRecorders()
	b.ReportAllocs()
	v := int64(1234)
	for i := 0; i < b.N; i++ {
		v = (v*31 + 7) & 0xFFFFF
		rec.operation(byte(i&3), v+1000, v, 10)
	}
}

// BenchmarkClockRead is one read of the driver's clock (time.Since a fixed epoch, Go's monotonic clock).
func BenchmarkClockRead(b *testing.B) {
	epoch := time.Now()
	var sum int64
	for i := 0; i < b.N; i++ {
		sum += int64(time.Since(epoch))
	}
	if sum == 42 {
		b.Log(sum)
	}
}

// BenchmarkRecordingPath is everything the driver adds to an operation: two clock reads and the
// recording of response time, service time and start lag (go test -bench RecordingPath).
func BenchmarkRecordingPath(b *testing.B) {
	rec := newRecorders()
	epoch := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		start := int64(time.Since(epoch))
		end := int64(time.Since(epoch))
		rec.operation(byte(i&3), end-start+1000, end-start, 10)
	}
}
