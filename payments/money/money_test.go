package money

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	usd, jpy, kwd := MustLookup("USD"), MustLookup("JPY"), MustLookup("KWD")
	ok := []struct {
		c    Currency
		in   string
		want Amount
	}{
		{usd, "12.34", 1234},
		{usd, "12.3", 1230},
		{usd, "12", 1200},
		{usd, "0.01", 1},
		{usd, "0", 0},
		{usd, "-5.5", -550},
		{usd, "10000000000.00", 1_000_000_000_000},
		{usd, "-10000000000", -1_000_000_000_000},
		{jpy, "500", 500},
		{kwd, "1.234", 1234},
		{kwd, "0.001", 1},
	}
	for _, tc := range ok {
		got, err := Parse(tc.c, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%s, %q) = %d, %v; want %d", tc.c.Code, tc.in, got, err, tc.want)
		}
	}
	bad := []struct {
		c    Currency
		in   string
		want error
	}{
		{usd, "", ErrSyntax},
		{usd, "12.345", ErrPrecision},
		{jpy, "1.5", ErrPrecision},
		{kwd, "1.2345", ErrPrecision},
		{usd, "1e3", ErrSyntax},
		{usd, "+5", ErrSyntax},
		{usd, " 5", ErrSyntax},
		{usd, "5 ", ErrSyntax},
		{usd, ".5", ErrSyntax},
		{usd, "5.", ErrSyntax},
		{usd, "1,000.00", ErrSyntax},
		{usd, "--5", ErrSyntax},
		{usd, "-", ErrSyntax},
		{usd, "NaN", ErrSyntax},
		{usd, "Infinity", ErrSyntax},
		{usd, "0x10", ErrSyntax},
		{usd, "١٢", ErrSyntax},
		{usd, "92233720368547758.07", ErrTooLarge},
		{usd, "10000000000.01", ErrTooLarge},
		{usd, "-10000000000.01", ErrTooLarge},
		{jpy, "1000000000001", ErrTooLarge},
		{kwd, "1000000000.001", ErrTooLarge},
		{usd, "92233720368547758.08", ErrOverflow},
		{jpy, "9223372036854775808", ErrOverflow},
		{usd, "99999999999999999999999", ErrOverflow},
	}
	for _, tc := range bad {
		_, err := Parse(tc.c, tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("Parse(%s, %q) error = %v; want %v", tc.c.Code, tc.in, err, tc.want)
		}
	}
	for _, in := range []string{"0", "0.00", "-1"} {
		if _, err := ParsePositive(usd, in); !errors.Is(err, ErrNotPositive) {
			t.Errorf("ParsePositive(%q) error = %v; want ErrNotPositive", in, err)
		}
	}
}

// Every currency states a maximum no larger than MaxMinor, and the maximum
// itself is a valid amount (it formats and parses back).
func TestCurrencyMaximum(t *testing.T) {
	for _, c := range Currencies() {
		if c.Max <= 0 || c.Max > MaxMinor {
			t.Errorf("%s: Max %d outside (0, %d]", c.Code, c.Max, MaxMinor)
		}
		if a, err := ParsePositive(c, Format(c, c.Max)); err != nil || a != c.Max {
			t.Errorf("%s: the maximum %s does not parse back: %d, %v", c.Code, Format(c, c.Max), a, err)
		}
		if _, err := Parse(c, Format(c, c.Max+1)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: one minor unit above the maximum: %v, want ErrTooLarge", c.Code, err)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		c    string
		a    Amount
		want string
	}{
		{"USD", 1234, "12.34"},
		{"USD", 5, "0.05"},
		{"USD", -5, "-0.05"},
		{"USD", 0, "0.00"},
		{"JPY", 500, "500"},
		{"KWD", 1, "0.001"},
		{"USD", math.MaxInt64, "92233720368547758.07"},
		{"USD", math.MinInt64, "-92233720368547758.08"},
	}
	for _, tc := range cases {
		if got := Format(MustLookup(tc.c), tc.a); got != tc.want {
			t.Errorf("Format(%s, %d) = %q; want %q", tc.c, tc.a, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("XXX"); !errors.Is(err, ErrUnknownCurrency) {
		t.Fatalf("Lookup(XXX) = %v", err)
	}
	if _, err := Lookup("usd"); err == nil {
		t.Fatal("lower-case code accepted")
	}
}

func TestSplit(t *testing.T) {
	// 500 bps fee and 1000 bps developer share of 10.01: fee 0.50 (50.05
	// rounded down), developer 1.00 (100.1 down), brand gets the rest
	// including both remainders.
	parts, err := Split(1001, []Share{{"fee", 500}, {"developer", 1000}}, "brand")
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{{"fee", 50}, {"developer", 100}, {"brand", 851}}
	for i := range want {
		if parts[i] != want[i] {
			t.Fatalf("Split = %v; want %v", parts, want)
		}
	}
	// Exhaustive exactness over small totals and a grid of rates.
	for total := Amount(0); total < 2000; total += 7 {
		for _, a := range []Bps{0, 1, 333, 500, 2500, 9999, 10000} {
			for _, b := range []Bps{0, 1, 777} {
				if a+b > 10000 {
					continue
				}
				parts, err := Split(total, []Share{{"a", a}, {"b", b}}, "r")
				if err != nil {
					t.Fatal(err)
				}
				var sum Amount
				for _, p := range parts {
					if p.Amount < 0 {
						t.Fatalf("negative part %v", parts)
					}
					sum += p.Amount
				}
				if sum != total {
					t.Fatalf("Split(%d) sums to %d", total, sum)
				}
				if exact := int64(total) * int64(a); int64(parts[0].Amount)*10000 > exact || exact-int64(parts[0].Amount)*10000 >= 10000 {
					t.Fatalf("share a of %d at %d bps = %d, not floor", total, a, parts[0].Amount)
				}
			}
		}
	}
	// Large totals do not overflow.
	parts, err = Split(math.MaxInt64, []Share{{"fee", 9999}}, "r")
	if err != nil || parts[0].Amount+parts[1].Amount != math.MaxInt64 {
		t.Fatalf("Split(max) = %v, %v", parts, err)
	}
	for _, bad := range [][]Share{{{"x", -1}}, {{"x", 10001}}, {{"x", 6000}, {"y", 5000}}} {
		if _, err := Split(100, bad, "r"); !errors.Is(err, ErrBadSplit) {
			t.Errorf("Split(%v) error = %v", bad, err)
		}
	}
}

// FuzzParse: whatever Parse accepts must format back to a string that parses
// to the same amount, and the canonical form must round-trip byte for byte.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"12.34", "0", "-0.01", "1e3", "92233720368547758.07", "5.", ".5", "1.2345"} {
		f.Add(s, "USD")
	}
	f.Add("500", "JPY")
	f.Add("1.234", "KWD")
	f.Fuzz(func(t *testing.T, s, code string) {
		c, err := Lookup(code)
		if err != nil {
			c = MustLookup("USD")
		}
		a, err := Parse(c, s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %v is not a ParseError", s, err)
			}
			return
		}
		out := Format(c, a)
		b, err := Parse(c, out)
		if err != nil || a != b {
			t.Fatalf("Parse(%q)=%d, Format=%q, reparse=%d,%v", s, a, out, b, err)
		}
		if Format(c, b) != out {
			t.Fatalf("format not canonical: %q", out)
		}
	})
}
