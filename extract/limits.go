package extract

import "github.com/crmready/crmready/extract/internal/parquet"

// Limits bound the memory a reader may spend on one file, so that a small hostile file cannot make
// crmready allocate gigabytes. A file that needs more is refused with an error naming the limit;
// raise the limit to read it. Every field's zero value means its default. The Max fields apply
// to Parquet (MaxBatchValues to Excel too), the Unzip fields to Excel workbooks.
type Limits struct {
	// MaxMetadataBytes bounds the footer: its size on disk and the estimated memory its
	// decoding takes. Default 256 MiB.
	MaxMetadataBytes int64
	// MaxPageBytes bounds the compressed and the uncompressed size of every page, as its header
	// states them, checked before the page is read or decompressed. Default 256 MiB.
	MaxPageBytes int64
	// MaxPageValues bounds the number of values (nulls included) in one data page. Default
	// 16,777,216.
	MaxPageValues int64
	// MaxDictionaryValues bounds the number of values in one dictionary page. Default
	// 16,777,216.
	MaxDictionaryValues int64
	// MaxDictionaryBytes bounds the uncompressed size of one dictionary page. Default 128 MiB.
	MaxDictionaryBytes int64
	// MaxDecodedBytes bounds the decoded pages and dictionaries held at one time, all columns
	// together (a file with many columns of tiny, highly compressed pages). Default 1 GiB.
	MaxDecodedBytes int64
	// MaxBatchValues bounds the values (rows x columns) in one batch: a very wide file is read
	// in batches of fewer rows than Options.BatchSize. Default 4,194,304.
	MaxBatchValues int64
	// UnzipSize caps the total unpacked size of a workbook's parts; a workbook that unpacks to
	// more is refused as a zip bomb. Default 2 GiB: the largest sheet Excel saves (1,048,576
	// rows) of a 20-column export unpacks to about 1.1 GB of XML (measured: 810 bytes per
	// 15-column row).
	UnzipSize int64
	// UnzipXMLSize caps the unpacked size of a workbook's shared-strings part, the one part
	// held in memory (sheets stream from the zip a row at a time); a workbook over it is
	// refused. Default 256 MiB.
	UnzipXMLSize int64
}

// The default limits.
const (
	DefaultMaxMetadataBytes    = 256 << 20
	DefaultMaxPageBytes        = 256 << 20
	DefaultMaxPageValues       = 1 << 24
	DefaultMaxDictionaryValues = 1 << 24
	DefaultMaxDictionaryBytes  = 128 << 20
	DefaultMaxDecodedBytes     = 1 << 30
	DefaultMaxBatchValues      = 1 << 22
	DefaultUnzipSize           = 2 << 30
	DefaultUnzipXMLSize        = 256 << 20
)

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxMetadataBytes, DefaultMaxMetadataBytes)
	def(&l.MaxPageBytes, DefaultMaxPageBytes)
	def(&l.MaxPageValues, DefaultMaxPageValues)
	def(&l.MaxDictionaryValues, DefaultMaxDictionaryValues)
	def(&l.MaxDictionaryBytes, DefaultMaxDictionaryBytes)
	def(&l.MaxDecodedBytes, DefaultMaxDecodedBytes)
	def(&l.MaxBatchValues, DefaultMaxBatchValues)
	def(&l.UnzipSize, DefaultUnzipSize)
	def(&l.UnzipXMLSize, DefaultUnzipXMLSize)
	l.UnzipXMLSize = min(l.UnzipXMLSize, l.UnzipSize)
	return l
}

// parquet returns the limits the Parquet page decoder applies.
func (l Limits) parquet() parquet.Limits {
	return parquet.Limits{MaxMetadataBytes: l.MaxMetadataBytes, MaxPageBytes: l.MaxPageBytes,
		MaxPageValues: l.MaxPageValues, MaxDictionaryValues: l.MaxDictionaryValues,
		MaxDictionaryBytes: l.MaxDictionaryBytes, MaxDecodedBytes: l.MaxDecodedBytes}
}
