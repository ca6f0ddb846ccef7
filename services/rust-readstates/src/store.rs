//! The rewrite's cache: an LRU of read states over an ordered map (`BTreeMap`, as Discord's Rust
//! service) or a hash map, with the service's three paths — read (miss loads from the backing
//! store), write (in memory, dirty, written behind after a delay) and eviction (a dirty victim is
//! committed before it is dropped). Nothing scans the live set, which is the whole point of the
//! rewrite: an evicted state's slot is overwritten by the state that replaces it.
//!
//! Layout: the map (the variant) holds key → slot number; the states live in one `Vec` of slots
//! linked into a recency list by slot numbers (the classic map + doubly linked list LRU, with the
//! list intrusive in the slab as Rust LRUs keep it). A hit is one map lookup and a few writes of
//! slot numbers. An earlier layout kept recency in a second `BTreeMap` keyed by a use counter, so a
//! hit also removed and inserted there: at 10M states it cost 3.5 µs per operation and left the
//! service's driver busy most of the time at 200k ops/s (docs/measurements.md).
//!
//! Semantics are those of readstates-gc's store contract, exactly: `ack` sets last = max(last, m)
//! and mentions = 0; `mention` adds one; an unknown state starts at (0, 0) and is created in the
//! backing store; `ready` returns every state of the user (resident values win) and makes them
//! resident. Write-behind keeps a queue of states in the order they became dirty, so the flusher
//! visits only dirty states, oldest first, and stops at the first that is not yet due.

use std::collections::{BTreeMap, HashMap, VecDeque};

pub type Key = (i64, i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub last: i64,
    pub mentions: i32,
}

/// One resident state in the slab, linked into the recency list by slot numbers.
struct Slot {
    key: Key,
    state: State,
    /// 0 when clean, else the millisecond (+1) the state became dirty.
    dirty_since: u64,
    /// The next more recently used slot, or `NIL`.
    newer: u32,
    /// The next less recently used slot, or `NIL`.
    older: u32,
}

const NIL: u32 = u32::MAX;

/// Where a resident state's slot is found by key: the two variants of the rewrite.
pub trait Index {
    fn get(&self, k: &Key) -> Option<u32>;
    fn insert(&mut self, k: Key, slot: u32);
    fn remove(&mut self, k: &Key) -> Option<u32>;
    fn len(&self) -> usize;
}

impl Index for BTreeMap<Key, u32> {
    fn get(&self, k: &Key) -> Option<u32> {
        BTreeMap::get(self, k).copied()
    }
    fn insert(&mut self, k: Key, slot: u32) {
        BTreeMap::insert(self, k, slot);
    }
    fn remove(&mut self, k: &Key) -> Option<u32> {
        BTreeMap::remove(self, k)
    }
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }
}

impl Index for HashMap<Key, u32> {
    fn get(&self, k: &Key) -> Option<u32> {
        HashMap::get(self, k).copied()
    }
    fn insert(&mut self, k: Key, slot: u32) {
        HashMap::insert(self, k, slot);
    }
    fn remove(&mut self, k: &Key) -> Option<u32> {
        HashMap::remove(self, k)
    }
    fn len(&self) -> usize {
        HashMap::len(self)
    }
}

/// The backing store (Cassandra's role): keeps, per state, the write with the highest version.
#[derive(Default)]
pub struct Backing {
    map: BTreeMap<Key, (State, u64)>,
    pub writes: u64,
}

impl Backing {
    pub fn load(&mut self, k: Key) -> State {
        if let Some((s, _)) = self.map.get(&k) {
            return *s;
        }
        let s = State { last: 0, mentions: 0 };
        self.map.insert(k, (s, 0));
        s
    }

    pub fn write(&mut self, k: Key, s: State, version: u64) {
        self.writes += 1;
        match self.map.get_mut(&k) {
            Some(v) if v.1 > version => {}
            Some(v) => *v = (s, version),
            None => {
                self.map.insert(k, (s, version));
            }
        }
    }

    pub fn partition(&self, user: i64) -> Vec<Key> {
        self.map.range((user, i64::MIN)..=(user, i64::MAX)).map(|(k, _)| *k).collect()
    }

    pub fn each(&self, f: &mut dyn FnMut(&Key, &State)) {
        for (k, (s, _)) in self.map.iter() {
            f(k, s);
        }
    }
}

#[derive(Default, Clone, Copy, Debug)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
    pub eviction_writes: u64,
    pub flush_writes: u64,
}

pub struct Lru<I: Index> {
    index: I,
    slots: Vec<Slot>,
    /// Most recently used slot, or `NIL` when empty.
    newest: u32,
    /// Least recently used slot: the next victim.
    eldest: u32,
    capacity: usize,
    dirty: VecDeque<(Key, u64)>,
    version: u64,
    pub stats: Stats,
}

impl<I: Index> Lru<I> {
    pub fn new(index: I, capacity: usize) -> Lru<I> {
        assert!(capacity > 0 && capacity < NIL as usize, "capacity must be between 1 and 2^32 - 2");
        Lru { index, slots: Vec::new(), newest: NIL, eldest: NIL, capacity, dirty: VecDeque::new(), version: 0, stats: Stats::default() }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    fn next_version(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    /// Makes the state resident and most recently used, marks it dirty at `dirty_at_ms` when given,
    /// and applies `f` to it. A hit costs one index lookup and a few slot-number writes.
    fn touch<R>(&mut self, k: Key, backing: &mut Backing, dirty_at_ms: Option<u64>, f: impl FnOnce(&mut State) -> R) -> R {
        let slot = match self.index.get(&k) {
            Some(slot) => {
                self.stats.hits += 1;
                self.unlink(slot);
                slot
            }
            None => {
                self.stats.misses += 1;
                let state = backing.load(k);
                self.make_resident(k, state, backing)
            }
        };
        self.link_newest(slot);
        let e = &mut self.slots[slot as usize];
        if let Some(now_ms) = dirty_at_ms {
            if e.dirty_since == 0 {
                e.dirty_since = now_ms + 1;
                self.dirty.push_back((k, e.dirty_since));
            }
        }
        f(&mut e.state)
    }

    fn unlink(&mut self, slot: u32) {
        let (newer, older) = {
            let e = &self.slots[slot as usize];
            (e.newer, e.older)
        };
        match newer {
            NIL => self.newest = older,
            n => self.slots[n as usize].older = older,
        }
        match older {
            NIL => self.eldest = newer,
            o => self.slots[o as usize].newer = newer,
        }
    }

    fn link_newest(&mut self, slot: u32) {
        let previous = self.newest;
        {
            let e = &mut self.slots[slot as usize];
            e.newer = NIL;
            e.older = previous;
        }
        match previous {
            NIL => self.eldest = slot,
            p => self.slots[p as usize].newer = slot,
        }
        self.newest = slot;
    }

    /// A slot holding `state` for `k`, not linked yet: a new one while the cache has room, else the
    /// eldest state's, which is evicted first (committed to the backing store when dirty).
    fn make_resident(&mut self, k: Key, state: State, backing: &mut Backing) -> u32 {
        let fresh = Slot { key: k, state, dirty_since: 0, newer: NIL, older: NIL };
        let slot = if self.index.len() < self.capacity {
            self.slots.push(fresh);
            (self.slots.len() - 1) as u32
        } else {
            let victim = self.eldest;
            self.unlink(victim);
            let old = std::mem::replace(&mut self.slots[victim as usize], fresh);
            self.index.remove(&old.key);
            self.stats.evictions += 1;
            if old.dirty_since != 0 {
                let v = self.next_version();
                backing.write(old.key, old.state, v);
                self.stats.eviction_writes += 1;
            }
            victim
        };
        self.index.insert(k, slot);
        slot
    }

    pub fn ack(&mut self, user: i64, channel: i64, message: i64, now_ms: u64, backing: &mut Backing) {
        self.touch((user, channel), backing, Some(now_ms), |s| {
            s.last = s.last.max(message);
            s.mentions = 0;
        });
    }

    pub fn mention(&mut self, user: i64, channel: i64, now_ms: u64, backing: &mut Backing) {
        self.touch((user, channel), backing, Some(now_ms), |s| s.mentions += 1);
    }

    pub fn get(&mut self, user: i64, channel: i64, backing: &mut Backing) -> State {
        self.touch((user, channel), backing, None, |s| *s)
    }

    /// Every state of the user, resident values winning over the backing store's; all made resident.
    pub fn ready(&mut self, user: i64, backing: &mut Backing, out: &mut Vec<(Key, State)>) {
        out.clear();
        for k in backing.partition(user) {
            let s = self.touch(k, backing, None, |s| *s);
            out.push((k, s));
        }
    }

    /// Writes states dirty for at least `delay_ms`, oldest first, at most `max` of them; returns how many.
    pub fn flush_due(&mut self, now_ms: u64, delay_ms: u64, max: usize, backing: &mut Backing) -> usize {
        let mut written = 0;
        while written < max {
            let Some(&(k, since)) = self.dirty.front() else { break };
            if since - 1 + delay_ms > now_ms {
                break;
            }
            self.dirty.pop_front();
            let due = match self.index.get(&k).map(|slot| &mut self.slots[slot as usize]) {
                Some(e) if e.dirty_since == since => {
                    e.dirty_since = 0;
                    Some(e.state)
                }
                _ => None,
            };
            if let Some(s) = due {
                let v = self.next_version();
                backing.write(k, s, v);
                self.stats.flush_writes += 1;
                written += 1;
            }
        }
        written
    }

    /// Writes every dirty state now.
    pub fn flush(&mut self, backing: &mut Backing) {
        let mut due = Vec::new();
        for e in self.slots.iter_mut().filter(|e| e.dirty_since != 0) {
            e.dirty_since = 0;
            due.push((e.key, e.state));
        }
        for (k, s) in due {
            let v = self.next_version();
            backing.write(k, s, v);
            self.stats.flush_writes += 1;
        }
        self.dirty.clear();
    }

    pub fn resident(&mut self) -> Vec<(Key, State)> {
        let mut out: Vec<(Key, State)> = self.slots.iter().map(|e| (e.key, e.state)).collect();
        out.sort_by_key(|(k, _)| *k);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flusher_writes_only_due_states_oldest_first_and_skips_stale_entries() {
        let mut backing = Backing::default();
        let mut lru = Lru::new(BTreeMap::new(), 2);
        lru.ack(1, 1, 10, 1_000, &mut backing);
        lru.mention(1, 2, 2_000, &mut backing);
        lru.mention(1, 2, 2_500, &mut backing);
        assert_eq!(lru.flush_due(30_999, 30_000, 100, &mut backing), 0, "nothing is dirty for 30 s yet");
        assert_eq!(lru.flush_due(31_000, 30_000, 100, &mut backing), 1, "the ack, dirty since 1 s");
        assert_eq!(backing.load((1, 1)), State { last: 10, mentions: 0 });
        lru.get(1, 3, &mut backing);
        assert_eq!(lru.stats.eviction_writes, 0, "the clean (1, 1) was the eldest");
        lru.get(1, 4, &mut backing);
        assert_eq!(lru.stats.eviction_writes, 1, "the dirty (1, 2) was written at eviction");
        assert_eq!(lru.flush_due(60_000, 30_000, 100, &mut backing), 0, "its queue entry is stale");
        assert_eq!(backing.load((1, 2)), State { last: 0, mentions: 2 });
    }

    /// The reference: a list of keys from eldest to newest, and a map of resident states.
    struct Model {
        order: Vec<Key>,
        states: HashMap<Key, State>,
        capacity: usize,
    }

    impl Model {
        fn touch(&mut self, k: Key, backing: &mut HashMap<Key, State>) -> &mut State {
            if let Some(at) = self.order.iter().position(|x| *x == k) {
                self.order.remove(at);
            } else {
                if self.order.len() == self.capacity {
                    let victim = self.order.remove(0);
                    backing.insert(victim, self.states.remove(&victim).unwrap());
                }
                self.states.insert(k, *backing.entry(k).or_insert(State { last: 0, mentions: 0 }));
            }
            self.order.push(k);
            self.states.get_mut(&k).unwrap()
        }
    }

    fn against_the_model<I: Index>(index: I) {
        let mut x: u64 = 0x2545_f491;
        let mut next = |bound: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % bound
        };
        let mut lru = Lru::new(index, 50);
        let mut backing = Backing::default();
        let mut model = Model { order: Vec::new(), states: HashMap::new(), capacity: 50 };
        let mut model_backing = HashMap::new();
        for i in 0..20_000 {
            let (u, c) = ((next(8) as i64), (next(10) as i64));
            match next(3) {
                0 => {
                    lru.ack(u, c, i, 0, &mut backing);
                    let s = model.touch((u, c), &mut model_backing);
                    s.last = s.last.max(i);
                    s.mentions = 0;
                }
                1 => {
                    lru.mention(u, c, 0, &mut backing);
                    model.touch((u, c), &mut model_backing).mentions += 1;
                }
                _ => assert_eq!(lru.get(u, c, &mut backing), *model.touch((u, c), &mut model_backing), "get ({}, {}) at op {}", u, c, i),
            }
        }
        let mut expected: Vec<(Key, State)> = model.states.iter().map(|(k, s)| (*k, *s)).collect();
        expected.sort_by_key(|(k, _)| *k);
        assert_eq!(lru.resident(), expected, "the same states resident, with the same values");
        lru.flush(&mut backing);
        for (k, s) in model.states {
            model_backing.insert(k, s);
        }
        let mut stored = Vec::new();
        backing.each(&mut |k, s| stored.push((*k, *s)));
        let mut want: Vec<(Key, State)> = model_backing.into_iter().collect();
        want.sort_by_key(|(k, _)| *k);
        assert_eq!(stored, want, "nothing acknowledged is lost: every state's latest value is stored");
    }

    #[test]
    fn the_btree_lru_evicts_and_keeps_what_the_reference_model_does() {
        against_the_model(BTreeMap::new());
    }

    #[test]
    fn the_hash_lru_evicts_and_keeps_what_the_reference_model_does() {
        against_the_model(HashMap::new());
    }
}
