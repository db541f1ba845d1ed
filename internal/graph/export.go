package graph

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteGraphML writes the viewer's entity graph as GraphML (Gephi, yEd,
// networkx and igraph read it): node caption, schema, hub flag; edge types,
// evidence count, strength and time span.
func (g *EntityGraph) WriteGraphML(w io.Writer) error {
	bw := &errWriter{w: w}
	bw.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.printf(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">` + "\n")
	for _, k := range [][4]string{
		{"label", "node", "string", "label"}, {"schema", "node", "string", "schema"}, {"hub", "node", "boolean", "hub"},
		{"hub_reason", "node", "string", "hub_reason"},
		{"types", "edge", "string", "types"}, {"count", "edge", "int", "count"}, {"weight", "edge", "double", "weight"},
		{"first", "edge", "string", "first"}, {"last", "edge", "string", "last"},
	} {
		bw.printf(`  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", k[0], k[1], k[3], k[2])
	}
	bw.printf(`  <graph id="mosaic" edgedefault="undirected">` + "\n")
	for i, n := range g.Nodes {
		bw.printf(`    <node id="n%d"><data key="label">%s</data><data key="schema">%s</data><data key="hub">%t</data>`,
			i, esc(n.Caption), esc(n.Schema), n.Hub)
		if n.Hub {
			bw.printf(`<data key="hub_reason">%s</data>`, esc(n.HubReason))
		}
		bw.printf("</node>\n")
	}
	for i, e := range g.Edges {
		bw.printf(`    <edge id="e%d" source="n%d" target="n%d"><data key="types">%s</data><data key="count">%d</data><data key="weight">%g</data>`,
			i, e.A, e.B, esc(e.Types.String()), e.Count, e.Strength)
		if e.First != 0 {
			bw.printf(`<data key="first">%s</data><data key="last">%s</data>`, isoTime(e.First), isoTime(e.Last))
		}
		bw.printf("</edge>\n")
	}
	bw.printf("  </graph>\n</graphml>\n")
	return bw.err
}

// WriteGEXF writes the graph as GEXF 1.3 (Gephi's own format), with the
// edge time span as a dynamic interval when known.
func (g *EntityGraph) WriteGEXF(w io.Writer) error {
	bw := &errWriter{w: w}
	bw.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.printf(`<gexf xmlns="http://gexf.net/1.3" version="1.3">` + "\n")
	bw.printf(`  <meta><creator>Mosaic</creator><description>entity graph as one viewer may see it</description></meta>` + "\n")
	bw.printf(`  <graph defaultedgetype="undirected" mode="static">` + "\n")
	bw.printf(`    <attributes class="node"><attribute id="schema" title="schema" type="string"/><attribute id="hub" title="hub" type="boolean"/></attributes>` + "\n")
	bw.printf(`    <attributes class="edge"><attribute id="types" title="types" type="string"/><attribute id="count" title="count" type="integer"/></attributes>` + "\n")
	bw.printf("    <nodes>\n")
	for i, n := range g.Nodes {
		bw.printf(`      <node id="n%d" label="%s"><attvalues><attvalue for="schema" value="%s"/><attvalue for="hub" value="%t"/></attvalues></node>`+"\n",
			i, esc(n.Caption), esc(n.Schema), n.Hub)
	}
	bw.printf("    </nodes>\n    <edges>\n")
	for i, e := range g.Edges {
		bw.printf(`      <edge id="e%d" source="n%d" target="n%d" weight="%g"`, i, e.A, e.B, e.Strength)
		if e.First != 0 {
			bw.printf(` start="%s" end="%s"`, time.Unix(e.First, 0).UTC().Format("2006-01-02"), time.Unix(e.Last, 0).UTC().Format("2006-01-02"))
		}
		bw.printf(`><attvalues><attvalue for="types" value="%s"/><attvalue for="count" value="%d"/></attvalues></edge>`+"\n",
			esc(e.Types.String()), e.Count)
	}
	bw.printf("    </edges>\n  </graph>\n</gexf>\n")
	return bw.err
}

func isoTime(u int64) string { return time.Unix(u, 0).UTC().Format(time.RFC3339) }

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
