package server

import (
	"context"
)

// admission bounds how many read requests run at once and admits the rest
// in the order they arrived.
//
// Without it every request that arrives starts at once, and the Go
// scheduler shares the cores among all of them: a request that yields more
// often (store reads, socket writes) goes round a queue of hundreds of
// others each time, so under load latency grows with each request's number
// of yields rather than its cost, and the slowest hundredth waits several
// times the median. Admitted in arrival order, with only a few running, a
// request waits for those ahead of it and then runs nearly alone: the wait
// is about the same for everyone, and fewer half-finished requests hold
// memory at once.
//
// Go's channels wake blocked senders in the order they blocked, which is
// what makes the queue first in, first out.
type admission struct {
	slots chan struct{}
}

func newAdmission(n int) *admission {
	return &admission{slots: make(chan struct{}, n)}
}

// acquire waits for a slot in arrival order, or until ctx ends.
func (a *admission) acquire(ctx context.Context) error {
	// A free slot is taken even when ctx has just ended (a select with
	// both ready would pick one at random).
	select {
	case a.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *admission) release() { <-a.slots }

// inFlight is how many slots are taken (for metrics).
func (a *admission) inFlight() int { return len(a.slots) }

// unadmitted runs fn, which may wait long for work shared with other
// requests (building the search index or the caller's graph), with the
// call's slot given back meanwhile, so that requests that need no such
// build are not held behind it; the slot is taken again, in arrival order,
// after fn. A call made outside the request path (warm-up, tests) has no
// slot and just runs fn.
func (c *Call) unadmitted(ctx context.Context, fn func()) error {
	if c.adm == nil || !c.admitted {
		fn()
		return nil
	}
	c.adm.release()
	c.admitted = false
	fn()
	if err := c.adm.acquire(ctx); err != nil {
		return err
	}
	c.admitted = true
	return nil
}

// leave gives back the call's slot, once.
func (c *Call) leave() {
	if c.adm != nil && c.admitted {
		c.admitted = false
		c.adm.release()
	}
}
