// Package groupcommit coalesces concurrent requests into batches that a
// worker commits in one database transaction (group commit). Under load the
// batches grow by themselves, so one commit — one fsync, one pass over a hot
// row — serves many callers; alone, a request runs in a batch of one with
// no added wait beyond Linger.
//
// A caller of Do returns only after the batch carrying its items has run to
// the end, so a service that acknowledges a request when Do returns
// acknowledges only what its batch committed. The batch runs on the
// worker's goroutine with a context of its own: a caller that gives up does
// not cancel the batch-mates it shares a transaction with.
//
// The ledger (payments/ledger) and chat sends (chat) use it.
package groupcommit

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a Batcher; zero values take the defaults.
type Options struct {
	// Workers is how many batches may run at once (default 1).
	Workers int
	// MaxBatch caps the items in one batch (default 256).
	MaxBatch int
	// Linger is how long a worker may wait for more items to join a batch
	// while it is smaller than the previous one (default 200µs; negative:
	// never wait).
	Linger time.Duration
	// Queue is how many items may wait for a worker (default 4096); Do
	// blocks while it is full.
	Queue int
}

// ErrClosed is returned by Do after Close.
var ErrClosed = errors.New("groupcommit: closed")

// Stats are a Batcher's counters since New.
type Stats struct {
	Batches   int64 // batches run
	Items     int64 // items they carried
	MeanBatch float64
}

// Batcher queues items of type T and hands them to run in batches.
type Batcher[T any] struct {
	opts Options
	run  func(ctx context.Context, batch []T)

	start sync.Once
	in    chan *slot[T]
	quit  chan struct{}
	wg    sync.WaitGroup
	close sync.Once

	batches, items atomic.Int64
}

type slot[T any] struct {
	v    T
	done chan struct{}
}

// New returns a batcher whose workers (started on first use) call run with
// each batch, in the order the items were queued. run records each item's
// outcome in the item itself (T is usually a pointer) and must not keep
// the slice.
func New[T any](opts Options, run func(ctx context.Context, batch []T)) *Batcher[T] {
	if opts.Workers <= 0 {
		opts.Workers = 1
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if opts.Linger == 0 {
		opts.Linger = 200 * time.Microsecond
	}
	if opts.Queue <= 0 {
		opts.Queue = 4096
	}
	return &Batcher[T]{opts: opts, run: run, in: make(chan *slot[T], opts.Queue), quit: make(chan struct{})}
}

// Stats returns the batcher's counters.
func (b *Batcher[T]) Stats() Stats {
	n, u := b.batches.Load(), b.items.Load()
	st := Stats{Batches: n, Items: u}
	if n > 0 {
		st.MeanBatch = float64(u) / float64(n)
	}
	return st
}

// Close stops the workers after the batches in flight; Do fails after it.
func (b *Batcher[T]) Close() {
	b.close.Do(func() { close(b.quit) })
	b.wg.Wait()
}

// Do queues items and waits until the batches carrying them have run. It
// returns ctx's error if ctx ends first (the items may still run: a caller
// that retries must be idempotent) and ErrClosed if the batcher closes
// before they ran.
func (b *Batcher[T]) Do(ctx context.Context, items ...T) error {
	b.start.Do(func() {
		for i := 0; i < b.opts.Workers; i++ {
			b.wg.Add(1)
			go b.worker()
		}
	})
	select {
	case <-b.quit:
		return ErrClosed
	default:
	}
	slots := make([]*slot[T], len(items))
	for i, v := range items {
		slots[i] = &slot[T]{v: v, done: make(chan struct{})}
		select {
		case b.in <- slots[i]:
		case <-b.quit:
			return ErrClosed
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, s := range slots {
		select {
		case <-s.done:
		case <-ctx.Done():
			return ctx.Err()
		case <-b.quit:
			// Closing: an item still queued will not run; one in a batch
			// in flight finishes.
			select {
			case <-s.done:
			case <-time.After(5 * time.Second):
				return ErrClosed
			}
		}
	}
	return nil
}

// worker takes whatever has queued up (at most MaxBatch items) and runs it
// as one batch.
func (b *Batcher[T]) worker() {
	defer b.wg.Done()
	target := 1
	batch := make([]*slot[T], 0, b.opts.MaxBatch)
	vals := make([]T, 0, b.opts.MaxBatch)
	for {
		batch = batch[:0]
		select {
		case s := <-b.in:
			batch = append(batch, s)
		case <-b.quit:
			return
		}
	fill:
		for len(batch) < b.opts.MaxBatch {
			select {
			case s := <-b.in:
				batch = append(batch, s)
			default:
				break fill
			}
		}
		if b.opts.Linger > 0 && len(batch) < target {
			// Callers whose previous request just committed are about to
			// send the next one: waiting a moment (at most Linger, and
			// only until the batch is as large as the previous one) makes
			// batches, and so throughput, larger for little added latency.
			timer := time.NewTimer(b.opts.Linger)
		linger:
			for len(batch) < min(target, b.opts.MaxBatch) {
				select {
				case s := <-b.in:
					batch = append(batch, s)
				case <-timer.C:
					break linger
				}
			}
			timer.Stop()
		}
		target = len(batch)
		vals = vals[:0]
		for _, s := range batch {
			vals = append(vals, s.v)
		}
		// The callers may have gone; the batch still runs to completion so
		// that what was asked is decided once.
		b.run(context.Background(), vals)
		b.batches.Add(1)
		b.items.Add(int64(len(batch)))
		for _, s := range batch {
			close(s.done)
		}
		clear(vals)
	}
}
