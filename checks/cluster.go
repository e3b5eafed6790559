package checks

// Cluster is a group of records that match one another: one real-world person or company held
// more than once. The duplicates check reports clusters beside its metrics so that fix lists can
// show every copy of a record together.
type Cluster struct {
	// ID numbers a dataset's clusters from 1, in the order of their lowest record.
	ID int64 `json:"id"`
	// Tier is the most lenient tier that was needed to join the cluster: "exact",
	// "normalized" or "fuzzy".
	Tier string `json:"tier"`
	// Size is the number of records in the cluster; Members holds the first of them by record
	// (all of them when full lists were asked for).
	Size int64 `json:"size"`
	// Columns names the key columns whose values each member shows, in Values order.
	Columns []string `json:"columns"`
	// Evidence says what joined the records, in words ("same email once lower-cased",
	// "name 0.96, company 1.00, postcode agree").
	Evidence []string `json:"evidence"`
	// Score is the lowest similarity of a pair that joined the cluster, for the fuzzy tier.
	Score   float64         `json:"score,omitempty"`
	Members []ClusterMember `json:"members"`
}

// ClusterMember is one record of a cluster, located as a finding is.
type ClusterMember struct {
	Record int64  `json:"record"`
	File   string `json:"file,omitempty"`
	Line   int64  `json:"line,omitempty"`
	Row    int64  `json:"row,omitempty"`
	Index  *int64 `json:"index,omitempty"`
	// Values are the record's values of the cluster's Columns.
	Values []string `json:"values"`
}

// FuzzyStats describes the work of the fuzzy duplicate tier on a dataset.
type FuzzyStats struct {
	// Records is the number of records compared (those with a name, a company or an email).
	Records int64
	// Keys is the number of blocking keys made, Blocks the keys shared by two records or more,
	// Large the blocks compared by sorted neighbourhood.
	Keys, Blocks, Large int64
	// Proposed counts the candidate pairs blocking proposed, Candidates the distinct ones,
	// Compared those scored (pairs already in one normalized cluster are not), Matched those
	// at or above the threshold.
	Proposed, Candidates, Compared, Matched int64
	// Pairs are the candidate pairs as record numbers (lower first), when Params.KeepPairs.
	Pairs [][2]int64
}
