package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

func init() {
	register(&command{
		name:    "export",
		summary: "export entities (FtM JSON lines) or the entity graph (GraphML, GEXF)",
		usage:   "--format ftm|graphml|gexf [--out FILE] [--data DIR] [--auths A,B]",
		help: `  --format ftm      resolved entities as FollowTheMoney JSON lines, one per entity,
                    with "referents" listing the source records; relation records
                    (calls, family ties, trips …) follow with their references
                    pointing at entity ids.
  --format graphml  the entity graph for Gephi, yEd, networkx, igraph
  --format gexf     the entity graph in Gephi's own format, with time spans

Only what the given authorisations may see is exported.`,
		run: runExport,
	})
}

func runExport(ctx context.Context, e *env, args []string) error {
	c := commands["export"]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs).addReaderFlags(fs)
	format := fs.String("format", "ftm", "ftm, graphml or gexf")
	out := fs.String("out", "", "output file (default standard output)")
	if _, err := parseFlags(e, c, fs, args); err != nil {
		return err
	}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	defer bw.Flush()
	switch *format {
	case "ftm":
		b, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer b.Close()
		n, err := exportFtM(ctx, store.NewView(b, sf.viewer()), bw)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "exported %d entities\n", n)
	case "graphml", "gexf":
		eg, b, err := loadEntityGraph(ctx, e, sf)
		if err != nil {
			return err
		}
		defer b.Close()
		if *format == "graphml" {
			err = eg.WriteGraphML(bw)
		} else {
			err = eg.WriteGEXF(bw)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "exported %d nodes and %d edges\n", len(eg.Nodes), len(eg.Edges))
	default:
		return usagef("--format must be ftm, graphml or gexf")
	}
	return bw.Flush()
}

// exportFtM writes each entity the viewer sees, assembled from its visible
// statements; references between records become references between
// entities.
func exportFtM(ctx context.Context, v *store.View, w io.Writer) (int, error) {
	entityOf, err := v.EntityMap(ctx)
	if err != nil {
		return 0, err
	}
	ents := map[string]*model.Entity{}
	var order []string
	err = v.ScanStatements(ctx, func(s *model.Statement) error {
		sc := model.SchemaByName(s.Schema)
		if sc == nil {
			return nil
		}
		id := s.Record
		if sc.IsA("LegalEntity") {
			id = entityOf[s.Record]
		}
		ent := ents[id]
		if ent == nil {
			ent = model.NewEntity(s.Schema, id)
			ents[id] = ent
			order = append(order, id)
		} else if s.Schema != ent.Schema && sc.IsA(ent.Schema) {
			ent.Schema = s.Schema
		}
		val := s.Value
		if p := sc.Prop(s.Prop); p != nil && p.Type == model.TypeEntity {
			if to, ok := entityOf[val]; ok {
				if ts := model.SchemaByName(s.Schema); ts != nil {
					val = to
				}
			}
		}
		ent.Add(s.Prop, val)
		if !containsStr(ent.Referents, s.Record) {
			ent.Referents = append(ent.Referents, s.Record)
		}
		if !containsStr(ent.Datasets, s.Source) {
			ent.Datasets = append(ent.Datasets, s.Source)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// People and organisations first, then relation records.
	sort.SliceStable(order, func(i, j int) bool {
		li := model.SchemaByName(ents[order[i]].Schema).IsA("LegalEntity")
		lj := model.SchemaByName(ents[order[j]].Schema).IsA("LegalEntity")
		return li && !lj
	})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, id := range order {
		ent := ents[id]
		sort.Strings(ent.Referents)
		sort.Strings(ent.Datasets)
		if err := enc.Encode(ent); err != nil {
			return 0, err
		}
	}
	return len(order), nil
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
