package main

import (
	"syscall"
	"time"
)

// usage is what the kernel counts of the process's resources so far.
type usage struct {
	user, sys   time.Duration
	minorFaults int64 // pages touched for the first time
}

// processUsage reads the process's usage; zero if it cannot be read.
func processUsage() usage {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return usage{}
	}
	return usage{user: time.Duration(ru.Utime.Nano()), sys: time.Duration(ru.Stime.Nano()), minorFaults: ru.Minflt}
}

// cpuTime is the process's user+system CPU time so far, for a per-core
// figure that does not depend on how busy the machine's other cores were.
func cpuTime() time.Duration {
	u := processUsage()
	return u.user + u.sys
}

// cpuSeconds is cpuTime in seconds.
func cpuSeconds() float64 { return cpuTime().Seconds() }
