package names

import "testing"

// TestTouch: touching reads any name, empty ones included, and depends on
// its parts (so the reads cannot be optimised away).
func TestTouch(t *testing.T) {
	empty := Parse("", Person)
	if got := Touch(&empty); got != 0 {
		t.Errorf("Touch(empty) = %d, want 0", got)
	}
	a, b := Parse("Ivan Petrov", Person), Parse("Olga Petrova Smirnova", Person)
	if Touch(&a) == Touch(&b) {
		t.Errorf("Touch does not depend on the name: %d for both", Touch(&a))
	}
}
