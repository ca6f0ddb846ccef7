package main

import "testing"

func TestTheFlusherWritesOnlyDueStatesOldestFirstAndSkipsStaleEntries(t *testing.T) {
	b, err := newBacking(16)
	if err != nil {
		t.Fatal(err)
	}
	c := newLru(2, b)
	c.ack(1, 1, 10, 1000)
	c.mention(1, 2, 2000)
	c.mention(1, 2, 2500)
	if n := c.flushDue(30999, 30000, 100); n != 0 {
		t.Fatalf("nothing is dirty for 30 s yet, wrote %d", n)
	}
	if n := c.flushDue(31000, 30000, 100); n != 1 {
		t.Fatalf("the ack, dirty since 1 s, wrote %d", n)
	}
	if last, mentions := b.load(1, 1); last != 10 || mentions != 0 {
		t.Fatalf("(1, 1) stored as (%d, %d)", last, mentions)
	}
	c.get(1, 3)
	if c.stats.evictionWrites != 0 {
		t.Fatal("the clean (1, 1) was the eldest")
	}
	c.get(1, 4)
	if c.stats.evictionWrites != 1 {
		t.Fatal("the dirty (1, 2) is written at eviction")
	}
	if n := c.flushDue(60000, 30000, 100); n != 0 {
		t.Fatalf("its queue entry is stale, wrote %d", n)
	}
	if last, mentions := b.load(1, 2); last != 0 || mentions != 2 {
		t.Fatalf("(1, 2) stored as (%d, %d)", last, mentions)
	}
}
