package model

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Statement is the atom: one value of one property of one source record,
// with where it came from and who may see it. Everything else in Mosaic
// (entities, judgements, edges, scores) is derived from statements.
type Statement struct {
	ID       string // StatementID(Source, Record, Schema, Prop, Value)
	Record   string // source-scoped record id, "dataset:key"
	Schema   string
	Prop     string
	Value    string // normalised
	Original string // as received; empty when equal to Value
	Source   string // the dataset (agency / list) that supplied it
	Label    string // visibility expression; empty = everyone

	Reliability Reliability
	Credibility Credibility
	Category    Category
	Kind        Kind

	FirstSeen time.Time
	LastSeen  time.Time
	ReviewAt  time.Time // zero: no review date set
}

// StatementID is the content hash that makes re-ingestion idempotent: the
// first 16 bytes, in hex, of SHA-256 over source, record, schema, prop and
// value joined by NUL bytes.
func StatementID(source, record, schema, prop, value string) string {
	// One buffer and one Sum256 call: ingestion computes this for every
	// statement, and a streaming hash with a Write per part costs twice as
	// much.
	var buf [256]byte
	b := append(buf[:0], source...)
	b = append(append(b, 0), record...)
	b = append(append(b, 0), schema...)
	b = append(append(b, 0), prop...)
	b = append(append(b, 0), value...)
	sum := sha256.Sum256(b)
	var out [32]byte
	hex.Encode(out[:], sum[:16])
	return string(out[:])
}

// SetID fills in ID from the content fields.
func (s *Statement) SetID() { s.ID = StatementID(s.Source, s.Record, s.Schema, s.Prop, s.Value) }

// OriginalValue is the value as the source gave it.
func (s *Statement) OriginalValue() string {
	if s.Original != "" {
		return s.Original
	}
	return s.Value
}

// RecordID builds the source-scoped id of a record.
func RecordID(dataset, key string) string { return dataset + ":" + key }

// SplitRecordID returns the dataset and key of a record id.
func SplitRecordID(rec string) (dataset, key string) {
	i := strings.IndexByte(rec, ':')
	if i < 0 {
		return "", rec
	}
	return rec[:i], rec[i+1:]
}

// EntityKey computes an entity key the way FollowTheMoney's mapper does:
// SHA-1 over the dataset name (ftm map's key prefix) and key_literal, then
// the non-empty key values in sorted order. Ids therefore equal those
// `ftm map` gives the same mapping and file. It returns "" when every key
// value is empty (FtM skips such rows). Values are taken as they appear in
// the source, with surrounding whitespace trimmed.
func EntityKey(dataset, keyLiteral string, values []string) string {
	vals := make([]string, 0, len(values))
	for _, v := range values {
		if v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return ""
	}
	sort.Strings(vals)
	h := sha1.New()
	h.Write([]byte(dataset))
	h.Write([]byte(keyLiteral))
	for _, v := range vals {
		h.Write([]byte(v))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Reliability is the Admiralty (NATO) grading of a source, A (completely
// reliable) to F (cannot be judged).
type Reliability byte

// ParseReliability accepts A–F (any case); empty means F.
func ParseReliability(s string) (Reliability, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	if s == "" {
		return 'F', nil
	}
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'F' {
		return Reliability(s[0]), nil
	}
	return 0, fmt.Errorf("reliability %q: want one letter A-F", s)
}

func (r Reliability) String() string {
	if r == 0 {
		return "F"
	}
	return string(rune(r))
}

// Weight maps the grade to a factor in (0,1] used to damp evidence.
func (r Reliability) Weight() float64 {
	switch r {
	case 'A':
		return 1.0
	case 'B':
		return 0.9
	case 'C':
		return 0.75
	case 'D':
		return 0.5
	case 'E':
		return 0.3
	default:
		return 0.6 // F: cannot be judged; neither trusted nor dismissed
	}
}

// Credibility is the Admiralty grading of the information, 1 (confirmed) to 6
// (cannot be judged).
type Credibility uint8

// ParseCredibility accepts 1–6; empty means 6.
func ParseCredibility(s string) (Credibility, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 6, nil
	}
	if len(s) == 1 && s[0] >= '1' && s[0] <= '6' {
		return Credibility(s[0] - '0'), nil
	}
	return 0, fmt.Errorf("credibility %q: want a digit 1-6", s)
}

func (c Credibility) String() string {
	if c == 0 {
		return "6"
	}
	return string(rune('0' + c))
}

// Weight maps the grade to a factor in (0,1].
func (c Credibility) Weight() float64 {
	switch c {
	case 1:
		return 1.0
	case 2:
		return 0.9
	case 3:
		return 0.75
	case 4:
		return 0.5
	case 5:
		return 0.3
	default:
		return 0.6
	}
}

// Category is the subject category of Law Enforcement Directive Art. 6.
type Category uint8

const (
	CategoryOther Category = iota
	CategorySuspect
	CategoryConvicted
	CategoryVictim
	CategoryWitness
	CategoryContact
)

var categoryNames = [...]string{"other", "suspect", "convicted", "victim", "witness", "contact"}

func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return "other"
}

// ParseCategory reads a category name; empty means other.
func ParseCategory(s string) (Category, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return CategoryOther, nil
	}
	for i, n := range categoryNames {
		if n == s {
			return Category(i), nil
		}
	}
	return 0, fmt.Errorf("category %q: want one of %s", s, strings.Join(categoryNames[:], ", "))
}

// Kind separates facts from assessments: an analyst's judgement is never
// presented as a fact.
type Kind uint8

const (
	KindFact Kind = iota
	KindAssessment
)

func (k Kind) String() string {
	if k == KindAssessment {
		return "assessment"
	}
	return "fact"
}

// ParseKind reads "fact" or "assessment"; empty means fact.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "fact":
		return KindFact, nil
	case "assessment":
		return KindAssessment, nil
	}
	return 0, fmt.Errorf("kind %q: want fact or assessment", s)
}
