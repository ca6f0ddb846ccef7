//! The measured mode: the service's own open-loop driver in this process, as a JVM cell's driver is
//! in the cell's JVM. Operations come from a binary trace at their recorded times; response time
//! counts from the intended start (coordinated omission), service time from the actual start. The
//! store is one `Mutex` around the LRU and its backing store, shared with the write-behind flusher
//! thread; a hiccup thread sleeps 1 ms at a time and records its oversleep. Writes `latency.hlog`
//! and `service.json` (written by hand: the standard library has no JSON writer, and the file is a
//! flat object of numbers and plain strings).

use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::hdr::{Histogram, IntervalLog};
use crate::store::{Backing, Index, Key, Lru, State, Stats};
use crate::trace::{Op, Trace};
use crate::Args;

const TAGS: [&str; 10] = [
    "ack.response", "mention.response", "get.response", "ready.response",
    "ack.service", "mention.service", "get.service", "ready.service", "hiccup", "start-lag",
];
const TAG_SERVICE: usize = 4;
const TAG_HICCUP: usize = 8;
const TAG_LAG: usize = 9;
const FLUSH_TICK: Duration = Duration::from_millis(50);
const FLUSH_CHUNK: usize = 64;
/// How long the flusher waits at most, between chunks, for the driver to catch up.
const HANDOVER_MAX: Duration = Duration::from_millis(2);
/// The driver sleeps until this long before an operation's start, then spins.
const SPIN_WINDOW_NS: i64 = 200_000;

struct Store<I: Index> {
    lru: Lru<I>,
    backing: Backing,
    ready_out: Vec<(Key, State)>,
}

struct Recorders {
    active: Mutex<Vec<Histogram>>,
}

impl Recorders {
    fn operation(&self, op: Op, response: i64, service: i64, lag: i64) {
        let mut h = self.active.lock().unwrap();
        let i = op as usize;
        h[i].record(response);
        h[TAG_SERVICE + i].record(service);
        h[TAG_LAG].record(lag);
    }

    /// What was recorded since the last swap; `spare` (reset) takes its place.
    fn swap(&self, spare: Vec<Histogram>) -> Vec<Histogram> {
        std::mem::replace(&mut *self.active.lock().unwrap(), spare)
    }
}

fn new_set() -> Vec<Histogram> {
    TAGS.iter().map(|_| Histogram::new()).collect()
}

fn epoch_ns() -> i128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0)
}

extern "C" {
    fn sysconf(name: i32) -> i64;
}
const SC_CLK_TCK: i32 = 2;
const SC_PAGESIZE: i32 = 30;

/// This process's user + system CPU time from /proc/self/stat (fields 14 and 15, in clock ticks).
fn cpu_ms() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0) + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks * 1000.0 / unsafe { sysconf(SC_CLK_TCK) } as f64
}

/// Resident set size from /proc/self/statm (second field, in pages).
fn rss_bytes() -> i64 {
    let statm = fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: i64 = statm.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
    pages * unsafe { sysconf(SC_PAGESIZE) }
}

/// Lets the operations catch up before the flusher takes the store again, as the JVM engine's
/// flusher does (`WriteBehindLruStore.lockAfterHandover`): a flusher re-taking the mutex in a tight
/// loop ran ahead of the woken driver and held the store for its whole batch (measured in the Go
/// service: 20 ms stalls at 200k ops/s). Waits, at most `HANDOVER_MAX`, until the driver is idle.
fn handover(driver_idle: &AtomicBool) {
    let deadline = Instant::now() + HANDOVER_MAX;
    while !driver_idle.load(Ordering::Relaxed) && Instant::now() < deadline {
        thread::yield_now();
    }
}

/// Takes the store for an operation without ever parking the driver: it spins on `try_lock` while
/// the flusher holds the store (one chunk, tens of microseconds). A parked driver is woken by the
/// kernel when the lock is released, and on two shared cores that wake-up waited for another
/// thread's time slice: milliseconds charged to the operation that belong to neither the store nor
/// the service (measured: docs/measurements.md, "The services' driver spins for the store").
fn lock_spinning<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    loop {
        match m.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::WouldBlock) => std::hint::spin_loop(),
            Err(TryLockError::Poisoned(_)) => panic!("the store's lock was poisoned: the flusher panicked"),
        }
    }
}

fn apply<I: Index>(store: &Mutex<Store<I>>, op: &crate::trace::Operation, now_ms: u64) {
    let mut guard = lock_spinning(store);
    let s = &mut *guard;
    match op.op {
        Op::Ack => s.lru.ack(op.user, op.channel, op.message, now_ms, &mut s.backing),
        Op::Mention => s.lru.mention(op.user, op.channel, now_ms, &mut s.backing),
        Op::Get => {
            s.lru.get(op.user, op.channel, &mut s.backing);
        }
        Op::Ready => s.lru.ready(op.user, &mut s.backing, &mut s.ready_out),
    }
}

/// Replays records [from, to) at their recorded times; returns (completed, max start lag ns).
/// `apply` runs one operation (given the start in ms since the epoch) against the store.
fn replay(t: &Trace, from: usize, to: usize, mut apply: impl FnMut(&crate::trace::Operation, u64), rec: Option<&Recorders>, epoch: Instant,
          deadline_ns: i64, idle: &AtomicBool) -> (usize, i64) {
    let now = || epoch.elapsed().as_nanos() as i64;
    let base = now();
    let at0 = t.at_ns(from);
    let mut max_lag = 0;
    for i in from..to {
        let op = t.get(i);
        let intended = base + op.at_ns - at0;
        let mut start = now();
        idle.store(start < intended, Ordering::Relaxed);
        while start < intended {
            let wait = intended - start;
            if wait > SPIN_WINDOW_NS {
                thread::sleep(Duration::from_nanos((wait - SPIN_WINDOW_NS) as u64));
            } else {
                std::hint::spin_loop();
            }
            start = now();
        }
        idle.store(false, Ordering::Relaxed);
        if let Some(r) = rec {
            if deadline_ns > 0 && start > base + deadline_ns {
                for j in i..to {
                    let oj = t.get(j);
                    r.operation(oj.op, deadline_ns - (oj.at_ns - at0), 0, 0);
                }
                return (i - from, max_lag);
            }
        }
        apply(&op, (start / 1_000_000) as u64);
        let end = now();
        max_lag = max_lag.max(start - intended);
        if let Some(r) = rec {
            r.operation(op.op, end - intended, end - start, start - intended);
        }
    }
    (to - from, max_lag)
}

pub fn run<I: Index + Send + 'static>(index: I, variant: &str, args: &Args) -> Result<(), String> {
    let epoch = Instant::now();
    let process_start_ms = epoch_ns() / 1_000_000;
    let out = args.required("out")?.to_string();
    let population = Trace::read(args.required("population")?)?;
    let trace = Trace::read(args.required("trace")?)?;
    let capacity = args.number("capacity")? as usize;
    let warmup_ops = args.number("warmup-ops")? as usize;
    let delay_ms = args.number("write-behind-ms")?;
    let interval_ms = args.get("interval-ms").map(|v| v.parse::<u64>().map_err(|_| format!("--interval-ms must be a whole number, got '{}'", v))).transpose()?.unwrap_or(1000);
    if capacity == 0 || interval_ms == 0 {
        return Err("--capacity and --interval-ms must be at least 1".to_string());
    }
    if !trace.timed {
        return Err("the trace has no recorded times; write it with 'readstates-gc trace --format bin'".to_string());
    }
    if warmup_ops == 0 || warmup_ops >= trace.len() {
        return Err(format!("--warmup-ops must be between 1 and {} (the trace's operations - 1), got {}", trace.len() - 1, warmup_ops));
    }
    let mut backing = Backing::default();
    for i in 0..population.len() {
        let op = population.get(i);
        backing.write((op.user, op.channel), State { last: 0, mentions: 0 }, 1);
    }
    let rss_before = rss_bytes();
    let mut lru = Lru::new(index, capacity);
    for i in 0..population.len() {
        if lru.len() >= capacity {
            break;
        }
        let op = population.get(i);
        lru.get(op.user, op.channel, &mut backing);
    }
    let resident = lru.len();
    let footprint = rss_bytes() - rss_before;
    println!("cache filled: {} resident states, {:.1} resident bytes per state", resident, footprint as f64 / resident as f64);
    let store = Arc::new(Mutex::new(Store { lru, backing, ready_out: Vec::new() }));
    let stop = Arc::new(AtomicBool::new(false));
    let rec = Arc::new(Recorders { active: Mutex::new(new_set()) });

    let driver_idle = Arc::new(AtomicBool::new(false));
    let flusher = {
        let (store, stop, driver_idle) = (store.clone(), stop.clone(), driver_idle.clone());
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(FLUSH_TICK);
                loop {
                    let now_ms = (epoch.elapsed().as_nanos() / 1_000_000) as u64;
                    let mut guard = store.lock().unwrap();
                    let s = &mut *guard;
                    let n = s.lru.flush_due(now_ms, delay_ms, FLUSH_CHUNK, &mut s.backing);
                    drop(guard);
                    if n < FLUSH_CHUNK {
                        break;
                    }
                    handover(&driver_idle);
                }
            }
        })
    };
    let hiccups = {
        let (rec, stop) = (rec.clone(), stop.clone());
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let from = Instant::now();
                thread::sleep(Duration::from_millis(1));
                let over = from.elapsed().as_nanos() as i64 - 1_000_000;
                rec.active.lock().unwrap()[TAG_HICCUP].record(over);
            }
        })
    };

    println!("warm-up: {} operations", warmup_ops);
    replay(&trace, 0, warmup_ops, |op, now_ms| apply(&store, op, now_ms), None, epoch, 0, &driver_idle);
    let stats_before = store.lock().unwrap().lru.stats;
    let cpu_before = cpu_ms();
    rec.swap(new_set());
    let window_start = epoch_ns();
    let mut log = IntervalLog::create(&format!("{}/latency.hlog", out), args.get("comment").unwrap_or(""), window_start)?;
    let window_over = Arc::new(AtomicBool::new(false));
    let writer = {
        let (rec, window_over) = (rec.clone(), window_over.clone());
        thread::spawn(move || -> std::io::Result<()> {
            let mut from = window_start;
            let mut spare = new_set();
            loop {
                let due = from + interval_ms as i128 * 1_000_000;
                while !window_over.load(Ordering::Acquire) && epoch_ns() < due {
                    thread::sleep(Duration::from_millis(1));
                }
                // Read before the swap: a window that ends after it still gets its final swap on the next pass.
                let last = window_over.load(Ordering::Acquire);
                let to = epoch_ns();
                let mut taken = rec.swap(spare);
                for (tag, h) in TAGS.iter().zip(taken.iter_mut()) {
                    log.write(tag, from, to, h)?;
                    h.reset();
                }
                spare = taken;
                from = to;
                if last {
                    return log.close();
                }
            }
        })
    };
    let scheduled = trace.len() - warmup_ops;
    let length = trace.at_ns(trace.len() - 1) - trace.at_ns(warmup_ops);
    let (completed, max_lag) = replay(&trace, warmup_ops, trace.len(), |op, now_ms| apply(&store, op, now_ms), Some(&rec), epoch, length + length / 2 + 5_000_000_000, &driver_idle);
    let window_end = epoch_ns();
    window_over.store(true, Ordering::Release);
    writer.join().map_err(|_| "the interval writer failed".to_string())?.map_err(|e| format!("cannot write latency.hlog: {}", e))?;
    let cpu_after = cpu_ms();
    stop.store(true, Ordering::Relaxed);
    flusher.join().map_err(|_| "the flusher failed".to_string())?;
    hiccups.join().map_err(|_| "the hiccup thread failed".to_string())?;
    let mut guard = store.lock().unwrap();
    let s: Stats = guard.lru.stats;
    let g = &mut *guard;
    g.lru.flush(&mut g.backing);
    let json = format!(
        "{{\n  \"service\": \"rust-readstates\",\n  \"variant\": \"{}\",\n  \"toolchain\": \"{}\",\n  \"gogc\": \"\",\n  \"capacity\": {},\n  \"populationStates\": {},\n  \"residentStates\": {},\n  \"footprintMethod\": \"{}\",\n  \"footprintBytes\": {},\n  \"backingBytes\": 0,\n  \"processStartEpochMs\": {},\n  \"windowStartEpochMs\": {},\n  \"windowEndEpochMs\": {},\n  \"warmupOperations\": {},\n  \"scheduledOperations\": {},\n  \"completedOperations\": {},\n  \"elapsedSeconds\": {:.6},\n  \"maxLagMs\": {:.6},\n  \"processCpuMs\": {:.1},\n  \"hits\": {},\n  \"misses\": {},\n  \"evictions\": {},\n  \"evictionWrites\": {},\n  \"flushWrites\": {},\n  \"gcCyclesInWindow\": 0,\n  \"forcedGcCyclesInWindow\": 0,\n  \"gcPauseTotalMsInWindow\": 0,\n  \"heapInUseBytesAfterWindow\": 0\n}}\n",
        variant,
        option_env!("RUSTC_VERSION").unwrap_or("rustc (see services/bin/toolchains.txt)"),
        capacity,
        population.len(),
        resident,
        "resident set size (/proc/self/statm) after the cache was filled, minus the same before the LRU was built",
        footprint,
        process_start_ms,
        window_start / 1_000_000,
        window_end / 1_000_000,
        warmup_ops,
        scheduled,
        completed,
        (window_end - window_start) as f64 / 1e9,
        max_lag as f64 / 1e6,
        cpu_after - cpu_before,
        s.hits - stats_before.hits,
        s.misses - stats_before.misses,
        s.evictions - stats_before.evictions,
        s.eviction_writes - stats_before.eviction_writes,
        s.flush_writes - stats_before.flush_writes,
    );
    fs::write(format!("{}/service.json", out), json).map_err(|e| format!("cannot write service.json: {}", e))?;
    println!("done: {} of {} operations in {:.1} s", completed, scheduled, (window_end - window_start) as f64 / 1e9);
    Ok(())
}

/// What the driver adds to every operation — two clock reads and the recording of response time,
/// service time and start lag — timed over `n` operations (`rust-readstates bench-recording`).
/// The measurement's own cost, as the JVM's JMH `DriverBenchmark` measures it: recording the
/// already-taken times (`recordOneOperation`), one clock read, and both together (what the driver
/// adds to an operation: two clock reads and three records).
pub fn bench_recording(n: u64) {
    let rec = Recorders { active: Mutex::new(new_set()) };
    let ops = [Op::Ack, Op::Mention, Op::Get, Op::Ready];
    let epoch = Instant::now();
    let began = Instant::now();
    let mut v: i64 = 1234;
    for i in 0..n {
        v = (v * 31 + 7) & 0xFFFFF;
        rec.operation(ops[(i & 3) as usize], v + 1000, v, 10);
    }
    let recording = began.elapsed().as_nanos() as f64 / n as f64;
    let began = Instant::now();
    let mut sum = 0i64;
    for _ in 0..n {
        sum = sum.wrapping_add(epoch.elapsed().as_nanos() as i64);
    }
    let clock = began.elapsed().as_nanos() as f64 / n as f64;
    let began = Instant::now();
    for i in 0..n {
        let start = epoch.elapsed().as_nanos() as i64;
        let end = epoch.elapsed().as_nanos() as i64;
        rec.operation(ops[(i & 3) as usize], end - start + 1000, end - start, 10);
    }
    let path = began.elapsed().as_nanos() as f64 / n as f64;
    println!("recording: {:.1} ns per operation; clock read: {:.1} ns ({}); recording path (two clock reads + recording): {:.1} ns ({:.1}M operations/s); {} operations each",
             recording, clock, sum & 1, path, 1e3 / path, n);
}

/// The open-loop driver against a store that does nothing: `n` gets scheduled at `rate` per second,
/// each recorded as a measured run records it. Prints the rate achieved and the largest start lag.
pub fn bench_driver(rate: u64, n: u64) -> Result<(), String> {
    if rate == 0 || n == 0 {
        return Err(format!("--rate and --operations must be at least 1 (got {} and {})", rate, n));
    }
    let trace = Trace::synthetic(n as usize, 1_000_000_000 / rate as i64);
    let rec = Recorders { active: Mutex::new(new_set()) };
    let idle = AtomicBool::new(false);
    let epoch = Instant::now();
    let (done, max_lag) = replay(&trace, 0, trace.len(), |_, _| {}, Some(&rec), epoch, 0, &idle);
    let seconds = epoch.elapsed().as_secs_f64();
    println!("driver, no-op store: {} operations scheduled at {}/s, {:.0}/s achieved, max start lag {:.3} ms", done, rate, done as f64 / seconds,
             max_lag as f64 / 1e6);
    Ok(())
}
