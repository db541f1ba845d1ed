//go:build slow

package audit

import "testing"

// Every byte of a log, flipped three ways (low bit, letter case, high bit
// for invalid UTF-8): Verify must fail on each and name its line.
func TestFileFlipEveryByte(t *testing.T) { flipBytes(t, 1, []byte{0x01, 0x20, 0x80}) }
