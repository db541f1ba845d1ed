package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// cpuWindows samples, window by window of a load run, how much CPU the
// process got, how much the machine's hypervisor took from its guests
// (steal) and how many collections finished. A slow stretch in a run is
// then either the program's (the process busy, or collecting) or the
// machine's (the process starved while others' work is stolen from it).
type cpuWindows struct {
	every time.Duration
	stop  chan struct{}
	done  chan struct{}
	rows  []cpuWindow
}

type cpuWindow struct {
	proc  float64 // process CPU, % of one core
	sys   float64 // of which in the kernel
	flt   int64   // minor page faults (memory touched for the first time)
	steal float64 // stolen from the machine, % of all its cores; -1 unknown
	gcs   uint64
}

type cpuSample struct {
	proc, sys     float64 // seconds
	flt           int64
	steal, total  uint64 // /proc/stat ticks
	gcs           uint64
	stealReadable bool
}

func startCPUWindows(every time.Duration) *cpuWindows {
	c := &cpuWindows{every: every, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *cpuWindows) run() {
	defer close(c.done)
	prev, t := takeCPUSample(), time.Now()
	tick := time.NewTicker(c.every)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
		}
		cur, now := takeCPUSample(), time.Now()
		secs := now.Sub(t).Seconds()
		w := cpuWindow{proc: 100 * (cur.proc - prev.proc) / secs, sys: 100 * (cur.sys - prev.sys) / secs,
			flt: cur.flt - prev.flt, steal: -1, gcs: cur.gcs - prev.gcs}
		if cur.stealReadable && prev.stealReadable && cur.total > prev.total {
			w.steal = 100 * float64(cur.steal-prev.steal) / float64(cur.total-prev.total)
		}
		c.rows = append(c.rows, w)
		prev, t = cur, now
	}
}

// Stop ends the sampling; the rows are complete afterwards.
func (c *cpuWindows) Stop() {
	close(c.stop)
	<-c.done
}

func (c *cpuWindows) print(w io.Writer) {
	var proc, sys, flt, steal, gcs strings.Builder
	for _, r := range c.rows {
		fmt.Fprintf(&proc, " %5.0f", r.proc)
		fmt.Fprintf(&sys, " %5.0f", r.sys)
		fmt.Fprintf(&flt, " %4.0fk", float64(r.flt)/1000)
		if r.steal < 0 {
			fmt.Fprintf(&steal, " %5s", "?")
		} else {
			fmt.Fprintf(&steal, " %5.1f", r.steal)
		}
		fmt.Fprintf(&gcs, " %5d", r.gcs)
	}
	fmt.Fprintf(w, "by %s window, process CPU %% of a core:%s\n", c.every, proc.String())
	fmt.Fprintf(w, "by %s window, of which in the kernel: %s\n", c.every, sys.String())
	fmt.Fprintf(w, "by %s window, minor page faults:    %s\n", c.every, flt.String())
	fmt.Fprintf(w, "by %s window, machine CPU stolen %%:  %s\n", c.every, steal.String())
	fmt.Fprintf(w, "by %s window, collections:         %s\n", c.every, gcs.String())
}

func takeCPUSample() cpuSample {
	var s cpuSample
	u := processUsage()
	s.proc, s.sys, s.flt = (u.user + u.sys).Seconds(), u.sys.Seconds(), u.minorFaults
	m := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(m)
	s.gcs = count(m[0])
	s.steal, s.total, s.stealReadable = readSteal()
	return s
}

// readSteal reads the machine's stolen and total CPU ticks from the first
// line of /proc/stat (Linux; elsewhere, or when unreadable, ok is false).
func readSteal() (steal, total uint64, ok bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, 0, false
	}
	return parseCPULine(sc.Text())
}

// parseCPULine reads /proc/stat's "cpu" line: the stolen ticks and the
// total of all states.
func parseCPULine(line string) (steal, total uint64, ok bool) {
	fields := strings.Fields(line)
	// cpu user nice system idle iowait irq softirq steal [guest guest_nice]
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0, false
	}
	for i, f := range fields[1:] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		if i < 8 { // guest time is already counted in user
			total += v
		}
		if i == 7 {
			steal = v
		}
	}
	return steal, total, true
}
