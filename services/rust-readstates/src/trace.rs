//! The binary trace format of readstates-gc (docs/trace-format.md): a 32-byte header, then one
//! 40-byte little-endian record per operation. The file is read once into memory and indexed;
//! nothing is parsed per operation.

use std::fs;

pub const HEADER_BYTES: usize = 32;
pub const RECORD_BYTES: usize = 40;
const MAGIC: &[u8; 8] = b"RSTRACE1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Ack,
    Mention,
    Get,
    Ready,
}

#[derive(Clone, Copy, Debug)]
pub struct Operation {
    pub at_ns: i64,
    pub user: i64,
    pub channel: i64,
    pub message: i64,
    pub op: Op,
}

pub struct Trace {
    bytes: Vec<u8>,
    len: usize,
    pub timed: bool,
}

fn i64_at(b: &[u8], at: usize) -> i64 {
    i64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

impl Trace {
    /// Reads and checks a binary trace: header, size, op codes, times never decreasing.
    pub fn read(path: &str) -> Result<Trace, String> {
        let bytes = fs::read(path).map_err(|e| format!("cannot read trace {}: {}", path, e))?;
        if bytes.len() < HEADER_BYTES || &bytes[0..8] != MAGIC {
            return Err(format!("{} is not a binary readstates-gc trace (no RSTRACE1 header); write one with 'readstates-gc trace --format bin'", path));
        }
        let version = u32_at(&bytes, 8);
        let record = u32_at(&bytes, 12) as usize;
        if version != 1 || record != RECORD_BYTES {
            return Err(format!("trace {} is version {} with {}-byte records; this reader knows version 1 with 40-byte records", path, version, record));
        }
        let count = i64_at(&bytes, 16);
        if count < 1 || bytes.len() as i64 != HEADER_BYTES as i64 + count * RECORD_BYTES as i64 {
            return Err(format!("trace {} declares {} operations but is {} bytes", path, count, bytes.len()));
        }
        let timed = u32_at(&bytes, 24) & 1 != 0;
        let trace = Trace { bytes, len: count as usize, timed };
        let mut previous = 0i64;
        for i in 0..trace.len {
            let code = trace.bytes[HEADER_BYTES + i * RECORD_BYTES + 32];
            if code > 3 {
                return Err(format!("trace {} record {}: op code {}; expected 0 to 3", path, i, code));
            }
            let at = trace.at_ns(i);
            if at < previous {
                return Err(format!("trace {} record {}: at_ns {} goes back in time (previous {})", path, i, at, previous));
            }
            previous = at;
        }
        Ok(trace)
    }

    /// A timed trace in memory: `n` gets, one every `interval_ns` (for the driver's benchmark).
    pub fn synthetic(n: usize, interval_ns: i64) -> Trace {
        let mut bytes = vec![0u8; HEADER_BYTES + n * RECORD_BYTES];
        bytes[0..8].copy_from_slice(MAGIC);
        bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        bytes[12..16].copy_from_slice(&(RECORD_BYTES as u32).to_le_bytes());
        bytes[16..24].copy_from_slice(&(n as i64).to_le_bytes());
        bytes[24..28].copy_from_slice(&1u32.to_le_bytes());
        for i in 0..n {
            let r = HEADER_BYTES + i * RECORD_BYTES;
            bytes[r..r + 8].copy_from_slice(&(i as i64 * interval_ns).to_le_bytes());
            bytes[r + 8..r + 16].copy_from_slice(&((i % 1000) as i64).to_le_bytes());
            bytes[r + 16..r + 24].copy_from_slice(&(i as i64).to_le_bytes());
            bytes[r + 32] = 2;
        }
        Trace { bytes, len: n, timed: true }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn at_ns(&self, i: usize) -> i64 {
        i64_at(&self.bytes, HEADER_BYTES + i * RECORD_BYTES)
    }

    pub fn get(&self, i: usize) -> Operation {
        let base = HEADER_BYTES + i * RECORD_BYTES;
        let b = &self.bytes;
        Operation {
            at_ns: i64_at(b, base),
            user: i64_at(b, base + 8),
            channel: i64_at(b, base + 16),
            message: i64_at(b, base + 24),
            op: match b[base + 32] {
                0 => Op::Ack,
                1 => Op::Mention,
                2 => Op::Get,
                _ => Op::Ready,
            },
        }
    }
}
