package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeReceipts serves an app's receipt list as the API does: newest first,
// since and outcome filtered on the server.
type fakeReceipts struct {
	mu       sync.Mutex
	list     []devReceipt
	fail     int // answer 503 to this many next requests
	requests int
	lastQ    string
}

func (f *fakeReceipts) add(r devReceipt) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, r)
}

func (f *fakeReceipts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	f.lastQ = r.URL.RawQuery
	if f.fail > 0 {
		f.fail--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	since, _ := time.Parse(time.RFC3339Nano, r.URL.Query().Get("since"))
	var out []devReceipt
	for _, x := range f.list {
		if (since.IsZero() || !x.StartedAt.Before(since)) && (r.URL.Query().Get("outcome") == "" || x.Outcome == r.URL.Query().Get("outcome")) {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b devReceipt) int { return b.StartedAt.Compare(a.StartedAt) })
	_ = json.NewEncoder(w).Encode(page[devReceipt]{Data: out})
}

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The follower prints each new receipt once, oldest first: not the ones
// there before it started, yes one that started earlier but was written
// late, and it rides out a server that is briefly unavailable.
func TestTailReceipts(t *testing.T) {
	f := &fakeReceipts{}
	base := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	f.add(devReceipt{ID: "old", Event: "render", Outcome: "ok", StartedAt: base})
	srv := httptest.NewServer(f)
	defer srv.Close()
	tg := target{c: newAPIClient(srv.URL, "tok"), org: "org", app: devApp{ID: "app", Slug: "shop"}}
	var out, errOut syncBuf
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tailReceipts(ctx, &out, &errOut, tg, nil) }()

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("%s; out:\n%s\nerr:\n%s", what, out.String(), errOut.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	requests := func() int { f.mu.Lock(); defer f.mu.Unlock(); return f.requests }
	waitFor("no first poll", func() bool { return requests() > 0 })

	f.add(devReceipt{ID: "new1", Event: "action", Outcome: "error", StartedAt: base.Add(2 * time.Second)})
	waitFor("new1 not printed", func() bool { return strings.Contains(out.String(), "new1") })
	// Written late, started before new1.
	f.add(devReceipt{ID: "late", Event: "render", Outcome: "ok", StartedAt: base.Add(time.Second)})
	waitFor("late not printed", func() bool { return strings.Contains(out.String(), "late") })

	f.mu.Lock()
	f.fail = 2
	f.mu.Unlock()
	f.add(devReceipt{ID: "new2", Event: "render", Outcome: "ok", StartedAt: base.Add(3 * time.Second)})
	waitFor("new2 not printed after the outage", func() bool { return strings.Contains(out.String(), "new2") })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "old") {
		t.Errorf("printed a receipt from before it started:\n%s", got)
	}
	for _, id := range []string{"new1", "late", "new2"} {
		if n := strings.Count(got, id); n != 1 {
			t.Errorf("%s printed %d times:\n%s", id, n, got)
		}
	}
	if !strings.Contains(errOut.String(), "retrying") || !strings.Contains(errOut.String(), "reconnected") {
		t.Errorf("the outage was not reported:\n%s", errOut.String())
	}
	f.mu.Lock()
	if !strings.Contains(f.lastQ, "since=") {
		t.Errorf("the follower does not ask the server for recent receipts only: %s", f.lastQ)
	}
	f.mu.Unlock()
}

// A refusal (logged out) ends the follower with the server's message.
func TestTailReceiptsStopsWhenRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"code":"unauthenticated","message":"sign in first"}}`))
	}))
	defer srv.Close()
	tg := target{c: newAPIClient(srv.URL, "tok"), org: "org", app: devApp{ID: "app", Slug: "shop"}}
	var out, errOut syncBuf
	err := tailReceipts(context.Background(), &out, &errOut, tg, nil)
	if err == nil || !strings.Contains(err.Error(), "sign in first") || !strings.Contains(err.Error(), "souk login") {
		t.Fatalf("err = %v", err)
	}
}
