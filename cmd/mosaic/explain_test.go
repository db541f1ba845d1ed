package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
	"github.com/mosaichq/mosaic/internal/store/embedded"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// TestExplainEntityShowsLinksKeptApart: explaining an entity lists the
// judgements holding it together and the links the clustering did not
// follow to records of other entities.
func TestExplainEntityShowsLinksKeptApart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	b, err := embedded.Open(dir, embedded.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	var stmts []model.Statement
	for rec, name := range map[string]string{"src:a1": "Sultan Aydin", "src:a2": "Sultan Aydin", "src:b1": "Sultan Aydin"} {
		stmts = append(stmts, storetest.Stmt(rec, "Person", "name", name, ""))
	}
	if _, err := b.WriteStatements(ctx, stmts); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	// Entity ids are the birth ids of their anchor records.
	e1, e2 := store.EntityID("src:a1"), store.EntityID("src:b1")
	if err := b.ApplyClusters(ctx, []store.Assignment{{Record: "src:a1", Entity: e1}, {Record: "src:a2", Entity: e1}, {Record: "src:b1", Entity: e2}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.PutJudgements(ctx, []store.Judgement{
		{A: "src:a1", B: "src:a2", Verdict: store.Positive, Score: 0.999, By: store.Machine, At: now},
		{A: "src:a2", B: "src:b1", Verdict: store.Positive, Score: 0.948, By: store.Machine, At: now},
	}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	code, stdout, stderr := run(t, "explain", "--data", dir, e1)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"entity " + e1 + ": 2 record(s)", "src:a1 ↔ src:a2", "linked but kept apart", "p=0.948  src:a2 ↔ src:b1 (entity " + e2 + ")"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
