package server

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"sort"
	"testing"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/resolve"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/synth/synthtest"
)

// TestSummariesFromGraphEqualView: once a viewer's graph is built, search
// summaries come from it instead of the store; for every record of a
// synthetic world and several authorisation sets, both must say the same
// (same entity id, caption, schema and sources) and find the same records.
func TestSummariesFromGraphEqualView(t *testing.T) {
	ctx := context.Background()
	b := synthtest.Store(t, 300, 5)
	if _, err := resolve.Batch(ctx, b, resolve.Config{}); err != nil {
		t.Fatal(err)
	}
	var recs []string
	if err := b.ScanRecords(ctx, func(ri store.RecordInfo) error {
		recs = append(recs, ri.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(recs)
	srv, err := New(Config{Backend: b, Audit: &memAudit{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, auths := range [][]string{
		{"BORDER", "PIU", "POLICE", "TELECOM", "IMMIGRATION", "SECRET", "NL"},
		{"POLICE", "TELECOM"}, {"BORDER", "PIU"}, {},
	} {
		v := model.NewViewer("t", model.NewAuths(auths...))
		u := &User{Name: "t", Role: RoleAnalyst, Auths: auths}
		call := func() *Call { return &Call{User: u, View: store.NewView(b, v)} }
		type got struct {
			s  entitySummary
			ok bool
		}
		slow := map[string]got{}
		for _, r := range recs {
			c := call()
			e, ok, err := srv.summary(ctx, c, srv.readyGraph(c), r)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				slow[r] = got{*e, true}
			}
		}
		if _, err := srv.viewerGraph(ctx, call()); err != nil {
			t.Fatal(err)
		}
		if srv.readyGraph(call()) == nil {
			t.Fatal("the graph is built but not ready")
		}
		srv.sums.mu.Lock()
		srv.sums.entries = nil // nothing from the cache: the graph or the view
		srv.sums.mu.Unlock()
		fromGraph := 0
		for _, r := range recs {
			c := call()
			vg := srv.readyGraph(c)
			if vg != nil {
				if v, ok := vg.g.Lookup(r); ok && vg.g.MemberCount(v) > 0 {
					fromGraph++
				}
			}
			e, ok, err := srv.summary(ctx, c, vg, r)
			if err != nil {
				t.Fatal(err)
			}
			want := slow[r]
			if ok != want.ok {
				t.Fatalf("auths %v record %s: visible %v through the graph, %v through the view", auths, r, ok, want.ok)
			}
			if ok && !reflect.DeepEqual(*e, want.s) {
				t.Fatalf("auths %v record %s:\ngraph %+v\nview  %+v", auths, r, *e, want.s)
			}
		}
		if len(auths) > 0 && fromGraph < len(slow)/4 {
			t.Errorf("auths %v: only %d of %d visible records were summarised from the graph", auths, fromGraph, len(slow))
		}
		t.Logf("auths %v: %d records visible, %d summarised from the graph", auths, len(slow), fromGraph)
	}
}
