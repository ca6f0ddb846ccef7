package main

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"os"
	"time"
)

// intervalLog writes HdrHistogram's interval log, format 1.3, as HistogramLogWriter does: a
// comment, the version, the start time, the legend, then one line per tag per interval with the
// interval's start relative to the start time, its length and maximum (in milliseconds) and the
// compressed histogram in base64. The report and HistogramLogAnalyzer read it like a JVM cell's.
type intervalLog struct {
	f     *os.File
	w     *bufio.Writer
	start time.Time
	enc   encoder
	text  []byte
}

func newIntervalLog(path, comment string, start time.Time) (*intervalLog, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, err)
	}
	w := bufio.NewWriter(f)
	secs := float64(start.UnixNano()) / 1e9
	fmt.Fprintf(w, "#%s\n", comment)
	fmt.Fprintf(w, "#[Histogram log format version 1.3]\n")
	fmt.Fprintf(w, "#[StartTime: %.3f (seconds since epoch), %s]\n", secs, start.UTC().Format("Mon Jan 02 15:04:05 MST 2006"))
	fmt.Fprintf(w, "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n")
	return &intervalLog{f: f, w: w, start: start}, nil
}

func (l *intervalLog) write(tag string, from, to time.Time, h *histogram) {
	encoded := l.enc.encodeCompressed(h)
	n := base64.StdEncoding.EncodedLen(len(encoded))
	if cap(l.text) < n {
		l.text = make([]byte, n)
	}
	l.text = l.text[:n]
	base64.StdEncoding.Encode(l.text, encoded)
	fmt.Fprintf(l.w, "Tag=%s,%.3f,%.3f,%.3f,", tag, from.Sub(l.start).Seconds(), to.Sub(from).Seconds(), float64(h.max)/1e6)
	l.w.Write(l.text)
	l.w.WriteByte('\n')
}

func (l *intervalLog) close() error {
	if err := l.w.Flush(); err != nil {
		return err
	}
	return l.f.Close()
}
