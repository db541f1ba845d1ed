package main

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"
)

// collectionCost is what one full collection of the live heap costs.
type collectionCost struct {
	wall      time.Duration // runtime.GC with the process otherwise idle
	cpu       float64       // CPU seconds the collector spent in that cycle
	live      uint64        // bytes of live heap after it
	scannable uint64        // of which the collector must scan for pointers
	objects   uint64
}

func (c collectionCost) String() string {
	return fmt.Sprintf("one collection at rest: %.2f s wall, %.2f s CPU; live heap %d MiB, of which %d MiB scanned for pointers, %.1fM objects",
		c.wall.Seconds(), c.cpu, c.live>>20, c.scannable>>20, float64(c.objects)/1e6)
}

// measureCollection forces a collection to settle the heap, then times a
// second one, whose marking is all of the live heap's pointers.
func measureCollection() collectionCost {
	runtime.GC()
	samples := []metrics.Sample{
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/heap:bytes"},
		{Name: "/gc/heap/objects:objects"},
	}
	metrics.Read(samples[:1])
	cpu0 := samples[0].Value.Float64()
	t := time.Now()
	runtime.GC()
	var c collectionCost
	c.wall = time.Since(t)
	metrics.Read(samples)
	if samples[0].Value.Kind() == metrics.KindFloat64 {
		c.cpu = samples[0].Value.Float64() - cpu0
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		c.live = samples[1].Value.Uint64()
	}
	if samples[2].Value.Kind() == metrics.KindUint64 {
		c.scannable = samples[2].Value.Uint64()
	}
	if samples[3].Value.Kind() == metrics.KindUint64 {
		c.objects = samples[3].Value.Uint64()
	}
	return c
}
