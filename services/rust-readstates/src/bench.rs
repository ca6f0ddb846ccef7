//! `bench-store`: what one operation costs the LRU alone — no driver, no lock, no recording. The
//! cache is filled with `capacity` states, then `operations` acks, mentions and gets (45/40/15 %, the
//! trace's mix) hit keys drawn uniformly from a population 10 % larger than the cache, so about one
//! operation in eleven misses and evicts. Uniform keys are the worst case for the CPU caches (the
//! trace's are skewed), so this is an upper bound on the store's share of an operation's time.

use std::time::Instant;

use crate::store::{Backing, Index, Lru};

/// xorshift64*: a fixed, seeded sequence, so every run draws the same keys.
struct Keys(u64);

impl Keys {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

fn key(i: u64) -> (i64, i64) {
    ((i / 64) as i64, (i % 64) as i64)
}

pub fn bench_store<I: Index>(index: I, variant: &str, capacity: u64, operations: u64) -> Result<(), String> {
    if capacity == 0 || operations == 0 {
        return Err(format!("--capacity and --operations must be at least 1 (got {} and {})", capacity, operations));
    }
    let mut lru = Lru::new(index, capacity as usize);
    let mut backing = Backing::default();
    let fill = Instant::now();
    for i in 0..capacity {
        let (u, c) = key(i);
        lru.get(u, c, &mut backing);
    }
    let fill_s = fill.elapsed().as_secs_f64();
    let filled = lru.stats;
    let population = capacity + capacity / 10;
    let mut keys = Keys(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    for i in 0..operations {
        let (u, c) = key(keys.next(population));
        match keys.next(100) {
            0..=44 => lru.ack(u, c, i as i64, i / 200, &mut backing),
            45..=84 => lru.mention(u, c, i / 200, &mut backing),
            _ => {
                lru.get(u, c, &mut backing);
            }
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / operations as f64;
    let s = lru.stats;
    println!(
        "store {} at {} states: {:.0} ns per operation over {} operations ({} hits, {} misses); fill {:.1} s",
        variant, capacity, ns, operations, s.hits - filled.hits, s.misses - filled.misses, fill_s
    );
    Ok(())
}
