package main

import "container/list"

// The Go service's cache as the case study describes it: a map of read-state structs threaded on a
// container/list LRU, on Go's collected heap — tens of millions of live objects that every GC cycle
// marks. Semantics are readstates-gc's store contract: ack sets last = max(last, m) and mentions =
// 0; mention adds one; an unknown state starts at (0, 0) and is created in the backing store; ready
// returns every state of the user (resident values win) and makes them resident; a dirty victim is
// written before it is dropped. Write-behind keeps the states in the order they became dirty, so
// the flusher visits only dirty states, oldest first.

type key struct{ user, channel int64 }

type readState struct {
	key        key
	last       int64
	mentions   int32
	dirtySince int64 // 0 clean, else the millisecond (+1) the state became dirty
}

type dirtyMark struct {
	key   key
	since int64
}

type stats struct {
	hits, misses, evictions, evictionWrites, flushWrites uint64
}

type lru struct {
	capacity int
	items    map[key]*list.Element
	order    *list.List // front = most recently used
	dirty    *list.List // of dirtyMark, oldest first
	backing  *backing
	version  uint64
	stats    stats
}

func newLru(capacity int, b *backing) *lru {
	return &lru{capacity: capacity, items: make(map[key]*list.Element, capacity), order: list.New(), dirty: list.New(), backing: b}
}

func (c *lru) nextVersion() uint64 {
	c.version++
	return c.version
}

func (c *lru) access(k key) *readState {
	if e, ok := c.items[k]; ok {
		c.stats.hits++
		c.order.MoveToFront(e)
		return e.Value.(*readState)
	}
	c.stats.misses++
	last, mentions := c.backing.load(k.user, k.channel)
	for len(c.items) >= c.capacity {
		eldest := c.order.Back()
		victim := eldest.Value.(*readState)
		c.order.Remove(eldest)
		delete(c.items, victim.key)
		c.stats.evictions++
		if victim.dirtySince != 0 {
			c.backing.write(victim.key.user, victim.key.channel, victim.last, victim.mentions, c.nextVersion())
			c.stats.evictionWrites++
		}
	}
	s := &readState{key: k, last: last, mentions: mentions}
	c.items[k] = c.order.PushFront(s)
	return s
}

func (c *lru) markDirty(s *readState, nowMs int64) {
	if s.dirtySince == 0 {
		s.dirtySince = nowMs + 1
		c.dirty.PushBack(dirtyMark{s.key, s.dirtySince})
	}
}

func (c *lru) ack(user, channel, message, nowMs int64) {
	s := c.access(key{user, channel})
	if message > s.last {
		s.last = message
	}
	s.mentions = 0
	c.markDirty(s, nowMs)
}

func (c *lru) mention(user, channel, nowMs int64) {
	s := c.access(key{user, channel})
	s.mentions++
	c.markDirty(s, nowMs)
}

func (c *lru) get(user, channel int64) (int64, int32) {
	s := c.access(key{user, channel})
	return s.last, s.mentions
}

// ready makes every state of the user resident and returns how many there are.
func (c *lru) ready(user int64, scratch []int64) ([]int64, int) {
	scratch = c.backing.partition(user, scratch)
	for _, ch := range scratch {
		c.access(key{user, ch})
	}
	return scratch, len(scratch)
}

// flushDue writes states dirty for at least delayMs, oldest first, at most max of them.
func (c *lru) flushDue(nowMs, delayMs int64, max int) int {
	written := 0
	for written < max {
		front := c.dirty.Front()
		if front == nil {
			break
		}
		m := front.Value.(dirtyMark)
		if m.since-1+delayMs > nowMs {
			break
		}
		c.dirty.Remove(front)
		if e, ok := c.items[m.key]; ok {
			s := e.Value.(*readState)
			if s.dirtySince == m.since {
				s.dirtySince = 0
				c.backing.write(s.key.user, s.key.channel, s.last, s.mentions, c.nextVersion())
				c.stats.flushWrites++
				written++
			}
		}
	}
	return written
}

// flush writes every dirty state now.
func (c *lru) flush() {
	for e := c.order.Front(); e != nil; e = e.Next() {
		s := e.Value.(*readState)
		if s.dirtySince != 0 {
			s.dirtySince = 0
			c.backing.write(s.key.user, s.key.channel, s.last, s.mentions, c.nextVersion())
			c.stats.flushWrites++
		}
	}
	c.dirty.Init()
}
