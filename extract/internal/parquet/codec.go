package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	pq "github.com/parquet-go/parquet-go/format"
	"github.com/pierrec/lz4/v4"
)

// codecLZ4 is the deprecated LZ4 codec (5): Hadoop's framing of LZ4 blocks, or a bare block as
// early parquet-cpp wrote it.
const codecLZ4 pq.CompressionCodec = 5

// decompressor decompresses one column's pages into a buffer of exactly the size the page header
// states, never more: parquet-go's codecs grow their output as long as the input inflates.
type decompressor struct {
	out []byte
	in  bytes.Reader
	gz  *gzip.Reader
	br  *brotli.Reader
}

// decompress returns the size bytes src decompresses to with the codec.
func (d *decompressor) decompress(codec pq.CompressionCodec, src []byte, size int) ([]byte, error) {
	if codec == pq.Uncompressed {
		if len(src) != size {
			return nil, fmt.Errorf("uncompressed page of %d bytes where its header says %d", len(src), size)
		}
		return src, nil
	}
	if size == 0 && len(src) == 0 {
		return src, nil // an empty page (a v2 page of nulls) has no stream to decompress
	}
	d.out = grow(d.out, size)
	out := d.out
	var err error
	switch codec {
	case pq.Snappy:
		var n int
		if n, err = snappy.DecodedLen(src); err == nil && n != size {
			return nil, sizeError(codec, n, size)
		}
		if err == nil {
			_, err = snappy.Decode(out, src)
		}
	case pq.Gzip:
		d.in.Reset(src)
		if d.gz == nil {
			d.gz, err = gzip.NewReader(&d.in)
		} else {
			err = d.gz.Reset(&d.in)
		}
		if err == nil {
			err = readExactly(d.gz, out, codec)
		}
	case pq.Brotli:
		d.in.Reset(src)
		if d.br == nil {
			d.br = brotli.NewReader(&d.in)
		} else {
			err = d.br.Reset(&d.in)
		}
		if err == nil {
			err = readExactly(d.br, out, codec)
		}
	case pq.Zstd:
		var dec *zstd.Decoder
		if dec, err = zstdDecoder(); err == nil {
			var got []byte // the capacity bounds the output: WithDecodeAllCapLimit
			got, err = dec.DecodeAll(src, out[:0:size])
			if err == nil && len(got) != size {
				return nil, sizeError(codec, len(got), size)
			}
			out = got
		}
	case pq.Lz4Raw:
		err = lz4Block(out, src)
	case codecLZ4:
		if !lz4Hadoop(out, src) {
			err = lz4Block(out, src)
		}
	default:
		err = fmt.Errorf("unsupported codec %d", codec)
	}
	if err != nil {
		return nil, fmt.Errorf("decompressing %s page: %v", codecName(codec), err)
	}
	return out, nil
}

// codecName names a codec as errors do.
func codecName(c pq.CompressionCodec) string {
	if c == codecLZ4 {
		return "LZ4"
	}
	return c.String()
}

// sizeError says a page decompressed to another size than its header states.
func sizeError(codec pq.CompressionCodec, got, want int) error {
	return fmt.Errorf("%s page decompresses to %d bytes where its header says %d", codecName(codec), got, want)
}

// readExactly fills out from a decompressing reader and checks the stream ends there.
func readExactly(r io.Reader, out []byte, codec pq.CompressionCodec) error {
	if n, err := io.ReadFull(r, out); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return sizeError(codec, n, len(out))
		}
		return err
	}
	var one [1]byte
	if n, _ := r.Read(one[:]); n > 0 {
		return fmt.Errorf("page decompresses to more than the %d bytes its header says", len(out))
	}
	return nil
}

// lz4Block decompresses one LZ4 block that must fill out exactly.
func lz4Block(out, src []byte) error {
	n, err := lz4Into(out, src)
	if err != nil {
		return err
	}
	if n != len(out) {
		return fmt.Errorf("page decompresses to %d bytes where its header says %d", n, len(out))
	}
	return nil
}

// lz4Into decompresses an LZ4 block into dst. The decoder dereferences an empty destination (a
// page that says it decompresses to nothing), so that case gets a one-byte buffer: an empty block
// still decodes to nothing, and anything more is reported as a size mismatch.
func lz4Into(dst, src []byte) (int, error) {
	if len(dst) == 0 {
		var one [1]byte
		dst = one[:]
	}
	return lz4.UncompressBlock(src, dst)
}

// lz4Hadoop decompresses Hadoop-framed LZ4 (big-endian uncompressed and compressed lengths
// before each block); false when src is not in that framing or does not fill out exactly.
func lz4Hadoop(out, src []byte) bool {
	at := 0
	for len(src) > 0 {
		if len(src) < 8 {
			return false
		}
		ul, cl := binary.BigEndian.Uint32(src), binary.BigEndian.Uint32(src[4:])
		src = src[8:]
		if uint64(cl) > uint64(len(src)) || uint64(ul) > uint64(len(out)-at) {
			return false
		}
		n, err := lz4Into(out[at:at+int(ul)], src[:cl])
		if err != nil || n != int(ul) {
			return false
		}
		at += n
		src = src[cl:]
	}
	return at == len(out)
}

// zstdDecoder is shared by every reader: DecodeAll may be called concurrently, and the capacity of
// the buffer it is given bounds its output (WithDecodeAllCapLimit), whatever a frame claims.
var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithDecodeAllCapLimit(true))
})
