package groupcommit_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/internal/groupcommit"
)

type item struct {
	n     int
	batch int // which batch ran it
}

// Items queued while a batch runs form the next batch, in queue order, and
// every caller returns only after the batch carrying its item has run.
func TestItemsQueuedDuringABatchShareTheNext(t *testing.T) {
	gate := make(chan struct{})
	var mu sync.Mutex
	var batches [][]int
	b := groupcommit.New(groupcommit.Options{Linger: -1}, func(_ context.Context, items []*item) {
		mu.Lock()
		n := len(batches)
		var ns []int
		for _, it := range items {
			it.batch = n
			ns = append(ns, it.n)
		}
		batches = append(batches, ns)
		mu.Unlock()
		if n == 0 {
			<-gate // hold the first batch until the others have queued
		}
	})
	defer b.Close()
	first := &item{n: 0}
	firstDone := make(chan error)
	go func() { firstDone <- b.Do(context.Background(), first) }()
	for {
		mu.Lock()
		started := len(batches) == 1
		mu.Unlock()
		if started {
			break
		}
		time.Sleep(time.Millisecond)
	}
	// One caller queues 1..5 in order (as one Do); they wait behind batch 0.
	rest := []*item{{n: 1}, {n: 2}, {n: 3}, {n: 4}, {n: 5}}
	restDone := make(chan error)
	go func() { restDone <- b.Do(context.Background(), rest...) }()
	select {
	case <-firstDone:
		t.Fatal("Do returned before its batch ran to the end")
	case <-restDone:
		t.Fatal("Do returned before its batch ran")
	case <-time.After(50 * time.Millisecond):
	}
	close(gate)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if err := <-restDone; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var order []int
	for _, ns := range batches[1:] {
		order = append(order, ns...)
	}
	if !slices.Equal(order, []int{1, 2, 3, 4, 5}) || len(batches) > 3 {
		t.Fatalf("batches %v", batches)
	}
	if st := b.Stats(); st.Items != 6 || st.Batches != int64(len(batches)) {
		t.Fatalf("stats %+v for %v", st, batches)
	}
}

// A caller that gives up gets its context's error; Do after Close fails.
func TestCancelAndClose(t *testing.T) {
	gate := make(chan struct{})
	b := groupcommit.New(groupcommit.Options{}, func(context.Context, []*item) { <-gate })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.Do(ctx, &item{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Do with an expired context: %v", err)
	}
	close(gate)
	b.Close()
	if err := b.Do(context.Background(), &item{}); !errors.Is(err, groupcommit.ErrClosed) {
		t.Fatalf("Do after Close: %v", err)
	}
}
