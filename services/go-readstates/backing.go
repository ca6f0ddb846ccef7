package main

import (
	"encoding/binary"
	"fmt"
	"sort"
	"syscall"
)

// backing is the service's backing store (Cassandra's role), kept off the Go heap in an anonymous
// memory mapping so that Go's collector never scans it: the layout of readstates-gc's embedded
// OffHeapBackingStore. States live in fixed 40-byte records, user(8) channel(8) last(8) version(8)
// mentions(4) nextInUser(4); an open-addressing key table (record number + 1, linear probing)
// finds a state by (user, channel), and a partition table, user(8) head(4) count(4), chains a
// user's records for ready. Nothing is ever deleted, so probing needs no tombstones. A write keeps
// the highest version, as Cassandra's write timestamps do.
const (
	recordBytes   = 40
	recUser       = 0
	recChannel    = 8
	recLast       = 16
	recVersion    = 24
	recMentions   = 32
	recNextInUser = 36
	userEntry     = 16
)

type backing struct {
	mem       []byte
	maxStates int
	size      int
	keyBase   int
	keyMask   uint64
	userBase  int
	userMask  uint64
	writes    uint64
}

func pow2AtLeast(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

func newBacking(maxStates int) (*backing, error) {
	keyLen := pow2AtLeast(2 * maxStates)
	userLen := pow2AtLeast(2 * maxStates)
	keyBase := maxStates * recordBytes
	userBase := keyBase + keyLen*4
	total := userBase + userLen*userEntry
	mem, err := syscall.Mmap(-1, 0, total, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, fmt.Errorf("cannot map %d bytes for the backing store: %v", total, err)
	}
	return &backing{mem: mem, maxStates: maxStates, keyBase: keyBase, keyMask: uint64(keyLen - 1), userBase: userBase, userMask: uint64(userLen - 1)}, nil
}

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func (b *backing) u64(at int) uint64      { return binary.LittleEndian.Uint64(b.mem[at:]) }
func (b *backing) u32(at int) uint32      { return binary.LittleEndian.Uint32(b.mem[at:]) }
func (b *backing) put64(at int, v uint64) { binary.LittleEndian.PutUint64(b.mem[at:], v) }
func (b *backing) put32(at int, v uint32) { binary.LittleEndian.PutUint32(b.mem[at:], v) }

// find returns the record number of (user, channel), or -1 and the empty key slot where it would go.
func (b *backing) find(user, channel int64) (int, int) {
	slot := mix(uint64(user)*0x9e3779b97f4a7c15^uint64(channel)) & b.keyMask
	for {
		at := b.keyBase + int(slot)*4
		r := b.u32(at)
		if r == 0 {
			return -1, at
		}
		rec := int(r-1) * recordBytes
		if int64(b.u64(rec+recUser)) == user && int64(b.u64(rec+recChannel)) == channel {
			return int(r - 1), at
		}
		slot = (slot + 1) & b.keyMask
	}
}

// userSlot returns the partition-table entry of the user, creating it when absent.
func (b *backing) userSlot(user int64) int {
	slot := mix(uint64(user)) & b.userMask
	for {
		at := b.userBase + int(slot)*userEntry
		if b.u32(at+8) == 0 {
			b.put64(at, uint64(user))
			return at
		}
		if int64(b.u64(at)) == user {
			return at
		}
		slot = (slot + 1) & b.userMask
	}
}

func (b *backing) create(user, channel int64, keySlot int) int {
	if b.size == b.maxStates {
		panic(fmt.Sprintf("the backing store is full (%d states); size it for the population", b.maxStates))
	}
	r := b.size
	b.size++
	rec := r * recordBytes
	b.put64(rec+recUser, uint64(user))
	b.put64(rec+recChannel, uint64(channel))
	b.put32(keySlot, uint32(r+1))
	u := b.userSlot(user)
	b.put32(rec+recNextInUser, b.u32(u+8))
	b.put32(u+8, uint32(r+1))
	b.put32(u+12, b.u32(u+12)+1)
	return r
}

// load returns the stored state, creating (0, 0) for an unknown one.
func (b *backing) load(user, channel int64) (int64, int32) {
	r, slot := b.find(user, channel)
	if r < 0 {
		b.create(user, channel, slot)
		return 0, 0
	}
	rec := r * recordBytes
	return int64(b.u64(rec + recLast)), int32(b.u32(rec + recMentions))
}

func (b *backing) write(user, channel, last int64, mentions int32, version uint64) {
	b.writes++
	r, slot := b.find(user, channel)
	if r < 0 {
		r = b.create(user, channel, slot)
	}
	rec := r * recordBytes
	if b.u64(rec+recVersion) > version {
		return
	}
	b.put64(rec+recLast, uint64(last))
	b.put32(rec+recMentions, uint32(mentions))
	b.put64(rec+recVersion, version)
}

// partition lists the user's channels in ascending order (a partition read sorted by clustering key).
func (b *backing) partition(user int64, out []int64) []int64 {
	out = out[:0]
	slot := mix(uint64(user)) & b.userMask
	for {
		at := b.userBase + int(slot)*userEntry
		if b.u32(at+8) == 0 {
			return out
		}
		if int64(b.u64(at)) == user {
			for r := b.u32(at + 8); r != 0; {
				rec := int(r-1) * recordBytes
				out = append(out, int64(b.u64(rec+recChannel)))
				r = b.u32(rec + recNextInUser)
			}
			sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
			return out
		}
		slot = (slot + 1) & b.userMask
	}
}

func (b *backing) each(f func(user, channel, last int64, mentions int32)) {
	for r := 0; r < b.size; r++ {
		rec := r * recordBytes
		f(int64(b.u64(rec+recUser)), int64(b.u64(rec+recChannel)), int64(b.u64(rec+recLast)), int32(b.u32(rec+recMentions)))
	}
}
