//! rust-readstates: the case study's Rust rewrite as a readstates-gc row.
//!
//! `rust-readstates replay --trace FILE --capacity N [--variant btree|hash] --resident-out F --backing-out F`
//! applies a binary trace in order (write-behind only at eviction and at the end, as the JVM's
//! `replay` does) and writes the resident states and the backing store as sorted CSV, so that the
//! service is held to the same reference as the JVM stores.
//!
//! `rust-readstates run --population FILE --trace FILE --warmup-ops N --capacity N --write-behind-ms N --out DIR`
//! is the measured mode (`measured.rs`): the backing store preloaded with the population, the cache
//! filled, the trace replayed open-loop at its recorded times, `latency.hlog` and `service.json`
//! written to DIR.

mod bench;
mod hdr;
mod measured;
mod store;
mod trace;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::exit;

use store::{Backing, Index, Key, Lru, State};
use trace::{Op, Trace};

pub struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut pairs = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let name = &args[i];
            if !name.starts_with("--") || i + 1 >= args.len() {
                return Err(format!("expected --option value pairs, got '{}'", name));
            }
            pairs.push((name[2..].to_string(), args[i + 1].clone()));
            i += 2;
        }
        Ok(Args { pairs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("--{} is required", name))
    }

    pub fn number(&self, name: &str) -> Result<u64, String> {
        let v = self.required(name)?;
        v.parse::<u64>().map_err(|_| format!("--{} must be a whole number, got '{}'", name, v))
    }

    /// The option's number, or `fallback` when it is not given.
    pub fn number_or(&self, name: &str, fallback: u64) -> Result<u64, String> {
        if self.get(name).is_some() { self.number(name) } else { Ok(fallback) }
    }
}

fn write_csv(path: &str, states: &[(Key, State)]) -> Result<(), String> {
    let f = File::create(path).map_err(|e| format!("cannot write {}: {}", path, e))?;
    let mut w = BufWriter::new(f);
    let io = |e: std::io::Error| format!("cannot write {}: {}", path, e);
    writeln!(w, "userId,channelId,lastMessageId,mentionCount").map_err(io)?;
    for ((u, c), s) in states {
        writeln!(w, "{},{},{},{}", u, c, s.last, s.mentions).map_err(io)?;
    }
    w.flush().map_err(io)
}

fn replay<I: Index>(index: I, args: &Args) -> Result<(), String> {
    let trace = Trace::read(args.required("trace")?)?;
    let capacity = args.number("capacity")? as usize;
    if capacity == 0 {
        return Err("--capacity must be at least 1".to_string());
    }
    let mut lru = Lru::new(index, capacity);
    let mut backing = Backing::default();
    let mut states = Vec::new();
    for i in 0..trace.len() {
        let op = trace.get(i);
        match op.op {
            Op::Ack => lru.ack(op.user, op.channel, op.message, 0, &mut backing),
            Op::Mention => lru.mention(op.user, op.channel, 0, &mut backing),
            Op::Get => {
                lru.get(op.user, op.channel, &mut backing);
            }
            Op::Ready => lru.ready(op.user, &mut backing, &mut states),
        }
    }
    let resident = lru.resident();
    lru.flush(&mut backing);
    let mut stored = Vec::new();
    backing.each(&mut |k, s| stored.push((*k, *s)));
    write_csv(args.required("resident-out")?, &resident)?;
    write_csv(args.required("backing-out")?, &stored)?;
    println!(
        "replayed {} operations (capacity {}): {} resident states, {} stored states",
        trace.len(),
        capacity,
        resident.len(),
        stored.len()
    );
    Ok(())
}

fn run(argv: &[String]) -> Result<(), String> {
    let usage = "usage: rust-readstates replay --trace FILE --capacity N [--variant btree|hash] --resident-out F --backing-out F\n   \
        or: rust-readstates run --population FILE --trace FILE --warmup-ops N --capacity N --write-behind-ms N --out DIR [--variant btree|hash] [--interval-ms N] [--comment TEXT]\n   \
        or: rust-readstates bench-recording --operations N\n   \
        or: rust-readstates bench-driver [--rate N] [--operations N]\n   \
        or: rust-readstates bench-store [--variant btree|hash] [--capacity N] [--operations N]";
    let Some(command) = argv.first() else { return Err(usage.to_string()) };
    let args = Args::parse(&argv[1..])?;
    match command.as_str() {
        "replay" => match args.get("variant").unwrap_or("btree") {
            "btree" => replay(BTreeMap::new(), &args),
            "hash" => replay(HashMap::new(), &args),
            other => Err(format!("--variant is btree or hash, got '{}'", other)),
        },
        "run" => match args.get("variant").unwrap_or("btree") {
            "btree" => measured::run(BTreeMap::new(), "btree", &args),
            "hash" => measured::run(HashMap::new(), "hash", &args),
            other => Err(format!("--variant is btree or hash, got '{}'", other)),
        },
        "bench-recording" => {
            measured::bench_recording(args.number("operations")?);
            Ok(())
        }
        "bench-store" => {
            let (capacity, operations) = (args.number_or("capacity", 10_000_000)?, args.number_or("operations", 20_000_000)?);
            match args.get("variant").unwrap_or("btree") {
                "btree" => bench::bench_store(BTreeMap::new(), "btree", capacity, operations),
                "hash" => bench::bench_store(HashMap::new(), "hash", capacity, operations),
                other => Err(format!("--variant is btree or hash, got '{}'", other)),
            }
        }
        "bench-driver" => measured::bench_driver(args.number_or("rate", 1_000_000)?, args.number_or("operations", 5_000_000)?),
        other => Err(format!("unknown command '{}'; {}", other, usage)),
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&argv) {
        eprintln!("error: {}", e);
        exit(2);
    }
}
