package main

import (
	"runtime"
	"testing"
)

func TestMemoryAvailable(t *testing.T) {
	m := memoryAvailable()
	if runtime.GOOS == "linux" && m < 64<<20 {
		t.Fatalf("memoryAvailable() = %d on Linux: /proc/meminfo was not read", m)
	}
}
