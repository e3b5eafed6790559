package checks

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/crmready/crmready/extract"
)

// Duplicates finds records that are extra copies of another, in tiers reported separately and
// cumulatively (a normalized count includes the exact ones). The exact tier matches records with
// the same identifier, the same raw email, or the same value in every column that is not an
// identifier. The normalized tier adds the email trimmed and lower-cased, the phone in E.164, and
// for accounts the company name without punctuation and legal form and the web domain, for
// people the name at the same company. Matches group into clusters transitively; blank and
// placeholder values are never keys.
var Duplicates = &Check{
	ID:       "duplicates",
	Doc:      "records that are extra copies of another: exact (id, raw email, whole record) and normalized (email, phone, company, domain, name) tiers, and a fuzzy tier that joins people and businesses written differently (similar names, companies, addresses, birth dates)",
	Findings: duplicatesFindings,
	Metrics: []MetricDef{
		{ID: "duplicates.exact.rate", Unit: Ratio, Doc: "(records in exact-duplicate clusters - clusters) / records: the share of records that are extra copies", Plain: "{value} of {records} are exact copies of another record"},
		{ID: "duplicates.exact.clusters", Unit: Count, Doc: "clusters of records that are exact duplicates of each other", Plain: "{value} groups of duplicate {records}"},
		{ID: "duplicates.exact.id", Unit: Count, Doc: "records whose identifier another record already has", Needs: "no id column", Plain: "{value} {records} repeat another record's identifier"},
		{ID: "duplicates.exact.email", Unit: Count, Doc: "records whose raw email another record already has", Needs: "no email column", Plain: "{value} {records} repeat another record's email"},
		{ID: "duplicates.exact.record", Unit: Count, Doc: "records equal to another in every column that is not an identifier", Plain: "{value} {records} repeat another record's values"},
		{ID: "duplicates.normalized.rate", Unit: Ratio, Doc: "(records in clusters - clusters) / records, clusters joining exact and normalized matches", Plain: "{value} of {records} are duplicates of another record (same email, phone or name once normalized)"},
		{ID: "duplicates.normalized.clusters", Unit: Count, Doc: "clusters of records that are exact or normalized duplicates", Plain: "{value} groups of duplicate {records}"},
		{ID: "duplicates.normalized.email", Unit: Count, Doc: "records whose trimmed, lower-cased email another record already has", Needs: "no email column", Plain: "{value} {records} repeat another record's email"},
		{ID: "duplicates.normalized.phone", Unit: Count, Doc: "records whose phone in E.164 another record already has", Needs: "no phone column", Plain: "{value} {records} repeat another record's phone"},
		{ID: "duplicates.normalized.company", Unit: Count, Doc: "accounts whose company name, without punctuation and legal form, another account already has", Needs: "not an account dataset with a company name column", Plain: "{value} {records} repeat another record's company"},
		{ID: "duplicates.normalized.domain", Unit: Count, Doc: "accounts whose web domain (from website, domain or a work email) another account already has", Needs: "not an account dataset with a website, domain or email column", Plain: "{value} {records} repeat another record's domain"},
		{ID: "duplicates.normalized.name", Unit: Count, Doc: "people whose normalized name at the same normalized company another record already has", Needs: "no person name and company columns", Plain: "{value} {records} repeat another record's name"},
		{ID: "duplicates.lead_is_contact", Unit: Count, Doc: "unconverted leads whose normalized email belongs to a contact in another dataset", Needs: "no contact dataset, or no email column", Plain: "{value} unconverted {records} are already contacts"},
		{ID: "duplicates.exact.largest", Unit: Count, Doc: "records in the largest exact-duplicate cluster (0 when there is none)", Plain: "the largest group of exact duplicate {records} holds {value} records"},
		{ID: "duplicates.normalized.largest", Unit: Count, Doc: "records in the largest cluster of exact or normalized duplicates", Plain: "the largest group of duplicate {records} holds {value} records"},
		{ID: "duplicates.fuzzy.rate", Unit: Ratio, Doc: "(records in clusters - clusters) / records, clusters joining exact, normalized and fuzzy matches (similar names, companies, addresses, birth dates)", Needs: fuzzyNeeds, Plain: "{value} of {records} are likely duplicates of another record (exact, normalized or similar names)"},
		{ID: "duplicates.fuzzy.clusters", Unit: Count, Doc: "clusters of records that are exact, normalized or fuzzy duplicates", Needs: fuzzyNeeds, Plain: "{value} groups of duplicate {records}"},
		{ID: "duplicates.fuzzy.largest", Unit: Count, Doc: "records in the largest cluster of exact, normalized or fuzzy duplicates", Needs: fuzzyNeeds, Plain: "the largest group of likely duplicate {records} holds {value} records"},
	},
	New:        newDuplicates,
	Sequential: true,
}

// The indexes of Duplicates.Metrics.
const (
	mExactRate = iota
	mExactClusters
	mExactID
	mExactEmail
	mExactRecord
	mNormRate
	mNormClusters
	mNormEmail
	mNormPhone
	mNormCompany
	mNormDomain
	mNormName
	mLeadIsContact
	mExactLargest
	mNormLargest
	mFuzzyRate
	mFuzzyClusters
	mFuzzyLargest
)

// fuzzyNeeds says why the fuzzy metrics can be absent.
const fuzzyNeeds = "the fuzzy tier is off (checks.duplicates.fuzzy.enabled) or over its record limit (max_records), or there is no name or company column"

// A dupKey is one way two records can be the same. Its first occurrences are split into shards
// by hash, so that shards can be folded at the same time, each in record order.
type dupKey struct {
	kind    string // finding kind
	metric  int    // index in Duplicates.Metrics
	exact   bool   // exact tier
	column  string // for messages
	value   func(d *duplicates, b *extract.Batch, i int) string
	first   KeyShards
	repeats [][]repeat // per shard: every record whose key an earlier record had
	samples [][]sample // per shard: the first of them, with what findings show
}

// repeat is a record whose key an earlier record already had.
type repeat struct {
	key    uint64
	record int64
}

// sample is a repeat as a finding shows it. A shard keeps the first MaxFindings (records come in
// order within a shard), enough for the lowest-numbered MaxFindings of all shards.
type sample struct {
	repeat
	value string
	pos   Finding // location, without message
}

// dupShards is the number of shards a key kind is split into. It is fixed, not the number of
// cores, so that which repeats each shard samples, and so the report, is the same on every
// machine; the cores share the shards.
const dupShards = 8

type duplicates struct {
	ds      *Dataset
	p       *Params
	rows    int64
	phones  *phoneCache // shared by the goroutines of a fold
	shards  int
	workers int // goroutines that share the shards

	ids       []*dupKey
	email     *dupKey // exact
	record    *dupKey
	normEmail *dupKey
	allKeys   []*dupKey
	keyFuncs  []func(d *duplicates, b *extract.Batch, i int) uint64 // per key: the row's hash, 0 for none
	idCols    []int
	emailC    int
	phoneC    int
	companyC  int
	websiteC  int
	domainC   int
	fullC     int
	firstC    int
	lastC     int
	dataCols  []int
	// unconverted maps the normalized emails of unconverted leads to their first record, for
	// the cross-dataset check of leads that are already contacts.
	unconverted KeyShards
	labelC      int
	dict        []*Placeholders // per column
	hashes      [][]uint64      // per key, per row of the batch being folded
	rowsBy      [][][][]int32   // per worker, key and shard: the batch's rows with a key there
	fuzzy       *fuzzyTier      // nil when the tier is off or has nothing to compare
	log         *recordLog      // where each record is and its key values, for clusters
}

func newDuplicates(ds *Dataset, p *Params) (Analyzer, error) {
	d := &duplicates{ds: ds, p: p, phones: newPhoneCache(p.Duplicates.PhoneRegion), shards: dupShards, workers: max(1, min(runtime.GOMAXPROCS(0), dupShards)), idCols: ds.Columns(extract.RoleID),
		emailC: ds.Column(extract.RoleEmail), phoneC: ds.Column(extract.RolePhone), companyC: ds.Column(extract.RoleCompany),
		websiteC: ds.Column(extract.RoleWebsite), domainC: ds.Column(extract.RoleDomain), fullC: ds.Column(extract.RoleFullName),
		firstC: ds.Column(extract.RoleFirstName), lastC: ds.Column(extract.RoleLastName), labelC: ds.Column(extract.RoleLabel)}
	d.dict = p.placeholdersFor(ds)
	hint := int(min(ds.RowsHint, 1<<28))
	if ds.Object == extract.Lead && p.present(extract.Contact) {
		d.unconverted = NewKeyShards(d.shards, hint)
	}
	add := func(kind string, metric int, exact bool, col int, hash func(*duplicates, *extract.Batch, int) uint64,
		value func(*duplicates, *extract.Batch, int) string) *dupKey {
		k := &dupKey{kind: kind, metric: metric, exact: exact, value: value, first: NewKeyShards(d.shards, hint),
			repeats: make([][]repeat, d.shards), samples: make([][]sample, d.shards)}
		if col >= 0 {
			k.column = ds.Schema.Columns[col].Name
		}
		d.allKeys = append(d.allKeys, k)
		d.keyFuncs = append(d.keyFuncs, hash)
		return k
	}
	for _, j := range d.idCols {
		d.ids = append(d.ids, add("duplicate_id", mExactID, true, j, textKey(j), rawValue(j)))
	}
	if d.emailC >= 0 {
		d.email = add("duplicate_email", mExactEmail, true, d.emailC, textKey(d.emailC), rawValue(d.emailC))
		d.normEmail = add("normalized_email", mNormEmail, false, d.emailC, (*duplicates).emailKey, rawValue(d.emailC))
	}
	for j, c := range ds.Schema.Columns {
		if c.Role != extract.RoleID && c.Skipped == "" {
			d.dataCols = append(d.dataCols, j)
		}
	}
	d.record = add("duplicate_record", mExactRecord, true, -1, (*duplicates).recordKey, nil)
	if d.phoneC >= 0 {
		add("normalized_phone", mNormPhone, false, d.phoneC, (*duplicates).phoneKey, rawValue(d.phoneC))
	}
	person := ds.Object == extract.Lead || ds.Object == extract.Contact || ds.Object == extract.User
	acct := ds.Object == extract.Account
	if acct && d.companyC >= 0 {
		add("normalized_company", mNormCompany, false, d.companyC, (*duplicates).companyKey, (*duplicates).company)
	}
	if acct && (d.websiteC >= 0 || d.domainC >= 0 || d.emailC >= 0) {
		add("normalized_domain", mNormDomain, false, -1, (*duplicates).domainKey, (*duplicates).rowDomain)
	}
	if person && d.companyC >= 0 && (d.fullC >= 0 || d.lastC >= 0) {
		add("normalized_name", mNormName, false, -1, (*duplicates).nameKey, (*duplicates).nameAtCompany)
	}
	d.hashes = make([][]uint64, len(d.allKeys))
	d.log = newRecordLog(ds, d.workers)
	if fz := p.Duplicates.Fuzzy; fz.on() {
		if d.fuzzy = newFuzzyTier(d, ds, fz.Threshold); d.fuzzy != nil {
			d.fuzzy.parts, d.fuzzy.scratch = make([]fuzzyStore, d.workers), make([]scratch, d.workers)
			d.fuzzy.limit = fz.limit()
		}
	}
	return d, nil
}

// Fold hashes every row's keys (rows split among goroutines), then puts the keys in the shards'
// tables (shards at the same time, each in record order). The outcome is that of a fold row
// by row, whatever the number of shards.
func (d *duplicates) Fold(b *extract.Batch) {
	d.rows += int64(b.Len)
	for k := range d.hashes {
		if cap(d.hashes[k]) < b.Len {
			d.hashes[k] = make([]uint64, b.Len)
		}
		d.hashes[k] = d.hashes[k][:b.Len]
	}
	// Phase 1: each worker hashes a range of rows and lists, per key and shard, the rows whose
	// key falls in that shard; ranges are in record order, so the lists are too.
	if len(d.rowsBy) != d.workers {
		d.rowsBy = make([][][][]int32, d.workers)
		for w := range d.rowsBy {
			d.rowsBy[w] = make([][][]int32, len(d.allKeys))
			for k := range d.rowsBy[w] {
				d.rowsBy[w][k] = make([][]int32, d.shards)
			}
		}
	}
	file := d.log.file(b.File)
	parallel(d.workers, d.workers, func(_, w int) {
		lo, hi := w*b.Len/d.workers, (w+1)*b.Len/d.workers
		d.log.write(w, b, file, lo, hi)
		if d.fuzzy != nil {
			d.fuzzy.fold(w, b, lo, hi)
		}
		for k, f := range d.keyFuncs {
			hs, by := d.hashes[k], d.rowsBy[w][k]
			for s := range by {
				by[s] = by[s][:0]
			}
			for i := lo; i < hi; i++ {
				h := f(d, b, i)
				hs[i] = h
				if h != 0 {
					s := h % uint64(d.shards)
					by[s] = append(by[s], int32(i))
				}
			}
		}
	})
	for w := range d.workers {
		d.log.add(w)
		if d.fuzzy != nil {
			d.fuzzy.add(&d.fuzzy.parts[w])
		}
	}
	// Phase 2: the shards' tables, at the same time.
	parallel(d.workers, d.workers, func(_, w int) {
		for shard := w; shard < d.shards; shard += d.workers {
			d.foldShard(b, shard)
		}
	})
}

// foldShard puts the batch's keys that belong to shard in its tables, in record order.
func (d *duplicates) foldShard(b *extract.Batch, shard int) {
	for k, key := range d.allKeys {
		t, hs := key.first[shard], d.hashes[k]
		for w := range d.rowsBy {
			for _, i32 := range d.rowsBy[w][k][shard] {
				i := int(i32)
				h, rec := hs[i], b.RecordNo(i)
				if _, seen := t.Put(h, rec); seen {
					key.repeats[shard] = append(key.repeats[shard], repeat{key: h, record: rec})
					if len(key.samples[shard]) < d.sampleCap(key) {
						value := ""
						if key.value != nil {
							value = strings.Clone(key.value(d, b, i)) // not a slice of the reader's record
						}
						key.samples[shard] = append(key.samples[shard], sample{repeat{h, rec}, value, At(b, i, "", "", "", "")})
					}
				}
				if key == d.normEmail && d.unconverted != nil {
					if converted, _ := d.label(b, i); !converted {
						d.unconverted[shard].Put(h, rec)
					}
				}
			}
		}
	}
}

// sampleCap is how many repeats of a key a shard keeps for findings: normalized emails keep
// twice as many, since those that are also exact repeats are reported in the exact tier.
func (d *duplicates) sampleCap(k *dupKey) int {
	if k == d.normEmail {
		return 2 * d.p.MaxFindings
	}
	return d.p.MaxFindings
}

// textKey hashes column j's text.
func textKey(j int) func(d *duplicates, b *extract.Batch, i int) uint64 {
	return func(d *duplicates, b *extract.Batch, i int) uint64 {
		if s, ok := d.present(b, j, i); ok {
			return nonZero(xxh3.HashString(s))
		}
		return 0
	}
}

// rawValue is column j's text, for findings.
func rawValue(j int) func(d *duplicates, b *extract.Batch, i int) string {
	return func(d *duplicates, b *extract.Batch, i int) string {
		s, _ := d.present(b, j, i)
		return s
	}
}

func (d *duplicates) emailKey(b *extract.Batch, i int) uint64 {
	if s, ok := d.present(b, d.emailC, i); ok {
		return nonZero(xxh3.HashString(NormalizeEmail(s)))
	}
	return 0
}

func (d *duplicates) phoneKey(b *extract.Batch, i int) uint64 {
	if s, ok := d.present(b, d.phoneC, i); ok {
		if e, ok := d.phones.Normalize(s); ok {
			return nonZero(xxh3.HashString(e))
		}
	}
	return 0
}

// company is row i's normalized company name, for findings.
func (d *duplicates) company(b *extract.Batch, i int) string {
	var buf [128]byte
	return string(d.appendCompany(buf[:0], b, i))
}

// appendCompany appends row i's normalized company name to dst.
func (d *duplicates) appendCompany(dst []byte, b *extract.Batch, i int) []byte {
	if s, ok := d.present(b, d.companyC, i); ok {
		return appendCompany(dst, s)
	}
	return dst
}

func (d *duplicates) companyKey(b *extract.Batch, i int) uint64 {
	var buf [128]byte
	if c := d.appendCompany(buf[:0], b, i); len(c) > 0 {
		return nonZero(xxh3.Hash(c))
	}
	return 0
}

func (d *duplicates) domainKey(b *extract.Batch, i int) uint64 {
	if dom := d.rowDomain(b, i); dom != "" {
		return nonZero(xxh3.HashString(dom))
	}
	return 0
}

// nameAtCompany is a person's normalized name and company ("ann lee at acme"), "" when either
// is missing.
func (d *duplicates) nameAtCompany(b *extract.Batch, i int) string {
	var buf [256]byte
	return string(d.appendNameAtCompany(buf[:0], b, i))
}

// nameKey hashes nameAtCompany's text, built without allocating.
func (d *duplicates) nameKey(b *extract.Batch, i int) uint64 {
	var buf [256]byte
	if key := d.appendNameAtCompany(buf[:0], b, i); len(key) > 0 {
		return nonZero(xxh3.Hash(key))
	}
	return 0
}

// appendNameAtCompany appends nameAtCompany's text to dst, or nothing.
func (d *duplicates) appendNameAtCompany(dst []byte, b *extract.Batch, i int) []byte {
	start := len(dst)
	if full, ok := d.present(b, d.fullC, i); ok {
		dst = appendName(dst, full)
	} else if last, ok := d.present(b, d.lastC, i); ok {
		first, _ := d.present(b, d.firstC, i)
		dst = appendName(dst, first)
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		n := len(dst)
		if dst = appendName(dst, last); len(dst) == n && n > start {
			dst = dst[:n-1]
		}
	}
	if len(dst) == start {
		return dst
	}
	dst = append(dst, " at "...)
	n := len(dst)
	if dst = d.appendCompany(dst, b, i); len(dst) == n {
		return dst[:start]
	}
	return dst
}

func (d *duplicates) recordKey(b *extract.Batch, i int) uint64 {
	if h, ok := d.recordHash(b, i); ok {
		return nonZero(h)
	}
	return 0
}

// label reads row i's converted flag, if the dataset has one.
func (d *duplicates) label(b *extract.Batch, i int) (yes, ok bool) {
	if d.labelC < 0 {
		return false, false
	}
	return truth(b.Cols[d.labelC], i)
}

// Export implements Exporter: contacts offer their emails, leads their unconverted leads' emails.
func (d *duplicates) Export(e *Exports) {
	switch {
	case d.unconverted != nil:
		e.Emails = d.unconverted
	case d.ds.Object == extract.Contact && d.normEmail != nil:
		e.Emails = d.normEmail.first
	}
}

// rowDomain is an account's web domain: from the domain or website column, else a work email.
func (d *duplicates) rowDomain(b *extract.Batch, i int) string {
	if s, ok := d.present(b, d.domainC, i); ok {
		return DomainOfWebsite(s)
	}
	if s, ok := d.present(b, d.websiteC, i); ok {
		return DomainOfWebsite(s)
	}
	if s, ok := d.present(b, d.emailC, i); ok {
		return DomainOfEmail(s)
	}
	return ""
}

// present returns row i's text in column j unless the column is absent or the value missing.
func (d *duplicates) present(b *extract.Batch, j, i int) (string, bool) {
	if j < 0 {
		return "", false
	}
	v := b.Cols[j]
	if isMissing(v, i, d.dict[j]) {
		return "", false
	}
	return v.Text(i), true
}

// recordHash hashes row i's non-identifier values, field by field, and mixes them; ok is false
// when they are all missing.
func (d *duplicates) recordHash(b *extract.Batch, i int) (uint64, bool) {
	h := uint64(len(d.dataCols))
	present := false
	for _, j := range d.dataCols {
		v := b.Cols[j]
		var x uint64
		switch {
		case v.Null[i]:
			x = 0x6e756c6c // "null"
		case v.Str != nil:
			x = xxh3.HashString(v.Str[i])
			present = true
		default:
			x = typedBits(v, i)
			present = true
		}
		h = bits.RotateLeft64(h^x, 27) * 0x9E3779B97F4A7C15
	}
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], h)
	return xxh3.Hash(buf[:]), present
}

func typedBits(v *extract.Vector, i int) uint64 {
	switch v.Type {
	case extract.Int:
		return uint64(v.Int[i])
	case extract.Float:
		return math.Float64bits(v.Float[i])
	case extract.Time:
		return uint64(v.Time[i])
	case extract.Bool:
		if v.Bool[i] {
			return 1
		}
	}
	return 0
}

func (d *duplicates) Merge(other Analyzer) {
	o := other.(*duplicates)
	d.rows += o.rows
	for k, ok := range o.allKeys {
		dk := d.allKeys[k]
		ok.first.Each(func(h uint64, rec int64) {
			mine, seen := dk.first.Put(h, rec)
			s := dk.first.shard(h)
			switch {
			case !seen:
			case rec < mine: // a first occurrence here is a repeat there; its location is not kept
				dk.first.Set(h, rec)
				dk.repeats[s] = append(dk.repeats[s], repeat{h, mine})
				dk.samples[s] = append(dk.samples[s], sample{repeat: repeat{h, mine}, pos: Finding{Record: mine}})
			default:
				dk.repeats[s] = append(dk.repeats[s], repeat{h, rec})
				dk.samples[s] = append(dk.samples[s], sample{repeat: repeat{h, rec}, pos: Finding{Record: rec}})
			}
		})
		for s := range ok.repeats {
			dk.repeats[s] = append(dk.repeats[s], ok.repeats[s]...)
			dk.samples[s] = append(dk.samples[s], ok.samples[s]...)
		}
	}
	d.log.merge(o.log)
	if d.fuzzy != nil && o.fuzzy != nil {
		d.fuzzy.merge(o.fuzzy)
	}
	if o.unconverted != nil {
		o.unconverted.Each(func(h uint64, rec int64) {
			if mine, seen := d.unconverted.Put(h, rec); seen && rec < mine {
				d.unconverted.Set(h, rec)
			}
		})
	}
}

func (d *duplicates) Result() Result {
	var r Result
	fs := d.p.NewFindings()
	exact, all := newUnionFind(), newUnionFind()
	counts := make([]int64, len(Duplicates.Metrics))
	for _, k := range d.allKeys {
		var n int64
		for _, shard := range k.repeats {
			n += int64(len(shard))
			for _, rp := range shard {
				first, _ := k.first.Get(rp.key)
				all.union(first, rp.record)
				if k.exact {
					exact.union(first, rp.record)
				}
			}
		}
		counts[k.metric] += n
		d.report(fs, k, n)
	}
	defs := Duplicates.Metrics
	exactGroups, allGroups := exact.groups(), all.groups()
	inExact, exactClusters := clusterCounts(exactGroups)
	inAll, allClusters := clusterCounts(allGroups)
	r.Metrics = append(r.Metrics,
		ratioMetric(defs[mExactRate], "", inExact-exactClusters, d.rows),
		countMetric(defs[mExactClusters], exactClusters))
	if len(d.idCols) > 0 {
		r.Metrics = append(r.Metrics, countMetric(defs[mExactID], counts[mExactID]))
	} else {
		fs.Add(missingRole(extract.RoleID, "duplicate identifiers not checked"))
	}
	if d.email != nil {
		r.Metrics = append(r.Metrics, countMetric(defs[mExactEmail], counts[mExactEmail]))
	} else {
		fs.Add(missingRole(extract.RoleEmail, "duplicate emails not checked"))
	}
	r.Metrics = append(r.Metrics, countMetric(defs[mExactRecord], counts[mExactRecord]),
		ratioMetric(defs[mNormRate], "", inAll-allClusters, d.rows),
		countMetric(defs[mNormClusters], allClusters))
	for _, k := range d.allKeys {
		if !k.exact {
			r.Metrics = append(r.Metrics, countMetric(defs[k.metric], counts[k.metric]))
		}
	}
	r.Metrics = append(r.Metrics, countMetric(defs[mExactLargest], largest(exactGroups)), countMetric(defs[mNormLargest], largest(allGroups)))
	final, finalGroups := all, allGroups
	var joins []fuzzyJoin
	if d.fuzzy != nil && d.fuzzy.over {
		fs.Add(Finding{Kind: "fuzzy_not_run", Message: fmt.Sprintf("the fuzzy tier did not run: more than checks.duplicates.fuzzy.max_records (%d) records have a name, company or email",
			d.fuzzy.limit)})
	}
	if d.fuzzy != nil && !d.fuzzy.over {
		out := d.fuzzy.run(func(rec int64) int64 { root, _ := all.lookup(rec); return root }, d.p.KeepPairs)
		joins = out.joins
		final = all.clone()
		for _, j := range joins {
			final.union(j.a, j.b)
		}
		finalGroups = final.groups()
		in, n := clusterCounts(finalGroups)
		r.Metrics = append(r.Metrics, ratioMetric(defs[mFuzzyRate], "", in-n, d.rows), countMetric(defs[mFuzzyClusters], n),
			countMetric(defs[mFuzzyLargest], largest(finalGroups)))
		r.Fuzzy = d.fuzzy.stats(out)
	}
	r.Clusters, r.ClustersTotal = d.clusters(final, finalGroups, exact, all, joins)
	d.log.close()
	r.Findings = fs.Groups()
	return r
}

// report adds a key kind's findings: its samples, and a count for the rest. A normalized email
// repeat that is also an exact one is counted in both tiers but reported once, in the exact
// tier.
func (d *duplicates) report(fs *Findings, k *dupKey, total int64) {
	samples := slices.Concat(k.samples...)
	// A repeat that a merge displaced has no value of its own: show the key's smallest.
	values := map[uint64]string{}
	for _, sm := range samples {
		if v, ok := values[sm.key]; sm.value != "" && (!ok || sm.value < v) {
			values[sm.key] = sm.value
		}
	}
	if k == d.normEmail && d.email != nil {
		for _, shard := range d.email.repeats {
			total -= int64(len(shard))
		}
		samples = slices.DeleteFunc(samples, func(sm sample) bool { return d.exactEmailRepeat(sm) })
		if int64(len(samples)) > total { // merged states: displaced repeats carry no value to tell
			slices.SortFunc(samples, func(a, b sample) int { return cmp.Compare(a.record, b.record) })
			samples = samples[:max(total, 0)]
		}
	}
	for _, sm := range samples {
		first, _ := k.first.Get(sm.key)
		f := sm.pos
		f.Kind, f.Column, f.Value, f.Message = k.kind, k.column, sm.value, duplicateMessage(k, first)
		if f.Value == "" {
			f.Value = values[sm.key]
		}
		fs.Add(f)
	}
	if rest := total - int64(len(samples)); rest > 0 {
		fs.Count(k.kind, rest)
	}
}

// exactEmailRepeat reports whether a normalized email repeat's raw email an earlier record had.
func (d *duplicates) exactEmailRepeat(sm sample) bool {
	if sm.value == "" {
		return false
	}
	first, ok := d.email.first.Get(nonZero(xxh3.HashString(sm.value)))
	return ok && first < sm.record
}

func duplicateMessage(k *dupKey, first int64) string {
	switch k.kind {
	case "duplicate_record":
		return fmt.Sprintf("same values as record %d in every non-identifier column", first)
	case "normalized_email":
		return fmt.Sprintf("same email as record %d once trimmed and lower-cased", first)
	case "normalized_phone":
		return fmt.Sprintf("same phone number as record %d in E.164", first)
	case "normalized_company":
		return fmt.Sprintf("same company as record %d without punctuation and legal form", first)
	case "normalized_domain":
		return fmt.Sprintf("same web domain as record %d", first)
	case "normalized_name":
		return fmt.Sprintf("same person at the same company as record %d", first)
	}
	return fmt.Sprintf("same %s as record %d", k.column, first)
}
