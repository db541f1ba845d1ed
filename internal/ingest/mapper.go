package ingest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
)

// compiledQuery is a query ready to map rows: formats compiled, labels
// resolved, provenance fixed for the run.
type compiledQuery struct {
	q       *Query
	formats map[*PropMap][]dateFormat
	norm    normalizer
	label   string // dataset label, or the run's override
	now     time.Time
	review  time.Time
}

func compileQuery(q *Query, labelOverride *string, now time.Time) (*compiledQuery, error) {
	cq := &compiledQuery{q: q, formats: map[*PropMap][]dateFormat{}, norm: normalizer{region: q.Dataset.Region},
		label: q.Dataset.Label, now: now}
	if labelOverride != nil {
		cq.label = *labelOverride
	}
	if !q.Dataset.ReviewAfter.isZero() {
		cq.review = q.Dataset.ReviewAfter.after(now)
	}
	for _, e := range q.Entities {
		for _, pm := range e.Props {
			for _, f := range pm.Formats {
				df, err := compileFormat(f)
				if err != nil {
					return nil, err
				}
				cq.formats[pm] = append(cq.formats[pm], df)
			}
		}
	}
	return cq, nil
}

// rowError is why a row is rejected.
type rowError struct {
	line   int
	reason string
}

// mapRow turns one row into statements. It returns the record ids made
// (one per entity mapping, "" when the row gave that entity no key) and,
// when the row is malformed, a rejection instead of any statements.
func (cq *compiledQuery) mapRow(r *row, out []model.Statement) ([]model.Statement, []string, *rowError) {
	if r.bad != "" {
		return out, nil, &rowError{line: r.line, reason: r.bad}
	}
	q := cq.q
	for col, allowed := range q.Filters {
		if !anyIn(r.get(col), allowed) {
			return out, nil, nil
		}
	}
	for col, banned := range q.FiltersNot {
		if anyIn(r.get(col), banned) {
			return out, nil, nil
		}
	}
	label := cq.label
	if q.LabelColumn != "" {
		if v, ok := r.one(q.LabelColumn); ok {
			if _, err := model.ParseLabel(v); err != nil {
				return out, nil, &rowError{line: r.line, reason: fmt.Sprintf("column %s: %v", q.LabelColumn, err)}
			}
			label = model.Conjoin(label, v)
		}
	}
	ds := q.Dataset
	records := make([]string, len(q.Entities))
	var keyVals [8]string
	for i, e := range q.Entities {
		key := ""
		if e.IDColumn != "" {
			key, _ = r.one(e.IDColumn)
		} else {
			vals := keyVals[:0]
			for _, k := range e.Keys {
				vals = append(vals, r.joined(k, " "))
			}
			key = model.EntityKey(ds.Name, e.KeyLiteral, vals)
		}
		if key != "" {
			records[i] = model.RecordID(ds.Name, key)
		}
	}
	start := len(out)
	var scratch [8]string
	for i, e := range q.Entities {
		rec := records[i]
		if rec == "" {
			continue
		}
		cat := ds.Category
		if e.Category != nil {
			cat = *e.Category
		}
		before := len(out)
		skip := false
		for _, pm := range e.Props {
			raws := cq.rawValues(pm, r, q, records, scratch[:0])
			if len(raws) == 0 {
				if pm.Required {
					skip = true
					break
				}
				continue
			}
			for _, raw := range raws {
				val := raw
				if pm.Entity == "" {
					v, err := cq.norm.value(pm.Prop, raw, cq.formats[pm])
					if err != nil {
						return out[:start], nil, &rowError{line: r.line,
							reason: fmt.Sprintf("%s: %v", describe(pm), err)}
					}
					val = v
				}
				if val == "" {
					continue
				}
				st := model.Statement{Record: rec, Schema: e.Schema.Name, Prop: pm.Prop.Name, Value: val,
					Source: ds.Name, Label: label, Reliability: ds.Reliability, Credibility: ds.Credibility,
					Category: cat, Kind: ds.Kind, FirstSeen: cq.now, LastSeen: cq.now, ReviewAt: cq.review}
				if raw != val && pm.Entity == "" {
					st.Original = strings.TrimSpace(raw)
				}
				st.SetID()
				out = append(out, st)
			}
		}
		if skip {
			out = out[:before]
			records[i] = ""
		}
	}
	return out, records, nil
}

func describe(pm *PropMap) string {
	if len(pm.Columns) > 0 {
		return "column " + strings.Join(pm.Columns, "+")
	}
	return "property " + pm.Prop.Name
}

// rawValues gathers a property's values before normalisation, appending
// them to vals.
func (cq *compiledQuery) rawValues(pm *PropMap, r *row, q *Query, records []string, vals []string) []string {
	if pm.Entity != "" {
		for i, e := range q.Entities {
			if e.Name == pm.Entity && records[i] != "" {
				vals = append(vals, records[i])
			}
		}
		return vals
	}
	vals = append(vals, pm.Literals...)
	if pm.Template != "" {
		if v := expandTemplate(pm.Template, r); v != "" {
			vals = append(vals, v)
		}
	}
	if len(pm.Columns) > 1 {
		var parts []string
		for _, c := range pm.Columns {
			parts = append(parts, r.get(c)...)
		}
		if len(parts) > 0 {
			vals = append(vals, strings.Join(parts, pm.Join))
		}
	} else if len(pm.Columns) == 1 {
		if r.cols != nil {
			if v, ok := r.one(pm.Columns[0]); ok {
				vals = append(vals, v)
			}
		} else {
			vals = append(vals, r.get(pm.Columns[0])...)
		}
	}
	if pm.Split != "" {
		var split []string
		for _, v := range vals {
			for _, p := range strings.Split(v, pm.Split) {
				if p = strings.TrimSpace(p); p != "" {
					split = append(split, p)
				}
			}
		}
		vals = split
	}
	return vals
}

func expandTemplate(t string, r *row) string {
	var b strings.Builder
	any := false
	for {
		i := strings.Index(t, "{{")
		if i < 0 {
			b.WriteString(t)
			break
		}
		j := strings.Index(t[i:], "}}")
		if j < 0 {
			b.WriteString(t)
			break
		}
		b.WriteString(t[:i])
		if v := r.get(strings.TrimSpace(t[i+2 : i+j])); len(v) > 0 {
			b.WriteString(v[0])
			any = true
		}
		t = t[i+j+2:]
	}
	if !any {
		return ""
	}
	return strings.TrimSpace(b.String())
}

func anyIn(vals, set []string) bool {
	for _, v := range vals {
		if slices.Contains(set, v) {
			return true
		}
	}
	return false
}
