package sandbox

import (
	"context"
	"crypto/sha256"
	mathrand "math/rand/v2"
	"time"
)

// Record and replay of an event's sources of nondeterminism (issue 14).
//
// An event can read three things that differ between runs: random bytes
// (crypto.getRandomValues, crypto.randomUUID), Math.random and the clock
// (Date). A job with Nondet set makes them reproducible:
//
//   - random bytes and Math.random come from two ChaCha8 streams (a
//     cryptographically strong generator) derived from Nondet.Seed, so the
//     seed alone reproduces them, however many an event reads;
//   - the clock reads the real clock when recording, and the worker reports
//     every value it returned, in order (at most MaxClockReads; beyond that
//     the record is truncated); when replaying, it returns Nondet.Clock's
//     values in order, and once they run out it stays at the last one
//     (counted in Result.Nondet.ClockOverrun: the event read the clock more
//     often than the recorded one did, so it has diverged).
//
// Host calls are the host's side: HostCaller sees each call's sequence
// number within its event through CallSeq, in the order the worker made
// them, so a recorder and a replayer agree on "call N" even when JS runs
// several calls concurrently.

// MaxClockReads bounds the clock values one recorded event reports.
const MaxClockReads = 2048

// Nondet asks for reproducible nondeterminism (see above).
type Nondet struct {
	// Seed (any length; 32 random bytes in practice) seeds Math.random and
	// crypto.
	Seed []byte
	// Replay returns Clock's values instead of reading the clock.
	Replay bool
	// Clock are the clock readings to return, in Unix nanoseconds.
	Clock []int64
	// SkipTopLevel, with Replay: the recorded event ran in a warm runtime,
	// so the bundle's top level (which runs again in the replay's fresh
	// runtime) reads live sources rather than consuming the recording.
	SkipTopLevel bool
}

// NondetReport is what a recorded (or replayed) event read.
type NondetReport struct {
	// Clock are the clock values the event read, in Unix nanoseconds (when
	// recording).
	Clock []int64 `json:"clock,omitempty"`
	// ClockTruncated: the event read the clock more than MaxClockReads times;
	// Clock has the first ones.
	ClockTruncated bool `json:"clock_truncated,omitempty"`
	// ClockOverrun (replay) counts the reads beyond the recorded values.
	ClockOverrun int `json:"clock_overrun,omitempty"`
}

// wireNondet is Nondet on the wire.
type wireNondet struct {
	Seed    []byte  `json:"s"`
	Replay  bool    `json:"r,omitempty"`
	Clock   []int64 `json:"c,omitempty"`
	SkipTop bool    `json:"st,omitempty"`
}

func (n *Nondet) wire() *wireNondet {
	if n == nil {
		return nil
	}
	clock := n.Clock
	if len(clock) > MaxClockReads {
		clock = clock[:MaxClockReads]
	}
	return &wireNondet{Seed: n.Seed, Replay: n.Replay, Clock: clock, SkipTop: n.SkipTopLevel}
}

// clockLog is what the event's clock did, reported in its done frame.
type clockLog struct {
	replay  bool
	values  []int64 // recorded (record) or to return (replay)
	next    int     // replay: the next value to return
	trunc   bool
	overrun int
}

// seededNondet returns the reproducible sources for one event.
func seededNondet(m *wireNondet) (nondet, *clockLog) {
	seedFor := func(label string) [32]byte {
		return sha256.Sum256(append([]byte("souk nondet "+label+"\x00"), m.Seed...))
	}
	floats := mathrand.New(mathrand.NewChaCha8(seedFor("math.random")))
	log := &clockLog{replay: m.Replay}
	nd := nondet{random: mathrand.NewChaCha8(seedFor("crypto")), float: floats.Float64}
	if m.Replay {
		log.values = m.Clock
		nd.now = func() time.Time {
			if log.next < len(log.values) {
				log.next++
				return time.Unix(0, log.values[log.next-1])
			}
			log.overrun++
			if len(log.values) == 0 {
				return time.Now()
			}
			return time.Unix(0, log.values[len(log.values)-1])
		}
	} else {
		nd.now = func() time.Time {
			t := time.Now()
			if len(log.values) < MaxClockReads {
				log.values = append(log.values, t.UnixNano())
			} else {
				log.trunc = true
			}
			return t
		}
	}
	return nd, log
}

// report is the clock log as the done frame carries it.
func (l *clockLog) report(done *doneMsg) {
	if l == nil {
		return
	}
	if l.replay {
		done.ClockOverrun = l.overrun
		return
	}
	done.Clock, done.ClockTrunc = l.values, l.trunc
}

type callSeqKey struct{}

// CallSeq is the sequence number (1, 2, …) of the host call ctx belongs to
// within its event, in the order the worker made the calls; 0 outside a
// host call.
func CallSeq(ctx context.Context) int {
	n, _ := ctx.Value(callSeqKey{}).(int)
	return n
}

func withCallSeq(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, callSeqKey{}, n)
}
