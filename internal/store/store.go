// Package store defines how Mosaic keeps statements, judgements, clusters
// and documents, and the one read path (View) that applies visibility.
//
// A Backend stores and returns raw rows and never filters by visibility; an
// engine (embedded Pebble, PostgreSQL) implements Backend. Everything that
// serves people reads through a View, which holds the viewer and drops what
// the viewer may not see. That is the single place visibility is enforced.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

// ErrNotFound is returned when a record, entity or document does not exist
// (or, through a View, is not visible: the two are indistinguishable).
var ErrNotFound = errors.New("not found")

// Backend is a storage engine. Implementations must be safe for concurrent
// use; writes may be serialised internally.
type Backend interface {
	// NewLoader starts an atomic bulk write of statements: nothing is
	// visible until Commit, and Abort (or a crash) leaves no trace.
	NewLoader(ctx context.Context) (Loader, error)
	// WriteStatements writes a small batch atomically (same semantics as a
	// Loader with one Commit).
	WriteStatements(ctx context.Context, stmts []model.Statement) (WriteStats, error)
	// DeleteStatements erases statements by record and id, atomically.
	DeleteStatements(ctx context.Context, keys []StatementKey) (int, error)

	// ScanStatements calls fn for every statement, ordered by record. The
	// statement passed to fn is reused: copy it to keep it.
	ScanStatements(ctx context.Context, fn func(*model.Statement) error) error
	// RecordStatements returns the statements of one record.
	RecordStatements(ctx context.Context, record string) ([]model.Statement, error)
	// StatementsOf returns the statements of several records (an entity's
	// members) in one read, ordered by record and then as RecordStatements.
	StatementsOf(ctx context.Context, records []string) ([]model.Statement, error)
	// Record returns what is known of a record without its statements.
	Record(ctx context.Context, record string) (RecordInfo, error)
	// RecordByEntityID finds the record whose birth id (EntityID) is id.
	RecordByEntityID(ctx context.Context, id string) (string, error)
	// ScanRecords calls fn for every record.
	ScanRecords(ctx context.Context, fn func(RecordInfo) error) error

	// PutJudgements inserts or replaces judgements (keyed by the pair).
	// A machine judgement never replaces an analyst's: backends enforce it.
	PutJudgements(ctx context.Context, js []Judgement) error
	// DeleteJudgements removes machine judgements for the given pairs.
	DeleteJudgements(ctx context.Context, pairs [][2]string) error
	// ScanJudgements calls fn for every judgement.
	ScanJudgements(ctx context.Context, fn func(*Judgement) error) error
	// RecordJudgements returns the judgements that involve a record.
	RecordJudgements(ctx context.Context, record string) ([]Judgement, error)
	// JudgementsAmong returns the judgements whose two records are both
	// in records, ordered by pair.
	JudgementsAmong(ctx context.Context, records []string) ([]Judgement, error)

	// ApplyClusters records new entity assignments and history atomically.
	ApplyClusters(ctx context.Context, assign []Assignment, events []HistoryEvent) error
	// EntityOf returns the canonical entity of a record (ErrNotFound when
	// the record has never been resolved).
	EntityOf(ctx context.Context, record string) (string, error)
	// Members lists the records of an entity, sorted.
	Members(ctx context.Context, entity string) ([]string, error)
	// ScanAssignments calls fn for every record → entity assignment.
	ScanAssignments(ctx context.Context, fn func(Assignment) error) error
	// History lists an entity's cluster events, oldest first.
	History(ctx context.Context, entity string) ([]HistoryEvent, error)

	// Docs are small JSON documents by kind and id: users, reviews, alerts,
	// model parameters, policies. Ids sort lexically within a kind.
	PutDoc(ctx context.Context, kind, id string, body []byte) error
	GetDoc(ctx context.Context, kind, id string) ([]byte, error)
	DeleteDoc(ctx context.Context, kind, id string) error
	ScanDocs(ctx context.Context, kind, prefix string, fn func(id string, body []byte) error) error

	// Counts are maintained totals over everything stored (all labels).
	Counts(ctx context.Context) (Counts, error)
	Close() error
}

// Loader is an atomic bulk write of statements. Add may be called many
// times; Commit makes them all visible at once or returns an error and
// writes nothing.
type Loader interface {
	Add(s *model.Statement) error
	Commit() (WriteStats, error)
	Abort() error
}

// StatementKey locates one statement.
type StatementKey struct {
	Record string
	ID     string
}

// WriteStats says what a write changed. Re-writing existing statements adds
// nothing: ids are content hashes.
type WriteStats struct {
	Statements int // new statements
	Records    int // new records
	Skipped    int // statements already present
}

// Counts are totals over the whole store.
type Counts struct {
	Statements int64
	Records    int64
	Entities   int64 // distinct canonical entities; unresolved records count one each
	Sources    int64
}

// RecordInfo summarises a record: its schema, source and when it was first
// stored.
type RecordInfo struct {
	ID      string
	Schema  string
	Source  string
	Created time.Time
}

// Verdict is the outcome of a judgement on a pair of records.
type Verdict uint8

const (
	Unsure Verdict = iota
	Positive
	Negative
)

func (v Verdict) String() string {
	switch v {
	case Positive:
		return "same"
	case Negative:
		return "different"
	}
	return "unsure"
}

// ParseVerdict reads same|different|unsure (and positive|negative).
func ParseVerdict(s string) (Verdict, error) {
	switch s {
	case "same", "positive", "match":
		return Positive, nil
	case "different", "negative", "no-match":
		return Negative, nil
	case "unsure":
		return Unsure, nil
	}
	return 0, errors.New("verdict must be same, different or unsure")
}

// Machine is the author of machine judgements.
const Machine = "machine"

// Judgement is a decision about whether two records are the same. Machine
// judgements carry the match probability and the comparison levels that
// produced it; analyst judgements carry a reason and override the machine.
type Judgement struct {
	A, B    string // record ids, A < B
	Verdict Verdict
	Score   float64 // match probability in [0,1]; 1 or 0 for analysts
	// Features are the comparison levels the model saw, encoded by the
	// resolver; enough to rebuild the explanation without rescoring.
	Features []byte
	// Label is the conjunction of the labels of the statements the
	// judgement rests on: who cannot see them cannot see the judgement.
	Label  string
	By     string
	Reason string
	At     time.Time
}

// IsAnalyst reports whether a person made the judgement.
func (j *Judgement) IsAnalyst() bool { return j.By != Machine && j.By != "" }

// Other returns the other record of the pair.
func (j *Judgement) Other(rec string) string {
	if j.A == rec {
		return j.B
	}
	return j.A
}

// OrderPair returns a and b in canonical order.
func OrderPair(a, b string) (string, string) {
	if b < a {
		return b, a
	}
	return a, b
}

// Assignment puts a record in an entity.
type Assignment struct {
	Record, Entity string
}

// HistoryEvent is a change to an entity's membership.
type HistoryEvent struct {
	Entity  string    `json:"entity"`
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"` // created, merged, split, joined, left
	Records []string  `json:"records,omitempty"`
	Other   string    `json:"other,omitempty"` // the entity merged in or split off
	By      string    `json:"by"`
	Reason  string    `json:"reason,omitempty"`
}

// ByRecord splits statements ordered by record (as StatementsOf returns
// them) into one run per record, in that order. The runs share ss.
func ByRecord(ss []model.Statement) [][]model.Statement {
	var out [][]model.Statement
	for i := 0; i < len(ss); {
		j := i + 1
		for j < len(ss) && ss[j].Record == ss[i].Record {
			j++
		}
		out = append(out, ss[i:j:j])
		i = j
	}
	return out
}
