package model

import (
	"errors"
	"testing"
)

func TestLabelEval(t *testing.T) {
	tests := []struct {
		label string
		auths []string
		want  bool
	}{
		{"", nil, true},
		{"A", nil, false},
		{"A", []string{"A"}, true},
		{"A&B", []string{"A"}, false},
		{"A&B", []string{"A", "B"}, true},
		{"A|B", []string{"B"}, true},
		{"SECRET&(FR|BE)", []string{"SECRET", "BE"}, true},
		{"SECRET&(FR|BE)", []string{"FR", "BE"}, false},
		{"(A|B)&(C|D)", []string{"B", "C"}, true},
		{"(A|B)&(C|D)", []string{"A", "B"}, false},
		{`"x y"&A`, []string{"x y", "A"}, true},
		{`"a\"b"`, []string{`a"b`}, true},
		{`"a\\b"`, []string{`a\b`}, true},
		{"  A & B ", []string{"A", "B"}, true},
		{"eu:police/fr-2", []string{"eu:police/fr-2"}, true},
		{"((A))", []string{"A"}, true},
	}
	for _, tc := range tests {
		l, err := ParseLabel(tc.label)
		if err != nil {
			t.Fatalf("ParseLabel(%q): %v", tc.label, err)
		}
		if got := l.Satisfied(NewAuths(tc.auths...)); got != tc.want {
			t.Errorf("%q with %v = %v, want %v", tc.label, tc.auths, got, tc.want)
		}
		if !l.Satisfied(AllAuths()) {
			t.Errorf("%q not satisfied by all auths", tc.label)
		}
	}
}

func TestLabelErrors(t *testing.T) {
	for _, bad := range []string{"A&B|C", "A|B&C", "A&", "&A", "(A", "A)", "()", `""`, `"abc`, `"a\nb"`, "A B", "A&&B", "é", "A|(B&)"} {
		_, err := ParseLabel(bad)
		var le *LabelError
		if !errors.As(err, &le) {
			t.Errorf("ParseLabel(%q) = %v, want a *LabelError", bad, err)
		}
	}
}

func TestConjoin(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"A"}, "A"},
		{[]string{"B", "A", "B"}, "(A)&(B)"},
		{[]string{"A|C", "B"}, "(A|C)&(B)"},
		{[]string{Conjoin("A", "B"), "C"}, "(A)&(B)&(C)"},
		{[]string{Conjoin("A", "B"), Conjoin("B", "A")}, "(A)&(B)"},
	}
	for _, tc := range tests {
		got := Conjoin(tc.in...)
		if got != tc.want {
			t.Errorf("Conjoin(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" {
			if _, err := ParseLabel(got); err != nil {
				t.Errorf("Conjoin(%q) = %q does not parse: %v", tc.in, got, err)
			}
		}
	}
	v := NewViewer("t", NewAuths("A"))
	if v.CanSee(Conjoin("A", "B")) {
		t.Error("conjunction visible without B")
	}
	if !v.CanSee(Conjoin("A", "A|B")) {
		t.Error("conjunction of satisfied labels hidden")
	}
}

// FuzzParseLabel checks the parser never panics, and that whatever parses
// round-trips through Conjoin with the same meaning.
func FuzzParseLabel(f *testing.F) {
	for _, s := range []string{"A", "A&B", "(A|B)&C", `"x\"y"|Z`, "A&B|C", "((", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLabel(s)
		if err != nil {
			return
		}
		terms := l.Terms()
		all := NewAuths(terms...)
		if !l.Satisfied(all) {
			t.Fatalf("%q not satisfied by all of its own terms %v", s, terms)
		}
		c := Conjoin(s, "Q")
		cl, err := ParseLabel(c)
		if err != nil {
			t.Fatalf("Conjoin(%q, Q) = %q does not parse: %v", s, c, err)
		}
		if cl.Satisfied(NewAuths(append(terms, "Q")...)) != true {
			t.Fatalf("conjunction %q not satisfied", c)
		}
		if len(terms) > 0 && cl.Satisfied(NewAuths("Q")) && !l.Satisfied(NewAuths()) {
			t.Fatalf("conjunction %q satisfied without the original's terms", c)
		}
	})
}

// TestEntityKeyMatchesFtM pins ids to those `ftm map` produced for the
// donations example shipped with FollowTheMoney (shared/data/ftm).
func TestEntityKeyMatchesFtM(t *testing.T) {
	if got := EntityKey("donations", "", []string{"MLPD"}); got != "6d03aec76fdeec8f9697d8b19954ab6fc2568bc8" {
		t.Errorf("EntityKey = %s", got)
	}
	if EntityKey("d", "", []string{"", ""}) != "" {
		t.Error("all-empty keys must give no id")
	}
	if EntityKey("d", "x", []string{"b", "a"}) != EntityKey("d", "x", []string{"a", "b"}) {
		t.Error("key order must not matter (FtM sorts values)")
	}
}
