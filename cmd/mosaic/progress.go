package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// progress draws a one-line bar on a terminal; on anything else it stays
// silent so logs and pipes get only the summary.
type progress struct {
	e     *env
	label string
	start time.Time
	unit  string // "bytes" or "" (plain counts)
	mu    sync.Mutex
	drawn bool
}

func newProgress(e *env, label, unit string) *progress {
	return &progress{e: e, label: label, start: time.Now(), unit: unit}
}

// update is safe to call from any goroutine, as often as wanted.
func (p *progress) update(done, total int64) {
	if !p.e.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	const width = 30
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	bar := strings.Repeat("=", n) + strings.Repeat(" ", width-n)
	if n > 0 && n < width {
		bar = strings.Repeat("=", n-1) + ">" + strings.Repeat(" ", width-n)
	}
	amount := fmt.Sprintf("%d/%d", done, total)
	if p.unit == "bytes" {
		amount = fmt.Sprintf("%s/%s", humanBytes(done), humanBytes(total))
	}
	fmt.Fprintf(p.e.stderr, "\r%-10s [%s] %3.0f%% %s %.1fs ", p.label, bar, frac*100, amount, time.Since(p.start).Seconds())
	p.drawn = true
}

// done clears the bar line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.e.stderr, "\r%s\r", strings.Repeat(" ", 90))
		p.drawn = false
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1fG", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1fM", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fK", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}
