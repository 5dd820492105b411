package payments

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/soukhq/souk/payments/money"
)

// checkSplit asserts the split's contract: n shares, each ≥ 1 minor unit,
// summing to total exactly (in uint64, so the check itself cannot overflow).
func checkSplit(t *testing.T, total money.Amount, n int, mode string, got []money.Amount) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%s %d/%d: %d shares", mode, total, n, len(got))
	}
	var sum uint64
	for i, a := range got {
		if a < 1 {
			t.Fatalf("%s %d/%d: share %d is %d", mode, total, n, i, a)
		}
		sum += uint64(a)
	}
	if sum != uint64(total) {
		t.Fatalf("%s %d/%d: shares sum to %d", mode, total, n, sum)
	}
}

// A property test of the split: many random totals and share counts
// (including the edges: total == shares, one share, totals near MaxInt64).
func TestSplitRedPacketProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	uniform := func(n uint64) uint64 { return rng.Uint64N(n) }
	cases := 0
	run := func(total money.Amount, n int) {
		for _, mode := range []string{RedPacketEqual, RedPacketRandom} {
			got, err := splitRedPacket(total, n, mode, uniform)
			if err != nil {
				t.Fatalf("%s %d/%d: %v", mode, total, n, err)
			}
			checkSplit(t, total, n, mode, got)
			if mode == RedPacketEqual {
				lo, hi := got[n-1], got[0]
				if hi-lo > 1 || hi != total/money.Amount(n)+min(1, total%money.Amount(n)) {
					t.Fatalf("equal %d/%d: uneven %v", total, n, got)
				}
			}
			cases++
		}
	}
	for i := 0; i < 20000; i++ {
		n := 1 + rng.IntN(MaxRedPacketShares)
		var total money.Amount
		switch i % 4 {
		case 0:
			total = money.Amount(n) // one unit each: the random split has no choice
		case 1:
			total = money.Amount(n + rng.IntN(3*n))
		case 2:
			total = money.Amount(n) + money.Amount(rng.Int64N(1_000_000_00))
		default:
			total = math.MaxInt64 - money.Amount(rng.Int64N(1000))
		}
		run(total, n)
	}
	// Through the exported function, with crypto/rand.
	for i := 0; i < 500; i++ {
		n := 1 + rng.IntN(MaxRedPacketShares)
		total := money.Amount(n) + money.Amount(rng.Int64N(100_000))
		got, err := SplitRedPacket(total, n, RedPacketRandom)
		if err != nil {
			t.Fatal(err)
		}
		checkSplit(t, total, n, RedPacketRandom, got)
	}
	t.Logf("%d splits checked", cases)
}

// The double average keeps each share's mean at the current average: over
// many packets of 100.00 in 10, every position averages about 10.00.
func TestSplitRedPacketMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	uniform := func(n uint64) uint64 { return rng.Uint64N(n) }
	const runs, n, total = 20000, 10, 10000
	var sums [n]int64
	for i := 0; i < runs; i++ {
		got, err := splitRedPacket(total, n, RedPacketRandom, uniform)
		if err != nil {
			t.Fatal(err)
		}
		for j, a := range got {
			sums[j] += int64(a)
		}
	}
	for j, s := range sums {
		mean := s / runs
		if mean < 950 || mean > 1050 {
			t.Fatalf("position %d averages %d minor units, want about 1000", j, mean)
		}
	}
}

func TestSplitRedPacketRejects(t *testing.T) {
	for _, c := range []struct {
		total money.Amount
		n     int
		mode  string
	}{{9, 10, RedPacketRandom}, {0, 1, RedPacketEqual}, {100, 0, RedPacketEqual}, {1000, MaxRedPacketShares + 1, RedPacketEqual}, {100, 5, "x"}} {
		if _, err := SplitRedPacket(c.total, c.n, c.mode); Code(err) != ErrInvalidRedPacket.Code {
			t.Fatalf("%+v: %v", c, err)
		}
	}
}
