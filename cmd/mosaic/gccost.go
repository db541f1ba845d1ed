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
	cpu0 := float(samples[0])
	t := time.Now()
	runtime.GC()
	c := collectionCost{wall: time.Since(t)}
	metrics.Read(samples)
	c.cpu = float(samples[0]) - cpu0
	c.live, c.scannable, c.objects = count(samples[1]), count(samples[2]), count(samples[3])
	return c
}

// float and count read a metric, 0 when this runtime does not have it
// (Value's accessors panic on a kind they are not).
func float(s metrics.Sample) float64 {
	if s.Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s.Value.Float64()
}

func count(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
