//! The rewrite's cache: an LRU of read states over an ordered map (`BTreeMap`, as Discord's Rust
//! service) or a hash map, with the service's three paths — read (miss loads from the backing
//! store), write (in memory, dirty, written behind after a delay) and eviction (a dirty victim is
//! committed before it is dropped). Memory is freed at eviction by `Drop`: nothing scans the live
//! set, which is the whole point of the rewrite.
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

pub struct Entry {
    state: State,
    /// 0 when clean, else the millisecond (+1) the state became dirty.
    dirty_since: u64,
    tick: u64,
}

/// Where entries are found by key: the two variants of the rewrite.
pub trait Index {
    fn get_mut(&mut self, k: &Key) -> Option<&mut Entry>;
    fn insert(&mut self, k: Key, e: Entry);
    fn remove(&mut self, k: &Key) -> Option<Entry>;
    fn len(&self) -> usize;
    fn each(&mut self, f: &mut dyn FnMut(&Key, &mut Entry));
}

impl Index for BTreeMap<Key, Entry> {
    fn get_mut(&mut self, k: &Key) -> Option<&mut Entry> {
        BTreeMap::get_mut(self, k)
    }
    fn insert(&mut self, k: Key, e: Entry) {
        BTreeMap::insert(self, k, e);
    }
    fn remove(&mut self, k: &Key) -> Option<Entry> {
        BTreeMap::remove(self, k)
    }
    fn len(&self) -> usize {
        BTreeMap::len(self)
    }
    fn each(&mut self, f: &mut dyn FnMut(&Key, &mut Entry)) {
        for (k, e) in self.iter_mut() {
            f(k, e);
        }
    }
}

impl Index for HashMap<Key, Entry> {
    fn get_mut(&mut self, k: &Key) -> Option<&mut Entry> {
        HashMap::get_mut(self, k)
    }
    fn insert(&mut self, k: Key, e: Entry) {
        HashMap::insert(self, k, e);
    }
    fn remove(&mut self, k: &Key) -> Option<Entry> {
        HashMap::remove(self, k)
    }
    fn len(&self) -> usize {
        HashMap::len(self)
    }
    fn each(&mut self, f: &mut dyn FnMut(&Key, &mut Entry)) {
        for (k, e) in self.iter_mut() {
            f(k, e);
        }
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
    order: BTreeMap<u64, Key>,
    next_tick: u64,
    capacity: usize,
    dirty: VecDeque<(Key, u64)>,
    version: u64,
    pub stats: Stats,
}

impl<I: Index> Lru<I> {
    pub fn new(index: I, capacity: usize) -> Lru<I> {
        assert!(capacity > 0, "capacity must be at least 1");
        Lru { index, order: BTreeMap::new(), next_tick: 0, capacity, dirty: VecDeque::new(), version: 0, stats: Stats::default() }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    fn next_version(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    /// Makes the state resident and most recently used, marks it dirty at `dirty_at_ms` when given,
    /// and applies `f` to it. A hit costs one index lookup and two updates of the recency map;
    /// nothing is looked up twice.
    fn touch<R>(&mut self, k: Key, backing: &mut Backing, dirty_at_ms: Option<u64>, f: impl FnOnce(&mut State) -> R) -> R {
        self.next_tick += 1;
        let tick = self.next_tick;
        if let Some(e) = self.index.get_mut(&k) {
            self.stats.hits += 1;
            self.order.remove(&e.tick);
            self.order.insert(tick, k);
            e.tick = tick;
            Self::dirty_entry(&mut self.dirty, k, e, dirty_at_ms);
            return f(&mut e.state);
        }
        self.stats.misses += 1;
        let state = backing.load(k);
        self.insert(k, state, tick, backing);
        let e = self.index.get_mut(&k).expect("just made resident");
        Self::dirty_entry(&mut self.dirty, k, e, dirty_at_ms);
        f(&mut e.state)
    }

    fn dirty_entry(dirty: &mut VecDeque<(Key, u64)>, k: Key, e: &mut Entry, at_ms: Option<u64>) {
        if let Some(now_ms) = at_ms {
            if e.dirty_since == 0 {
                e.dirty_since = now_ms + 1;
                dirty.push_back((k, e.dirty_since));
            }
        }
    }

    fn insert(&mut self, k: Key, state: State, tick: u64, backing: &mut Backing) {
        while self.index.len() >= self.capacity {
            let (&t, &victim) = self.order.iter().next().expect("a full cache has an eldest entry");
            self.order.remove(&t);
            let e = self.index.remove(&victim).expect("ordered entries are resident");
            self.stats.evictions += 1;
            if e.dirty_since != 0 {
                let v = self.next_version();
                backing.write(victim, e.state, v);
                self.stats.eviction_writes += 1;
            }
        }
        self.index.insert(k, Entry { state, dirty_since: 0, tick });
        self.order.insert(tick, k);
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
            let due = match self.index.get_mut(&k) {
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
        self.index.each(&mut |k, e| {
            if e.dirty_since != 0 {
                e.dirty_since = 0;
                due.push((*k, e.state));
            }
        });
        for (k, s) in due {
            let v = self.next_version();
            backing.write(k, s, v);
            self.stats.flush_writes += 1;
        }
        self.dirty.clear();
    }

    pub fn resident(&mut self) -> Vec<(Key, State)> {
        let mut out = Vec::with_capacity(self.index.len());
        self.index.each(&mut |k, e| out.push((*k, e.state)));
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
}
