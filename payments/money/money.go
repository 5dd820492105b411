// Package money holds souk's currencies and amounts. Amounts are int64
// counts of a currency's minor unit (cents for USD, yen for JPY, fils for
// KWD); on the wire they are decimal strings in the major unit ("12.34").
// Arithmetic that divides (fees, splits) goes through shopspring/decimal
// with an explicit rounding rule; there is no float anywhere here.
package money

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Currency is an ISO 4217 code with its minor-unit exponent.
type Currency struct {
	Code     string
	Exponent int // digits after the decimal point in the major unit
	// Max is the largest amount, in minor units, that any single amount in
	// this currency may be (a price, a top-up, a payment, a refund). It is
	// enforced when an amount is parsed, so nothing larger ever reaches the
	// ledger. Every Max is at most MaxMinor, which leaves a balance room for
	// close to a million maximal amounts before it could overflow int64.
	Max Amount
}

// MaxMinor bounds every currency's Max: 10^13 minor units.
const MaxMinor Amount = 10_000_000_000_000

// currencies is the table of currencies souk accepts. Adding one here is all
// it takes; nothing else assumes two decimals. Each maximum is about ten
// billion US dollars' worth, rounded to a power of ten.
var currencies = map[string]Currency{
	"USD": {"USD", 2, 1_000_000_000_000},  // 10 000 000 000.00
	"EUR": {"EUR", 2, 1_000_000_000_000},  // 10 000 000 000.00
	"GBP": {"GBP", 2, 1_000_000_000_000},  // 10 000 000 000.00
	"CNY": {"CNY", 2, 10_000_000_000_000}, // 100 000 000 000.00
	"SGD": {"SGD", 2, 1_000_000_000_000},  // 10 000 000 000.00
	"JPY": {"JPY", 0, 1_000_000_000_000},  // 1 000 000 000 000
	"KRW": {"KRW", 0, 10_000_000_000_000}, // 10 000 000 000 000
	"KWD": {"KWD", 3, 1_000_000_000_000},  // 1 000 000 000.000
	"BHD": {"BHD", 3, 1_000_000_000_000},  // 1 000 000 000.000
}

// ErrUnknownCurrency is returned for a code not in the table.
var ErrUnknownCurrency = errors.New("unknown currency")

// Lookup returns the currency with the given code (upper case).
func Lookup(code string) (Currency, error) {
	c, ok := currencies[code]
	if !ok {
		return Currency{}, fmt.Errorf("%w %q", ErrUnknownCurrency, code)
	}
	return c, nil
}

// Points units. A points programme (a brand's shopper loyalty, an
// operator's merchant incentive campaign) keeps its points in the ledger as
// a unit of its own: code "PTS:" + programme id, exponent 0 (a point is
// indivisible), the same Max as the largest currency. Lookup does not know
// these codes, so no payment, wallet or price can be in points; the ledger
// (LookupUnit) does, and because a transfer's accounts must share its unit,
// a point never moves into a money account or into another programme.
const PointsPrefix = "PTS:"

// PointsMax bounds any single points amount.
const PointsMax Amount = 1_000_000_000_000

// PointsUnit returns programme's unit code.
func PointsUnit(programme string) string { return PointsPrefix + programme }

// IsPoints says whether code is a points unit.
func IsPoints(code string) bool { return strings.HasPrefix(code, PointsPrefix) }

// LookupUnit is Lookup that also accepts points units ("PTS:" followed by
// 1..100 of [A-Za-z0-9_.-]). Only the ledger and the points code use it.
func LookupUnit(code string) (Currency, error) {
	if !IsPoints(code) {
		return Lookup(code)
	}
	prog := code[len(PointsPrefix):]
	if prog == "" || len(prog) > 100 {
		return Currency{}, fmt.Errorf("%w %q", ErrUnknownCurrency, code)
	}
	for i := 0; i < len(prog); i++ {
		c := prog[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return Currency{}, fmt.Errorf("%w %q", ErrUnknownCurrency, code)
		}
	}
	return Currency{Code: code, Exponent: 0, Max: PointsMax}, nil
}

// MajorUnit is one major unit in minor units: 10^Exponent (100 for USD, 1
// for JPY).
func (c Currency) MajorUnit() Amount {
	u := Amount(1)
	for range c.Exponent {
		u *= 10
	}
	return u
}

// MustLookup is Lookup for codes known at compile time.
func MustLookup(code string) Currency {
	c, err := Lookup(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Currencies lists the table (for the API's currency endpoint).
func Currencies() []Currency {
	out := make([]Currency, 0, len(currencies))
	for _, c := range currencies {
		out = append(out, c)
	}
	return out
}

// Amount is a count of minor units.
type Amount int64

// Parse errors; ParseError wraps one of them so callers can tell them apart.
var (
	ErrSyntax      = errors.New("not a decimal amount")
	ErrPrecision   = errors.New("more decimals than the currency allows")
	ErrOverflow    = errors.New("amount out of range")
	ErrTooLarge    = errors.New("amount above the currency's maximum")
	ErrNotPositive = errors.New("amount must be positive")
)

// ParseError says which input failed and why.
type ParseError struct {
	Input    string
	Currency string
	Err      error
}

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 40 {
		in = in[:40] + "…"
	}
	return fmt.Sprintf("amount %q (%s): %v", in, e.Currency, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads a decimal string in the major unit: an optional '-', one or
// more ASCII digits, and optionally '.' followed by 1..Exponent digits. Its
// absolute value must not exceed the currency's Max (ErrTooLarge).
// Everything else (exponents, '+', spaces, separators, ".5", "5.") is
// rejected: amounts come from forms and JSON, and guessing is how money
// goes wrong.
func Parse(c Currency, s string) (Amount, error) {
	fail := func(err error) (Amount, error) { return 0, &ParseError{Input: s, Currency: c.Code, Err: err} }
	if len(s) == 0 || len(s) > 64 {
		return fail(ErrSyntax)
	}
	neg := false
	rest := s
	if rest[0] == '-' {
		neg = true
		rest = rest[1:]
	}
	intPart, frac, hasDot := strings.Cut(rest, ".")
	if intPart == "" || (hasDot && frac == "") {
		return fail(ErrSyntax)
	}
	for _, p := range []string{intPart, frac} {
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return fail(ErrSyntax)
			}
		}
	}
	if len(frac) > c.Exponent {
		return fail(ErrPrecision)
	}
	// Accumulate as a positive count of minor units, checking every step.
	var v uint64
	const limit = uint64(math.MaxInt64)
	add := func(d byte) bool {
		if v > (limit-uint64(d-'0'))/10 {
			return false
		}
		v = v*10 + uint64(d-'0')
		return true
	}
	for i := 0; i < len(intPart); i++ {
		if !add(intPart[i]) {
			return fail(ErrOverflow)
		}
	}
	for i := 0; i < c.Exponent; i++ {
		d := byte('0')
		if i < len(frac) {
			d = frac[i]
		}
		if !add(d) {
			return fail(ErrOverflow)
		}
	}
	if c.Max > 0 && v > uint64(c.Max) {
		return fail(ErrTooLarge)
	}
	a := Amount(v)
	if neg {
		a = -a
	}
	return a, nil
}

// ParsePositive is Parse for amounts that must be greater than zero
// (payments, transfers, top-ups, refunds).
func ParsePositive(c Currency, s string) (Amount, error) {
	a, err := Parse(c, s)
	if err != nil {
		return 0, err
	}
	if a <= 0 {
		return 0, &ParseError{Input: s, Currency: c.Code, Err: ErrNotPositive}
	}
	return a, nil
}

// Format writes a in the major unit with exactly Exponent decimals.
func Format(c Currency, a Amount) string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-(a + 1)) + 1 // no overflow at MinInt64
	}
	digits := fmt.Sprintf("%0*d", c.Exponent+1, u)
	cut := len(digits) - c.Exponent
	out := digits[:cut]
	if c.Exponent > 0 {
		out += "." + digits[cut:]
	}
	if neg {
		out = "-" + out
	}
	return out
}
