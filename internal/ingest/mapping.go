// Package ingest turns source files into statements: FollowTheMoney mapping
// files for CSV and JSON sources, FtM entity streams and official watchlists.
// It validates everything it can before writing anything, rejects malformed
// rows with their file, line and reason, and commits the good rows of a run
// as one transaction.
package ingest

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mosaichq/mosaic/internal/model"
)

// Mapping is a parsed FtM mapping file: one or more datasets.
type Mapping struct {
	Path     string
	Datasets []*Dataset
}

// Dataset is one source (an agency's data set) with Mosaic's provenance
// extensions, all optional: label, reliability, credibility, category,
// kind, region (default phone region) and review_after (e.g. "5y").
type Dataset struct {
	Name        string
	Label       string
	Reliability model.Reliability
	Credibility model.Credibility
	Category    model.Category
	Kind        model.Kind
	Region      string
	ReviewAfter period
	Queries     []*Query
}

// Source kinds a query can read.
const (
	SourceCSV   = "csv"
	SourceJSONL = "jsonl"
	SourceJSON  = "json"
)

// Query reads one file and maps each of its rows to entities.
type Query struct {
	Dataset  *Dataset
	Index    int
	Kind     string // csv, jsonl or json
	Path     string // absolute
	JSONPath string // for json: dotted path of the array of records
	Comma    rune
	Latin1   bool
	// LabelColumn, when set, gives each row its own label, conjoined with
	// the dataset's. A row whose label does not parse is rejected.
	LabelColumn string
	Filters     map[string][]string
	FiltersNot  map[string][]string
	Entities    []*EntityMap
	line        int
}

// EntityMap maps a row to one entity (record).
type EntityMap struct {
	Name       string
	Schema     *model.Schema
	Keys       []string
	KeyLiteral string
	IDColumn   string
	Category   *model.Category
	Props      []*PropMap
	line       int
}

// PropMap fills one property from columns, literals, a template or a
// reference to another entity of the same query.
type PropMap struct {
	Prop     *model.Property
	Columns  []string
	Join     string
	Literals []string
	Template string
	Entity   string
	Formats  []string
	Split    string
	Required bool
	line     int
}

// MappingError names the file and line of a problem in a mapping.
type MappingError struct {
	File string
	Line int
	Msg  string
}

func (e *MappingError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// LoadMapping reads and fully validates a mapping file, including that every
// source file exists and has every column the mapping names. Nothing is
// written anywhere.
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &MappingError{File: path, Msg: fmt.Sprintf("cannot read mapping: %v", err)}
	}
	return ParseMapping(path, data)
}

// LoadMappings loads every mapping file (*.yml) of a directory, such as a
// synthetic world's, in name order.
func LoadMappings(dir string) ([]*Mapping, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []*Mapping
	for _, p := range paths {
		m, err := LoadMapping(p)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ParseMapping parses mapping text; path is used to resolve relative source
// files and in errors.
func ParseMapping(path string, data []byte) (*Mapping, error) {
	p := &mappingParser{file: path, dir: filepath.Dir(path)}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &MappingError{File: path, Msg: fmt.Sprintf("not valid YAML: %v", err)}
	}
	if len(root.Content) == 0 {
		return nil, &MappingError{File: path, Msg: "empty mapping"}
	}
	m := &Mapping{Path: path}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, p.errf(doc, "top level must map dataset names to their definition")
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		ds, err := p.dataset(doc.Content[i], doc.Content[i+1])
		if err != nil {
			return nil, err
		}
		m.Datasets = append(m.Datasets, ds)
	}
	if len(m.Datasets) == 0 {
		return nil, &MappingError{File: path, Msg: "no datasets defined"}
	}
	return m, nil
}

type mappingParser struct {
	file, dir string
}

func (p *mappingParser) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &MappingError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// fields returns a mapping node's keys and values, refusing unknown keys so
// a typo ("colum:") is an error rather than a silently empty property.
func (p *mappingParser) fields(n *yaml.Node, what string, allowed ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "%s must be a mapping", what)
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !ok[k] {
			sort.Strings(allowed)
			return nil, p.errf(n.Content[i], "%s: unknown key %q (allowed: %s)", what, k, strings.Join(allowed, ", "))
		}
		out[k] = n.Content[i+1]
	}
	return out, nil
}

func (p *mappingParser) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

// list accepts a scalar or a sequence of scalars.
func (p *mappingParser) list(n *yaml.Node, what string) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, p.errf(c, "%s must be a list of values", what)
			}
			out = append(out, c.Value)
		}
		return out, nil
	}
	return nil, p.errf(n, "%s must be a value or a list of values", what)
}

func (p *mappingParser) dataset(key, n *yaml.Node) (*Dataset, error) {
	name := key.Value
	if !validDatasetName(name) {
		return nil, p.errf(key, "dataset name %q: use letters, digits, '_', '-' and '.'", name)
	}
	f, err := p.fields(n, "dataset "+name, "queries", "query", "label", "reliability", "credibility",
		"category", "kind", "region", "review_after", "title", "summary", "publisher", "prefix")
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Name: name, Reliability: 'F', Credibility: 6}
	if v := f["label"]; v != nil {
		if _, err := model.ParseLabel(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: %v", name, err)
		}
		ds.Label = strings.TrimSpace(v.Value)
	}
	if v := f["reliability"]; v != nil {
		if ds.Reliability, err = model.ParseReliability(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: %v", name, err)
		}
	}
	if v := f["credibility"]; v != nil {
		if ds.Credibility, err = model.ParseCredibility(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: %v", name, err)
		}
	}
	if v := f["category"]; v != nil {
		if ds.Category, err = model.ParseCategory(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: %v", name, err)
		}
	}
	if v := f["kind"]; v != nil {
		if ds.Kind, err = model.ParseKind(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: %v", name, err)
		}
	}
	if v := f["region"]; v != nil {
		r := strings.ToUpper(strings.TrimSpace(v.Value))
		if len(r) != 2 {
			return nil, p.errf(v, "dataset %s: region %q: want an ISO 3166 two-letter code", name, v.Value)
		}
		ds.Region = r
	}
	if v := f["review_after"]; v != nil {
		if ds.ReviewAfter, err = parsePeriod(v.Value); err != nil {
			return nil, p.errf(v, "dataset %s: review_after: %v", name, err)
		}
	}
	var queries []*yaml.Node
	if q := f["query"]; q != nil {
		queries = append(queries, q)
	}
	if qs := f["queries"]; qs != nil {
		if qs.Kind != yaml.SequenceNode {
			return nil, p.errf(qs, "dataset %s: queries must be a list", name)
		}
		queries = append(queries, qs.Content...)
	}
	if len(queries) == 0 {
		return nil, p.errf(n, "dataset %s: no queries", name)
	}
	for i, qn := range queries {
		q, err := p.query(ds, i, qn)
		if err != nil {
			return nil, err
		}
		ds.Queries = append(ds.Queries, q...)
	}
	return ds, nil
}

func validDatasetName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// query parses one query; several csv_urls make several queries.
func (p *mappingParser) query(ds *Dataset, idx int, n *yaml.Node) ([]*Query, error) {
	what := fmt.Sprintf("dataset %s query %d", ds.Name, idx+1)
	f, err := p.fields(n, what, "csv_url", "csv_urls", "jsonl_url", "json_url", "json_path", "delimiter",
		"encoding", "label_column", "filters", "filters_not", "entities", "database")
	if err != nil {
		return nil, err
	}
	if f["database"] != nil {
		return nil, p.errf(f["database"], "%s: SQL database sources are not supported; export to CSV", what)
	}
	base := Query{Dataset: ds, Index: idx, Comma: ',', line: n.Line}
	var urls []string
	var urlNode *yaml.Node
	set := 0
	for _, k := range []string{"csv_url", "csv_urls", "jsonl_url", "json_url"} {
		v := f[k]
		if v == nil {
			continue
		}
		set++
		urlNode = v
		if urls, err = p.list(v, what+" "+k); err != nil {
			return nil, err
		}
		switch k {
		case "jsonl_url":
			base.Kind = SourceJSONL
		case "json_url":
			base.Kind = SourceJSON
		default:
			base.Kind = SourceCSV
		}
	}
	if set != 1 || len(urls) == 0 {
		return nil, p.errf(n, "%s: give exactly one of csv_url, csv_urls, jsonl_url or json_url", what)
	}
	if v := f["json_path"]; v != nil {
		if base.Kind != SourceJSON {
			return nil, p.errf(v, "%s: json_path only applies to json_url", what)
		}
		base.JSONPath = strings.TrimSpace(v.Value)
	}
	if v := f["delimiter"]; v != nil {
		d := v.Value
		if d == `\t` || d == "tab" {
			d = "\t"
		}
		if len([]rune(d)) != 1 || d == `"` || d == "\n" {
			return nil, p.errf(v, "%s: delimiter must be one character", what)
		}
		base.Comma = []rune(d)[0]
	}
	if v := f["encoding"]; v != nil {
		switch strings.ToLower(strings.ReplaceAll(v.Value, "_", "-")) {
		case "utf-8", "utf8":
		case "latin-1", "latin1", "iso-8859-1", "windows-1252", "cp1252":
			base.Latin1 = true
		default:
			return nil, p.errf(v, "%s: encoding %q: want utf-8 or latin-1", what, v.Value)
		}
	}
	if v := f["label_column"]; v != nil {
		base.LabelColumn = v.Value
	}
	for _, k := range []string{"filters", "filters_not"} {
		v := f[k]
		if v == nil {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return nil, p.errf(v, "%s: %s must map columns to values", what, k)
		}
		m := map[string][]string{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			vals, err := p.list(v.Content[i+1], k)
			if err != nil {
				return nil, err
			}
			m[v.Content[i].Value] = vals
		}
		if k == "filters" {
			base.Filters = m
		} else {
			base.FiltersNot = m
		}
	}
	en := f["entities"]
	if en == nil || en.Kind != yaml.MappingNode || len(en.Content) == 0 {
		return nil, p.errf(n, "%s: entities must map names to entity definitions", what)
	}
	for i := 0; i+1 < len(en.Content); i += 2 {
		em, err := p.entity(what, en.Content[i], en.Content[i+1])
		if err != nil {
			return nil, err
		}
		base.Entities = append(base.Entities, em)
	}
	names := map[string]bool{}
	for _, e := range base.Entities {
		names[e.Name] = true
	}
	for _, e := range base.Entities {
		for _, pm := range e.Props {
			if pm.Entity != "" && !names[pm.Entity] {
				return nil, p.errf(&yaml.Node{Line: pm.line}, "%s: entity %s property %s refers to unknown entity %q",
					what, e.Name, pm.Prop.Name, pm.Entity)
			}
		}
	}
	var out []*Query
	for _, u := range urls {
		q := base
		path, err := p.resolve(u)
		if err != nil {
			return nil, p.errf(urlNode, "%s: %v", what, err)
		}
		q.Path = path
		out = append(out, &q)
	}
	return out, nil
}

// resolve turns a csv_url into a local path: relative to the mapping file,
// absolute, or file://. Remote URLs are refused (CI and agencies run offline).
func (p *mappingParser) resolve(u string) (string, error) {
	u = strings.TrimSpace(u)
	if strings.HasPrefix(u, "file://") {
		pu, err := url.Parse(u)
		if err != nil {
			return "", fmt.Errorf("bad file URL %q: %v", u, err)
		}
		return filepath.Clean(pu.Path), nil
	}
	if strings.Contains(u, "://") {
		return "", fmt.Errorf("source %q: only local files are supported (download it first)", u)
	}
	if filepath.IsAbs(u) {
		return filepath.Clean(u), nil
	}
	return filepath.Join(p.dir, u), nil
}

func (p *mappingParser) entity(what string, key, n *yaml.Node) (*EntityMap, error) {
	name := key.Value
	what = fmt.Sprintf("%s entity %s", what, name)
	f, err := p.fields(n, what, "schema", "key", "keys", "key_literal", "id_column", "properties", "category")
	if err != nil {
		return nil, err
	}
	em := &EntityMap{Name: name, line: key.Line}
	sn := f["schema"]
	if sn == nil {
		return nil, p.errf(n, "%s: schema is required", what)
	}
	em.Schema = model.SchemaByName(sn.Value)
	if em.Schema == nil {
		return nil, p.errf(sn, "%s: unknown schema %q", what, sn.Value)
	}
	for _, k := range []string{"key", "keys"} {
		if v := f[k]; v != nil {
			ks, err := p.list(v, k)
			if err != nil {
				return nil, err
			}
			em.Keys = append(em.Keys, ks...)
		}
	}
	if v := f["key_literal"]; v != nil {
		em.KeyLiteral = v.Value
	}
	if v := f["id_column"]; v != nil {
		em.IDColumn = v.Value
	}
	if len(em.Keys) == 0 && em.IDColumn == "" {
		return nil, p.errf(n, "%s: keys (or id_column) are required to give records stable ids", what)
	}
	if v := f["category"]; v != nil {
		c, err := model.ParseCategory(v.Value)
		if err != nil {
			return nil, p.errf(v, "%s: %v", what, err)
		}
		em.Category = &c
	}
	if props := f["properties"]; props != nil {
		if props.Kind != yaml.MappingNode {
			return nil, p.errf(props, "%s: properties must be a mapping", what)
		}
		for i := 0; i+1 < len(props.Content); i += 2 {
			pm, err := p.prop(what, em.Schema, props.Content[i], props.Content[i+1])
			if err != nil {
				return nil, err
			}
			em.Props = append(em.Props, pm)
		}
	}
	return em, nil
}

func (p *mappingParser) prop(what string, s *model.Schema, key, n *yaml.Node) (*PropMap, error) {
	prop := s.Prop(key.Value)
	if prop == nil {
		return nil, p.errf(key, "%s: schema %s has no property %q", what, s.Name, key.Value)
	}
	what = fmt.Sprintf("%s property %s", what, prop.Name)
	f, err := p.fields(n, what, "column", "columns", "join", "literal", "literals", "template", "entity",
		"format", "formats", "split", "required", "fuzzy", "country", "keys")
	if err != nil {
		return nil, err
	}
	pm := &PropMap{Prop: prop, line: key.Line, Join: " "}
	for _, k := range []string{"column", "columns"} {
		if v := f[k]; v != nil {
			cs, err := p.list(v, k)
			if err != nil {
				return nil, err
			}
			pm.Columns = append(pm.Columns, cs...)
		}
	}
	if v := f["join"]; v != nil {
		pm.Join = v.Value
	}
	for _, k := range []string{"literal", "literals"} {
		if v := f[k]; v != nil {
			ls, err := p.list(v, k)
			if err != nil {
				return nil, err
			}
			pm.Literals = append(pm.Literals, ls...)
		}
	}
	if v := f["template"]; v != nil {
		pm.Template = v.Value
	}
	if v := f["entity"]; v != nil {
		if prop.Type != model.TypeEntity {
			return nil, p.errf(v, "%s: only entity properties can refer to an entity", what)
		}
		pm.Entity = v.Value
	}
	for _, k := range []string{"format", "formats"} {
		if v := f[k]; v != nil {
			fs, err := p.list(v, k)
			if err != nil {
				return nil, err
			}
			for _, fm := range fs {
				if _, err := compileFormat(fm); err != nil {
					return nil, p.errf(v, "%s: %v", what, err)
				}
			}
			pm.Formats = append(pm.Formats, fs...)
		}
	}
	if v := f["split"]; v != nil {
		pm.Split = v.Value
	}
	if v := f["required"]; v != nil {
		pm.Required, _ = strconv.ParseBool(v.Value)
	}
	if len(pm.Columns) == 0 && len(pm.Literals) == 0 && pm.Template == "" && pm.Entity == "" {
		return nil, p.errf(n, "%s: give column(s), literal(s), template or entity", what)
	}
	if prop.Type == model.TypeEntity && pm.Entity == "" && len(pm.Columns) > 0 {
		return nil, p.errf(n, "%s: entity properties take entity: NAME (another entity of this query)", what)
	}
	return pm, nil
}

// Columns lists every column a query reads, for checking against the file.
func (q *Query) Columns() []string {
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" {
			seen[c] = true
		}
	}
	for _, e := range q.Entities {
		for _, k := range e.Keys {
			add(k)
		}
		add(e.IDColumn)
		for _, pm := range e.Props {
			for _, c := range pm.Columns {
				add(c)
			}
			for _, c := range templateColumns(pm.Template) {
				add(c)
			}
		}
	}
	for k := range q.Filters {
		add(k)
	}
	for k := range q.FiltersNot {
		add(k)
	}
	add(q.LabelColumn)
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// templateColumns lists the {{column}} placeholders of an FtM template.
func templateColumns(t string) []string {
	var out []string
	for {
		i := strings.Index(t, "{{")
		if i < 0 {
			return out
		}
		j := strings.Index(t[i:], "}}")
		if j < 0 {
			return out
		}
		out = append(out, strings.TrimSpace(t[i+2:i+j]))
		t = t[i+j+2:]
	}
}
