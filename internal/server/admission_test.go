package server

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store/storetest"
)

// TestAdmissionInArrivalOrder: requests that find every slot taken are
// admitted in the order they came.
func TestAdmissionInArrivalOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAdmission(1)
		ctx := context.Background()
		if err := a.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		var order []int
		done := make(chan struct{})
		const n = 8
		for i := range n {
			go func() {
				if err := a.acquire(ctx); err != nil {
					t.Error(err)
					return
				}
				order = append(order, i) // the slot serialises these appends
				last := len(order) == n  // read while holding the slot
				a.release()
				if last {
					close(done)
				}
			}()
			synctest.Wait() // goroutine i is queued before i+1 starts
		}
		a.release()
		<-done
		for i, got := range order {
			if got != i {
				t.Fatalf("admitted in order %v, want 0..%d", order, n-1)
			}
		}
	})
}

// TestAdmissionGivesUpWithContext: a request that cannot get a slot before
// its deadline gives up instead of waiting for ever.
func TestAdmissionGivesUpWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAdmission(1)
		if err := a.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := a.acquire(ctx); err == nil {
			t.Fatal("acquired a slot that was taken")
		}
		if a.inFlight() != 1 {
			t.Fatalf("%d slots taken after a request gave up, want 1", a.inFlight())
		}
	})
}

// TestUnadmittedGivesBackTheSlot: while a request waits for a shared build,
// others can run; afterwards it holds its slot again.
func TestUnadmittedGivesBackTheSlot(t *testing.T) {
	a := newAdmission(1)
	ctx := context.Background()
	if err := a.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	c := &Call{adm: a, admitted: true}
	ran := false
	err := c.unadmitted(ctx, func() {
		select {
		case a.slots <- struct{}{}: // another request runs during the build
			a.release()
			ran = true
		default:
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Error("the slot was held during the build")
	}
	if !c.admitted || a.inFlight() != 1 {
		t.Errorf("after the build: admitted %v, %d slots taken; want true, 1", c.admitted, a.inFlight())
	}
	c.leave()
	c.leave() // twice is harmless
	if a.inFlight() != 0 {
		t.Errorf("%d slots taken after leave, want 0", a.inFlight())
	}
	// A call outside the request path has no slot and just runs.
	outside := &Call{}
	if err := outside.unadmitted(ctx, func() {}); err != nil {
		t.Fatal(err)
	}
}

// TestBusyServerAnswers503: with every slot taken past the request
// timeout, a read is answered 503 with Retry-After, not left hanging; once
// a slot frees, reads are served again, and the slots all come back.
func TestBusyServerAnswers503(t *testing.T) {
	f := newFixture(t, []model.Statement{storetest.Stmt("p:1", "Person", "name", "Ivan Petrov", "")})
	tok := f.user(t, "bob", RoleAnalyst)
	f.srv.cfg.RequestTimeout = 50 * time.Millisecond
	for range f.srv.cfg.MaxInFlight {
		if err := f.srv.adm.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	code, body := f.do(t, "GET", "/api/v1/search?q=ivan", tok, "case 1", "")
	if code != http.StatusServiceUnavailable {
		t.Fatalf("all slots taken: %d %s, want 503", code, body)
	}
	for range f.srv.cfg.MaxInFlight {
		f.srv.adm.release()
	}
	if code, body := f.do(t, "GET", "/api/v1/search?q=ivan", tok, "case 1", ""); code != http.StatusOK {
		t.Fatalf("slots free: %d %s", code, body)
	}
	if n := f.srv.adm.inFlight(); n != 0 {
		t.Errorf("%d slots still taken after the requests ended", n)
	}
}

// TestPanicGivesBackTheSlot: a handler that panics is answered 500 and
// does not keep its slot (a few such requests would otherwise stop every
// read).
func TestPanicGivesBackTheSlot(t *testing.T) {
	f := newFixture(t, nil, func(c *Config) {
		c.MaxInFlight = 1
		c.Extra = []Route{{Method: "GET", Pattern: "/api/v1/boom", Summary: "panics",
			Handle: func(w http.ResponseWriter, r *http.Request, c *Call) error { panic("boom") }}}
	})
	tok := f.user(t, "bob", RoleAnalyst)
	for range 3 {
		if code, body := f.do(t, "GET", "/api/v1/boom", tok, "", ""); code != http.StatusInternalServerError {
			t.Fatalf("panicking handler: %d %s, want 500", code, body)
		}
	}
	if n := f.srv.adm.inFlight(); n != 0 {
		t.Fatalf("%d slots still taken after panics", n)
	}
}
