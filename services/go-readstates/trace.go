package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
)

// The binary trace format of readstates-gc (docs/trace-format.md): a 32-byte header, then one
// 40-byte little-endian record per operation. The file is mapped, not read onto the heap: the
// collector being measured never scans it, and nothing is parsed per operation.
const (
	traceHeaderBytes = 32
	traceRecordBytes = 40
)

const (
	opAck = iota
	opMention
	opGet
	opReady
)

type operation struct {
	atNs, user, channel, message int64
	op                           byte
}

type trace struct {
	data  []byte
	len   int
	timed bool
}

func openTrace(path string) (*trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read trace %s: %v", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read trace %s: %v", path, err)
	}
	size := info.Size()
	if size < traceHeaderBytes {
		return nil, fmt.Errorf("%s is not a binary readstates-gc trace (shorter than its header)", path)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("cannot map trace %s: %v", path, err)
	}
	if string(data[0:8]) != "RSTRACE1" {
		return nil, fmt.Errorf("%s is not a binary readstates-gc trace (no RSTRACE1 header); write one with 'readstates-gc trace --format bin'", path)
	}
	version := binary.LittleEndian.Uint32(data[8:])
	record := binary.LittleEndian.Uint32(data[12:])
	if version != 1 || record != traceRecordBytes {
		return nil, fmt.Errorf("trace %s is version %d with %d-byte records; this reader knows version 1 with 40-byte records", path, version, record)
	}
	count := int64(binary.LittleEndian.Uint64(data[16:]))
	if count < 1 || size != traceHeaderBytes+count*traceRecordBytes {
		return nil, fmt.Errorf("trace %s declares %d operations but is %d bytes", path, count, size)
	}
	t := &trace{data: data, len: int(count), timed: binary.LittleEndian.Uint32(data[24:])&1 != 0}
	previous := int64(0)
	for i := 0; i < t.len; i++ {
		o := t.get(i)
		if o.op > opReady {
			return nil, fmt.Errorf("trace %s record %d: op code %d; expected 0 to 3", path, i, o.op)
		}
		if o.atNs < previous {
			return nil, fmt.Errorf("trace %s record %d: at_ns %d goes back in time (previous %d)", path, i, o.atNs, previous)
		}
		previous = o.atNs
	}
	return t, nil
}

func (t *trace) get(i int) operation {
	b := t.data[traceHeaderBytes+i*traceRecordBytes:]
	return operation{
		atNs:    int64(binary.LittleEndian.Uint64(b)),
		user:    int64(binary.LittleEndian.Uint64(b[8:])),
		channel: int64(binary.LittleEndian.Uint64(b[16:])),
		message: int64(binary.LittleEndian.Uint64(b[24:])),
		op:      b[32],
	}
}
