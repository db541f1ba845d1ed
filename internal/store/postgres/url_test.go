package postgres

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestSplitSchemaParam(t *testing.T) {
	for _, tc := range []struct {
		in, out, schema string
		bad             bool
	}{
		{"postgres://u@h/db", "postgres://u@h/db", "", false},
		{"postgres://u@h/db?mosaic.schema=agency2", "postgres://u@h/db", "agency2", false},
		{"postgresql://u@h:5433/db?sslmode=disable&mosaic.schema=x&pool_max_conns=4",
			"postgresql://u@h:5433/db?pool_max_conns=4&sslmode=disable", "x", false},
		{"host=h dbname=db", "host=h dbname=db", "", false}, // keyword form passes through
		{"postgres://u@h/db?mosaic.schema=", "postgres://u@h/db?mosaic.schema=", "", false},
		{"postgres://%zz@h/db?mosaic.schema=x", "", "", true},
		{"postgres://u@h/db?schema=x", "postgres://u@h/db?schema=x", "", false}, // not ours
	} {
		out, schema, err := splitSchemaParam(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && (out != tc.out || schema != tc.schema)) {
			t.Errorf("splitSchemaParam(%q) = %q, %q, %v; want %q, %q (error %v)", tc.in, out, schema, err, tc.out, tc.schema, tc.bad)
		}
	}
}

// FuzzSplitSchemaParam: whatever the URL, a schema that is taken out is no
// longer in what pgx sees.
func FuzzSplitSchemaParam(f *testing.F) {
	f.Add("postgres://u@h/db?mosaic.schema=a&x=1")
	f.Add("postgresql://[::1]:5432/db?mosaic.schema=%41")
	f.Add("host=x")
	f.Fuzz(func(t *testing.T, in string) {
		out, schema, err := splitSchemaParam(in)
		if err != nil || schema == "" {
			return
		}
		u, err := url.Parse(out)
		if err != nil {
			t.Fatalf("%q became unparsable %q: %v", in, out, err)
		}
		if u.Query().Has(schemaParam) || !strings.HasPrefix(out, "postgres") {
			t.Fatalf("%q → %q still names a schema (took %q)", in, out, schema)
		}
	})
}

// TestSchemaParamHarmless: the parameter left in a URL (as other packages
// that share --db pass it on) does not stop a plain pgx connection.
func TestSchemaParamHarmless(t *testing.T) {
	url := withParam(testURL(t), schemaParam+"=agency2")
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("pgx.Connect(%s): %v", url, err)
	}
	c.Close(context.Background())
}
