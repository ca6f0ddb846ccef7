// go-readstates: the case study's Go service as a readstates-gc row.
//
//	go-readstates replay --trace FILE --capacity N --resident-out F --backing-out F [--backing-states N]
//
// applies a binary trace in order (writes only at eviction and at the end, as the JVM's replay
// does) and writes the resident states and the backing store as sorted CSV, so that the service is
// held to the same reference as the JVM stores.
//
//	go-readstates run --population FILE --trace FILE --warmup-ops N --capacity N --write-behind-ms N --out DIR
//
// is the measured mode (run.go): the backing store preloaded with the population, the cache filled,
// the trace replayed open-loop at its recorded times, latency.hlog and service.json written to DIR.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
)

type args map[string]string

func parseArgs(argv []string) (args, error) {
	a := args{}
	for i := 0; i < len(argv); i += 2 {
		if len(argv[i]) < 3 || argv[i][:2] != "--" || i+1 >= len(argv) {
			return nil, fmt.Errorf("expected --option value pairs, got '%s'", argv[i])
		}
		a[argv[i][2:]] = argv[i+1]
	}
	return a, nil
}

func (a args) required(name string) (string, error) {
	v, ok := a[name]
	if !ok {
		return "", fmt.Errorf("--%s is required", name)
	}
	return v, nil
}

func (a args) number(name string, fallback int64) (int64, error) {
	v, ok := a[name]
	if !ok {
		if fallback < 0 {
			return 0, fmt.Errorf("--%s is required", name)
		}
		return fallback, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("--%s must be a whole number >= 1, got '%s'", name, v)
	}
	return n, nil
}

type row struct {
	user, channel, last int64
	mentions            int32
}

func writeCsv(path string, rows []row) error {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].user != rows[j].user {
			return rows[i].user < rows[j].user
		}
		return rows[i].channel < rows[j].channel
	})
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "userId,channelId,lastMessageId,mentionCount")
	for _, r := range rows {
		fmt.Fprintf(w, "%d,%d,%d,%d\n", r.user, r.channel, r.last, r.mentions)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return f.Close()
}

func replay(a args) error {
	path, err := a.required("trace")
	if err != nil {
		return err
	}
	t, err := openTrace(path)
	if err != nil {
		return err
	}
	capacity, err := a.number("capacity", -1)
	if err != nil {
		return err
	}
	states, err := a.number("backing-states", int64(t.len)+1)
	if err != nil {
		return err
	}
	residentOut, err := a.required("resident-out")
	if err != nil {
		return err
	}
	backingOut, err := a.required("backing-out")
	if err != nil {
		return err
	}
	b, err := newBacking(int(states))
	if err != nil {
		return err
	}
	c := newLru(int(capacity), b)
	var scratch []int64
	for i := 0; i < t.len; i++ {
		o := t.get(i)
		switch o.op {
		case opAck:
			c.ack(o.user, o.channel, o.message, 0)
		case opMention:
			c.mention(o.user, o.channel, 0)
		case opGet:
			c.get(o.user, o.channel)
		case opReady:
			scratch, _ = c.ready(o.user, scratch)
		}
	}
	resident := make([]row, 0, len(c.items))
	for e := c.order.Front(); e != nil; e = e.Next() {
		s := e.Value.(*readState)
		resident = append(resident, row{s.key.user, s.key.channel, s.last, s.mentions})
	}
	c.flush()
	stored := make([]row, 0, b.size)
	b.each(func(user, channel, last int64, mentions int32) {
		stored = append(stored, row{user, channel, last, mentions})
	})
	if err := writeCsv(residentOut, resident); err != nil {
		return err
	}
	if err := writeCsv(backingOut, stored); err != nil {
		return err
	}
	fmt.Printf("replayed %d operations (capacity %d): %d resident states, %d stored states\n", t.len, capacity, len(resident), len(stored))
	return nil
}

func main() {
	usage := "usage: go-readstates replay --trace FILE --capacity N --resident-out F --backing-out F [--backing-states N]\n" +
		"   or: go-readstates run --population FILE --trace FILE --warmup-ops N --capacity N --write-behind-ms N --out DIR [--interval-ms N] [--comment TEXT]\n" +
		"   or: go-readstates bench-driver [--rate N] [--operations N]"
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "error: "+usage)
		os.Exit(2)
	}
	a, err := parseArgs(os.Args[2:])
	if err == nil {
		switch os.Args[1] {
		case "replay":
			err = replay(a)
		case "run":
			err = runMeasured(a)
		case "bench-driver":
			err = benchDriver(a)
		default:
			err = fmt.Errorf("unknown command '%s'; %s", os.Args[1], usage)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: "+err.Error())
		os.Exit(2)
	}
}
