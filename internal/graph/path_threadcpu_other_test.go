//go:build slow && !linux

package graph

import "time"

// threadCPU is not measured off Linux.
func threadCPU() time.Duration { return 0 }
