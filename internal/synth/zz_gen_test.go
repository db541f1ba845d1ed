//go:build synthdev

package synth

import (
	"context"
	"os"
	"strconv"
	"testing"
)

func TestDevGen(t *testing.T) {
	out := os.Getenv("SYNTH_DEV_OUT")
	if out == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("SYNTH_DEV_N"))
	s, err := Generate(context.Background(), Options{Out: out, People: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + s.String())
}
