package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// serverGCPercent is GOGC for the server. It holds large, long-lived
// structures (the search index, a graph per authorisation set: gigabytes
// at a million records) while requests allocate little, so the default of
// 100 spends a collection marking that whole heap for every few hundred
// megabytes of short-lived garbage — a fifth of the CPU under load at 1M
// records. The memory limit keeps the larger headroom from growing
// without bound.
const serverGCPercent = 400

// tuneServerGC sets the collector for serving unless GOGC or GOMEMLIMIT
// say otherwise, and reports what it set.
func tuneServerGC() (percent int, limit int64) {
	percent = -1
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
		percent = serverGCPercent
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := memoryAvailable(); total > 0 {
			limit = total * 6 / 10
			debug.SetMemoryLimit(limit)
		}
	}
	return percent, limit
}

// memoryAvailable is the machine's memory, or the cgroup's limit when it is
// lower; 0 when neither can be read.
func memoryAvailable() int64 {
	var total int64
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				if err == nil {
					total = kb << 10
				}
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}

// batchGCPercent is GOGC under --memory-limit-mb for batch resolution:
// its live heap (records, candidate pairs and their comparisons: 2.4 GB
// at a million records) is most of what it holds, so collecting at half
// again the live heap rather than twice it keeps the peak near the live
// heap, and the limit catches the rest.
const batchGCPercent = 50

// limitBatchMemory sets a soft memory limit for a batch job (0: none) and
// the collector percentage that goes with it, unless GOGC or GOMEMLIMIT
// say otherwise. A soft limit never fails an allocation: a job whose live
// heap outgrows it runs on with the collector busier. restore puts back
// what was there before.
func limitBatchMemory(mb int) (restore func()) {
	restore = func() {}
	if mb <= 0 {
		return restore
	}
	pct, limit := -2, int64(-1) // -2: unchanged
	if os.Getenv("GOGC") == "" {
		pct = debug.SetGCPercent(batchGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(int64(mb) << 20)
	}
	return func() {
		if pct != -2 {
			debug.SetGCPercent(pct)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
