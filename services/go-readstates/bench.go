package main

import (
	"encoding/binary"
	"fmt"
	"time"
)

// The measurement's own cost, for the README's promise that measuring a service costs no more than
// the JVM driver does: the recording path (what the driver adds to an operation) and the open-loop
// driver itself against a store that does nothing (bench-driver). The JVM's counterparts are the JMH
// DriverBenchmark's recordOneOperation and noOpStoreAtOneMillionOpsPerSecond.

// syntheticTrace is a timed trace in memory: n gets, one every intervalNs.
func syntheticTrace(n int, intervalNs int64) *trace {
	data := make([]byte, traceHeaderBytes+n*traceRecordBytes)
	copy(data, "RSTRACE1")
	binary.LittleEndian.PutUint32(data[8:], 1)
	binary.LittleEndian.PutUint32(data[12:], traceRecordBytes)
	binary.LittleEndian.PutUint64(data[16:], uint64(n))
	binary.LittleEndian.PutUint32(data[24:], 1)
	for i := 0; i < n; i++ {
		r := data[traceHeaderBytes+i*traceRecordBytes:]
		binary.LittleEndian.PutUint64(r, uint64(int64(i)*intervalNs))
		binary.LittleEndian.PutUint64(r[8:], uint64(i%1000))
		binary.LittleEndian.PutUint64(r[16:], uint64(i))
		r[32] = opGet
	}
	return &trace{data: data, len: n, timed: true}
}

// benchDriver replays --operations gets at --rate per second against no store at all, recording
// every operation as a measured run does, and prints the rate achieved and the largest start lag.
func benchDriver(a args) error {
	rate, err := a.number("rate", 1_000_000)
	if err != nil {
		return err
	}
	n, err := a.number("operations", 5_000_000)
	if err != nil {
		return err
	}
	if rate < 1 || n < 1 {
		return fmt.Errorf("--rate and --operations must be at least 1 (got %d and %d)", rate, n)
	}
	d := &driver{t: syntheticTrace(int(n), int64(time.Second)/rate), epoch: time.Now()}
	rec := newRecorders()
	began := time.Now()
	done, maxLag := d.replay(0, int(n), rec, 0)
	elapsed := time.Since(began).Seconds()
	fmt.Printf("driver, no-op store: %d operations scheduled at %d/s, %.0f/s achieved, max start lag %.3f ms\n",
		done, rate, float64(done)/elapsed, float64(maxLag)/1e6)
	return nil
}
