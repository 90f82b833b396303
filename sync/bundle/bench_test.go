package bundle

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"testing"
)

// benchBundle is 500 changes of 100 set ops each, as a sync of a busy
// day's edits would carry.
func benchBundle(b *testing.B) *Bundle {
	b.Helper()
	return manyChanges(b, 500, 100)
}

func BenchmarkEncode(b *testing.B) {
	bun := benchBundle(b)
	var buf bytes.Buffer
	key := signerOf(b, bun.SenderKey)
	for b.Loop() {
		buf.Reset()
		if err := Encode(&buf, bun, key); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/bundle")
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkDecode(b *testing.B) {
	for _, size := range []struct{ changes, ops int }{{500, 100}, {50_000, 1}} {
		b.Run(fmt.Sprintf("%dx%d", size.changes, size.ops), func(b *testing.B) {
			data := encode(b, manyChanges(b, size.changes, size.ops))
			b.ReportMetric(float64(len(data)), "bytes/bundle")
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(bytes.NewReader(data), DecodeOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	bun := benchBundle(b)
	data := encode(b, bun)
	bun, err := Decode(bytes.NewReader(data), DecodeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(data)), "bytes/bundle")
	for b.Loop() {
		if err := Verify(bun, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHeader shows that reading a peer's vector is cheap.
func BenchmarkReadHeader(b *testing.B) {
	data := encode(b, benchBundle(b))
	for b.Loop() {
		if _, err := ReadHeader(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompressionLevel compares DEFLATE levels on the benchmark
// bundle's body (the basis for compressionLevel), and how long decoding
// each takes to inflate.
func BenchmarkCompressionLevel(b *testing.B) {
	bun := benchBundle(b)
	keys, err := keyTable(bun)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := compressBody(keys, bun.Changes, flate.NoCompression)
	if err != nil {
		b.Fatal(err)
	}
	for _, level := range []int{flate.BestSpeed, 3, flate.DefaultCompression, flate.BestCompression} {
		b.Run(fmt.Sprintf("level%d", level), func(b *testing.B) {
			var z []byte
			for b.Loop() {
				if z, err = compressBody(keys, bun.Changes, level); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(z)), "bytes/bundle")
			b.ReportMetric(float64(len(raw))/float64(len(z)), "ratio")
		})
		b.Run(fmt.Sprintf("inflate-level%d", level), func(b *testing.B) {
			z, err := compressBody(keys, bun.Changes, level)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(z))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
