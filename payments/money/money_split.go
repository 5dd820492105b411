package money

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Bps is basis points: 1 bps = 0.01 %, 10000 bps = 100 %.
type Bps int64

// Share is one named cut of an amount, in basis points.
type Share struct {
	Name string
	Bps  Bps
}

// Part is one named result of a split.
type Part struct {
	Name   string
	Amount Amount
}

// ErrBadSplit is returned for negative totals or shares outside 0..10000 bps
// or summing past 100 %.
var ErrBadSplit = errors.New("bad split")

// Split divides total among shares. The rounding rule: every share is
// total × bps / 10000 rounded DOWN to a whole minor unit, so no share is ever
// paid more than its rate; the residue (total minus all shares, which
// includes every rounding remainder) goes to the part named residueTo,
// returned last. The parts always sum to total exactly.
func Split(total Amount, shares []Share, residueTo string) ([]Part, error) {
	if total < 0 {
		return nil, fmt.Errorf("%w: negative total %d", ErrBadSplit, total)
	}
	var sum Bps
	for _, s := range shares {
		if s.Bps < 0 || s.Bps > 10000 {
			return nil, fmt.Errorf("%w: share %s of %d bps", ErrBadSplit, s.Name, s.Bps)
		}
		sum += s.Bps
	}
	if sum > 10000 {
		return nil, fmt.Errorf("%w: shares sum to %d bps", ErrBadSplit, sum)
	}
	t := decimal.NewFromInt(int64(total))
	parts := make([]Part, 0, len(shares)+1)
	rest := total
	for _, s := range shares {
		v := t.Mul(decimal.NewFromInt(int64(s.Bps))).Div(decimal.NewFromInt(10000)).Floor()
		a := Amount(v.IntPart())
		parts = append(parts, Part{Name: s.Name, Amount: a})
		rest -= a
	}
	return append(parts, Part{Name: residueTo, Amount: rest}), nil
}

// Proportion returns part × num / den rounded down (used to pro-rate a
// partial amount); it never overflows because decimal is arbitrary precision.
func Proportion(part Amount, num, den int64) Amount {
	if den == 0 {
		return 0
	}
	v := decimal.NewFromInt(int64(part)).Mul(decimal.NewFromInt(num)).Div(decimal.NewFromInt(den)).Floor()
	return Amount(v.IntPart())
}
