package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/ratelimit"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestBudgetPerSubjectAndSliding(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clk := &clock{t: time.Unix(1_800_000_000, 0)} // on a minute boundary
		l := ratelimit.New(db)
		l.Now = clk.now
		lim := ratelimit.Limit{Max: 3, Window: time.Minute}
		allow := func(subject string) ratelimit.Decision {
			t.Helper()
			d, err := l.Allow(ctx, subject, lim)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		for i := 0; i < 3; i++ {
			if d := allow("login:a"); !d.Allowed {
				t.Fatalf("attempt %d refused: %+v", i+1, d)
			}
		}
		d := allow("login:a")
		if d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > 2*time.Minute {
			t.Fatalf("4th attempt: %+v", d)
		}
		if d := allow("login:b"); !d.Allowed {
			t.Fatalf("another subject shares the budget: %+v", d)
		}
		// Just past the window boundary the previous window still weighs
		// almost fully: no second budget at the boundary.
		clk.add(61 * time.Second)
		if d := allow("login:a"); d.Allowed {
			t.Fatalf("a fresh budget right after the boundary: %+v", d)
		}
		// Two idle windows later the budget is whole again.
		clk.add(2 * time.Minute)
		for i := 0; i < 3; i++ {
			if d := allow("login:a"); !d.Allowed {
				t.Fatalf("after a pause, attempt %d refused: %+v", i+1, d)
			}
		}
		// Expired windows are swept.
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM rate_limit_windows WHERE expires_at < $1`, clk.now().UnixMicro()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%d expired windows left", n)
		}
	})
}

// Concurrent requests from many goroutines (two limiters, as two nodes)
// never let more than the budget through.
func TestBudgetHoldsUnderConcurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clk := &clock{t: time.Unix(1_800_000_000, 0)}
		nodes := []*ratelimit.Limiter{ratelimit.New(db), ratelimit.New(db)}
		for _, n := range nodes {
			n.Now = clk.now
		}
		lim := ratelimit.Limit{Max: 10, Window: time.Minute}
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				d, err := nodes[i%2].Allow(ctx, "pin:x", lim)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}(i)
		}
		wg.Wait()
		if allowed != 10 {
			t.Fatalf("%d of 30 concurrent requests allowed, want 10", allowed)
		}
	})
}
