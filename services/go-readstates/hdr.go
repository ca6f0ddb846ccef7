package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"
	"math/bits"
)

// histogram is an HdrHistogram with the JVM cells' parameters (1 ns to 10 minutes, 3 significant
// digits) in HdrHistogram's own counts layout, so that its V2 encoding is the one Java's
// HistogramLogReader decodes. The layout and the encoding follow HdrHistogram's
// AbstractHistogram (countsArrayIndex, getBucketsNeededToCoverValue) and
// AbstractHistogram.encodeInto / ZigZagEncoding (https://github.com/HdrHistogram/HdrHistogram):
// a 40-byte big-endian header, then the counts up to the highest non-empty one as zig-zag LEB128
// numbers, a run of zeros written as its negated length.
const (
	histLowest = 1
	// histHighest is LatencyRecorders.HIGHEST_NANOS: ten minutes in nanoseconds.
	histHighest = 600_000_000_000
	histDigits  = 3

	v2EncodingCookie           = 0x1c849303 | 0x10
	v2CompressedEncodingCookie = 0x1c849304 | 0x10
)

type histogram struct {
	counts                []int64
	subBucketHalfCountMag uint
	subBucketHalfCount    int64
	subBucketMask         uint64
	leadingZeroCountBase  int
	total                 int64
	max                   int64
}

func newHistogram() *histogram {
	largestSingleUnit := 2 * int64(math.Pow10(histDigits))
	subBucketCountMag := uint(math.Ceil(math.Log2(float64(largestSingleUnit))))
	subBucketCount := int64(1) << subBucketCountMag
	buckets := 1
	for smallestUntrackable := subBucketCount; smallestUntrackable <= histHighest; smallestUntrackable <<= 1 {
		buckets++
	}
	h := &histogram{
		subBucketHalfCountMag: subBucketCountMag - 1,
		subBucketHalfCount:    subBucketCount / 2,
		subBucketMask:         uint64(subBucketCount - 1),
		leadingZeroCountBase:  64 - int(subBucketCountMag),
	}
	h.counts = make([]int64, (buckets+1)*int(subBucketCount/2))
	return h
}

func (h *histogram) index(v int64) int {
	bucket := h.leadingZeroCountBase - bits.LeadingZeros64(uint64(v)|h.subBucketMask)
	sub := v >> uint(bucket)
	return (bucket+1)<<h.subBucketHalfCountMag + int(sub-h.subBucketHalfCount)
}

// record adds one value, clamped into the trackable range as the JVM's recorders clamp.
func (h *histogram) record(v int64) {
	if v < histLowest {
		v = histLowest
	} else if v > histHighest {
		v = histHighest
	}
	h.counts[h.index(v)]++
	h.total++
	if v > h.max {
		h.max = v
	}
}

func (h *histogram) reset() {
	for i := range h.counts {
		h.counts[i] = 0
	}
	h.total = 0
	h.max = 0
}

func putZigZag(b *bytes.Buffer, v int64) {
	u := uint64((v << 1) ^ (v >> 63))
	var tmp [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(tmp[:], u)
	b.Write(tmp[:n])
}

// encoder turns histograms into AbstractHistogram.encodeIntoCompressedByteBuffer's form: the V2
// encoding, deflated with a zlib wrapper, behind its own cookie and length. It keeps its buffers and
// its deflater (about 1 MB of state) from one histogram to the next: a fresh zlib writer per
// histogram allocated megabytes a second, which under GOGC=off grew the heap all window long.
type encoder struct {
	payload, plain, deflated bytes.Buffer
	zw                       *zlib.Writer
}

func (e *encoder) encodeCompressed(h *histogram) []byte {
	e.payload.Reset()
	if h.total > 0 {
		limit := h.index(h.max) + 1
		for i := 0; i < limit; {
			count := h.counts[i]
			i++
			if count == 0 {
				zeros := int64(1)
				for i < limit && h.counts[i] == 0 {
					zeros++
					i++
				}
				if zeros > 1 {
					putZigZag(&e.payload, -zeros)
					continue
				}
			}
			putZigZag(&e.payload, count)
		}
	}
	var header [40]byte
	binary.BigEndian.PutUint32(header[0:], v2EncodingCookie)
	binary.BigEndian.PutUint32(header[4:], uint32(e.payload.Len()))
	binary.BigEndian.PutUint32(header[8:], 0)
	binary.BigEndian.PutUint32(header[12:], histDigits)
	binary.BigEndian.PutUint64(header[16:], histLowest)
	binary.BigEndian.PutUint64(header[24:], histHighest)
	binary.BigEndian.PutUint64(header[32:], math.Float64bits(1.0))
	e.plain.Reset()
	e.plain.Write(header[:])
	e.plain.Write(e.payload.Bytes())
	e.deflated.Reset()
	var cookie [8]byte
	e.deflated.Write(cookie[:])
	if e.zw == nil {
		e.zw = zlib.NewWriter(&e.deflated)
	} else {
		e.zw.Reset(&e.deflated)
	}
	e.zw.Write(e.plain.Bytes())
	e.zw.Close()
	out := e.deflated.Bytes()
	binary.BigEndian.PutUint32(out[0:], v2CompressedEncodingCookie)
	binary.BigEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out
}
