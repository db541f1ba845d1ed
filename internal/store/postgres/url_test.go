package postgres

import (
	"net/url"
	"strings"
	"testing"
)

func TestSplitSchemaParam(t *testing.T) {
	for _, tc := range []struct {
		in, out, schema string
		bad             bool
	}{
		{"postgres://u@h/db", "postgres://u@h/db", "", false},
		{"postgres://u@h/db?schema=agency2", "postgres://u@h/db", "agency2", false},
		{"postgresql://u@h:5433/db?sslmode=disable&schema=x&pool_max_conns=4",
			"postgresql://u@h:5433/db?pool_max_conns=4&sslmode=disable", "x", false},
		{"host=h dbname=db", "host=h dbname=db", "", false}, // keyword form passes through
		{"postgres://u@h/db?schema=", "postgres://u@h/db?schema=", "", false},
		{"postgres://%zz@h/db?schema=x", "", "", true},
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
	f.Add("postgres://u@h/db?schema=a&x=1")
	f.Add("postgresql://[::1]:5432/db?schema=%41")
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
		if u.Query().Has("schema") || !strings.HasPrefix(out, "postgres") {
			t.Fatalf("%q → %q still names a schema (took %q)", in, out, schema)
		}
	})
}
