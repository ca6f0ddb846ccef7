//! An HdrHistogram with the JVM cells' parameters (1 ns to 10 minutes, 3 significant digits) in
//! HdrHistogram's own counts layout, and its log: the V2 encoding Java's `HistogramLogReader`
//! decodes, in the interval log format 1.3 that `HistogramLogWriter` writes. Layout and encoding
//! follow HdrHistogram's `AbstractHistogram` (`countsArrayIndex`, `encodeInto`) and
//! `ZigZagEncoding` (https://github.com/HdrHistogram/HdrHistogram). The standard library has no
//! deflate, so the "compressed" form uses deflate's stored blocks (RFC 1951 §3.2.4) in a zlib
//! wrapper (RFC 1950) with its Adler-32: valid zlib that any inflater reads, just not smaller.

use std::fs::File;
use std::io::{BufWriter, Write};

const LOWEST: i64 = 1;
/// `LatencyRecorders.HIGHEST_NANOS`: ten minutes in nanoseconds.
const HIGHEST: i64 = 600_000_000_000;
const DIGITS: i32 = 3;
const V2_ENCODING_COOKIE: u32 = 0x1c84_9303 | 0x10;
const V2_COMPRESSED_ENCODING_COOKIE: u32 = 0x1c84_9304 | 0x10;

pub struct Histogram {
    counts: Vec<i64>,
    sub_bucket_half_count_mag: u32,
    sub_bucket_half_count: i64,
    sub_bucket_mask: u64,
    leading_zero_count_base: i32,
    pub total: i64,
    pub max: i64,
}

impl Histogram {
    pub fn new() -> Histogram {
        let largest_single_unit = 2 * 10i64.pow(DIGITS as u32);
        let sub_bucket_count_mag = (largest_single_unit as f64).log2().ceil() as u32;
        let sub_bucket_count = 1i64 << sub_bucket_count_mag;
        let mut buckets = 1usize;
        let mut smallest_untrackable = sub_bucket_count;
        while smallest_untrackable <= HIGHEST {
            smallest_untrackable <<= 1;
            buckets += 1;
        }
        Histogram {
            counts: vec![0; (buckets + 1) * (sub_bucket_count / 2) as usize],
            sub_bucket_half_count_mag: sub_bucket_count_mag - 1,
            sub_bucket_half_count: sub_bucket_count / 2,
            sub_bucket_mask: (sub_bucket_count - 1) as u64,
            leading_zero_count_base: 64 - sub_bucket_count_mag as i32,
            total: 0,
            max: 0,
        }
    }

    fn index(&self, v: i64) -> usize {
        let bucket = self.leading_zero_count_base - ((v as u64) | self.sub_bucket_mask).leading_zeros() as i32;
        let sub = v >> bucket;
        ((((bucket + 1) as i64) << self.sub_bucket_half_count_mag) + sub - self.sub_bucket_half_count) as usize
    }

    /// Adds one value, clamped into the trackable range as the JVM's recorders clamp.
    pub fn record(&mut self, v: i64) {
        let v = v.clamp(LOWEST, HIGHEST);
        let i = self.index(v);
        self.counts[i] += 1;
        self.total += 1;
        self.max = self.max.max(v);
    }

    pub fn reset(&mut self) {
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.total = 0;
        self.max = 0;
    }

    /// `AbstractHistogram.encodeIntoCompressedByteBuffer`.
    pub fn encode_compressed(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        if self.total > 0 {
            let limit = self.index(self.max) + 1;
            let mut i = 0;
            while i < limit {
                let count = self.counts[i];
                i += 1;
                if count == 0 {
                    let mut zeros = 1i64;
                    while i < limit && self.counts[i] == 0 {
                        zeros += 1;
                        i += 1;
                    }
                    if zeros > 1 {
                        put_zigzag(&mut payload, -zeros);
                        continue;
                    }
                }
                put_zigzag(&mut payload, count);
            }
        }
        let mut plain = Vec::with_capacity(40 + payload.len());
        plain.extend_from_slice(&V2_ENCODING_COOKIE.to_be_bytes());
        plain.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        plain.extend_from_slice(&0u32.to_be_bytes());
        plain.extend_from_slice(&(DIGITS as u32).to_be_bytes());
        plain.extend_from_slice(&LOWEST.to_be_bytes());
        plain.extend_from_slice(&HIGHEST.to_be_bytes());
        plain.extend_from_slice(&1.0f64.to_be_bytes());
        plain.extend_from_slice(&payload);
        let deflated = zlib_stored(&plain);
        let mut out = Vec::with_capacity(8 + deflated.len());
        out.extend_from_slice(&V2_COMPRESSED_ENCODING_COOKIE.to_be_bytes());
        out.extend_from_slice(&(deflated.len() as u32).to_be_bytes());
        out.extend_from_slice(&deflated);
        out
    }
}

fn put_zigzag(out: &mut Vec<u8>, v: i64) {
    let mut u = ((v << 1) ^ (v >> 63)) as u64;
    while u >= 0x80 {
        out.push((u as u8) | 0x80);
        u >>= 7;
    }
    out.push(u as u8);
}

/// A zlib stream of stored (uncompressed) deflate blocks.
pub fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(if blocks.peek().is_none() { 1 } else { 0 });
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity((data.len() + 2) / 3 * 4);
    for chunk in data.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// HdrHistogram's interval log, format 1.3, with timestamps relative to its start time.
pub struct IntervalLog {
    w: BufWriter<File>,
    start_epoch_ns: i128,
}

impl IntervalLog {
    pub fn create(path: &str, comment: &str, start_epoch_ns: i128) -> Result<IntervalLog, String> {
        let f = File::create(path).map_err(|e| format!("cannot write {}: {}", path, e))?;
        let mut w = BufWriter::new(f);
        let secs = start_epoch_ns as f64 / 1e9;
        write!(w, "#{}\n#[Histogram log format version 1.3]\n#[StartTime: {:.3} (seconds since epoch)]\n", comment, secs)
            .and_then(|_| writeln!(w, "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\""))
            .map_err(|e| format!("cannot write {}: {}", path, e))?;
        Ok(IntervalLog { w, start_epoch_ns })
    }

    pub fn write(&mut self, tag: &str, from_epoch_ns: i128, to_epoch_ns: i128, h: &Histogram) -> std::io::Result<()> {
        writeln!(
            self.w,
            "Tag={},{:.3},{:.3},{:.3},{}",
            tag,
            (from_epoch_ns - self.start_epoch_ns) as f64 / 1e9,
            (to_epoch_ns - from_epoch_ns) as f64 / 1e9,
            h.max as f64 / 1e6,
            base64(&h.encode_compressed())
        )
    }

    pub fn close(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    /// Counts each thread's allocations, so a test can say that recording allocates nothing.
    struct Counting;

    thread_local! {
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.with(|c| c.set(c.get() + 1));
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static COUNTING: Counting = Counting;

    #[test]
    fn recording_allocates_nothing() {
        let mut h = Histogram::new();
        let before = ALLOCATIONS.with(|c| c.get());
        for v in 0..100_000i64 {
            h.record(v * 7919 % 50_000_000);
        }
        assert_eq!(ALLOCATIONS.with(|c| c.get()) - before, 0, "recording allocated");
        assert_eq!(h.total, 100_000);
    }

    #[test]
    fn adler32_of_wikipedia_is_the_known_value() {
        let z = zlib_stored(b"Wikipedia");
        assert_eq!(&z[z.len() - 4..], &0x11E6_0398u32.to_be_bytes());
    }

    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn values_land_in_hdrhistogram_s_counts_layout() {
        let h = Histogram::new();
        assert_eq!(h.counts.len(), 31 * 1024);
        assert_eq!(h.index(1), 1);
        assert_eq!(h.index(2047), 2047);
        assert_eq!(h.index(2048), 2048);
        assert_eq!(h.index(4095), 3071);
    }
}
