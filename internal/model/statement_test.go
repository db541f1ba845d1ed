package model

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestStatementIDStable pins ids: they are stored keys, so a change of the
// hash or of how the parts are joined would make re-ingestion duplicate
// every statement of an existing store.
func TestStatementIDStable(t *testing.T) {
	for _, tc := range []struct{ source, record, schema, prop, value, want string }{
		{"police", "police:1", "Person", "name", "Ivan Petrov", "cb374e37fbd17ba040f89796f1c9a88b"},
		{"", "", "", "", "", "df3f619804a92fdb4057192dc43dd748"},
		{"telecom", "telecom:abc", "Call", "date", "2023-01-01T03:22:20", "b02036fcabb72c8cc055d6603761bb19"},
		{"a", "b\x00c", "Person", "name", "Мухаммад", "b7ba44612083d58bf2eafea09682b0af"},
	} {
		if got := StatementID(tc.source, tc.record, tc.schema, tc.prop, tc.value); got != tc.want {
			t.Errorf("StatementID(%q, %q, %q, %q, %q) = %s, want %s", tc.source, tc.record, tc.schema, tc.prop, tc.value, got, tc.want)
		}
	}
}

// TestStatementIDDefinition checks the id against its documented
// definition for random parts, long values included (past the stack
// buffer).
func TestStatementIDDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	part := func() string {
		b := make([]byte, rng.IntN(100))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return string(b)
	}
	for i := 0; i < 2000; i++ {
		p := [5]string{part(), part(), part(), part(), part()}
		if i%10 == 0 {
			p[4] = strings.Repeat("x", 300+rng.IntN(1000))
		}
		sum := sha256.Sum256([]byte(strings.Join(p[:], "\x00")))
		if got, want := StatementID(p[0], p[1], p[2], p[3], p[4]), hex.EncodeToString(sum[:16]); got != want {
			t.Fatalf("StatementID(%q) = %s, want %s", p, got, want)
		}
	}
}
