package sandbox

import (
	"math"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/shopspring/decimal"
	"golang.org/x/text/collate"
	"golang.org/x/text/currency"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// The Go half of the sandbox's Intl subset (the JavaScript half is in
// globalsJS): locale resolution, number, percent and currency formatting,
// plural rules and collation from golang.org/x/text's CLDR tables.
// DateTimeFormat is JavaScript only (x/text has no date formatting): see
// docs/NPM_COMPAT.md for what it covers.

// intlNatives returns the functions globalsJS's Intl calls, as one object.
func (ev *event) intlNatives() goja.Value {
	vm := ev.vm
	o := vm.NewObject()
	tagOf := func(v goja.Value) language.Tag {
		t, err := language.Parse(v.String())
		if err != nil {
			return language.AmericanEnglish
		}
		return t
	}
	// locale(s) → the canonical tag, or null if s is not a well-formed tag.
	o.Set("locale", func(call goja.FunctionCall) goja.Value {
		s := call.Argument(0).String()
		if s == "" {
			return vm.ToValue("en-US")
		}
		t, err := language.Parse(s)
		if err != nil || len(s) > 64 {
			return goja.Null()
		}
		return vm.ToValue(t.String())
	})
	// currencyDigits(code) → the currency's minor digits, or -1 if unknown.
	o.Set("currencyDigits", func(call goja.FunctionCall) goja.Value {
		u, err := currency.ParseISO(call.Argument(0).String())
		if err != nil {
			return vm.ToValue(-1)
		}
		scale, _ := currency.Standard.Rounding(u)
		return vm.ToValue(scale)
	})
	// number(locale, style, currency, display, minFD, maxFD, grouping, x)
	o.Set("number", func(call goja.FunctionCall) goja.Value {
		tag := tagOf(call.Argument(0))
		style, cur, display := call.Argument(1).String(), call.Argument(2).String(), call.Argument(3).String()
		minFD, maxFD := int(call.Argument(4).ToInteger()), int(call.Argument(5).ToInteger())
		grouping := call.Argument(6).ToBoolean()
		x := call.Argument(7).ToFloat()
		return vm.ToValue(formatNumber(tag, style, cur, display, minFD, maxFD, grouping, x))
	})
	// plural(locale, ordinal, x) → "zero" | "one" | "two" | "few" | "many" | "other"
	o.Set("plural", func(call goja.FunctionCall) goja.Value {
		tag := tagOf(call.Argument(0))
		rules := plural.Cardinal
		if call.Argument(1).ToBoolean() {
			rules = plural.Ordinal
		}
		x := math.Abs(call.Argument(2).ToFloat())
		i := int(x)
		// Visible fraction digits as written by the shortest representation.
		s := strings.TrimRight(strings.TrimRight(formatFloat(x), "0"), ".")
		v, f := 0, 0
		if dot := strings.IndexByte(s, '.'); dot >= 0 {
			v = len(s) - dot - 1
			for _, c := range s[dot+1:] {
				f = f*10 + int(c-'0')
			}
		}
		if math.IsInf(x, 0) || math.IsNaN(x) || x > 1e15 {
			return vm.ToValue("other")
		}
		return vm.ToValue(pluralName(rules.MatchPlural(tag, i, v, v, f, f)))
	})
	collators := map[string]*collate.Collator{}
	// compare(locale, sensitivity, numeric, a, b) → -1 | 0 | 1
	o.Set("compare", func(call goja.FunctionCall) goja.Value {
		loc, sens, numeric := call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).ToBoolean()
		key := loc + "\x00" + sens
		if numeric {
			key += "\x00n"
		}
		c := collators[key]
		if c == nil {
			var opts []collate.Option
			switch sens {
			case "base":
				opts = append(opts, collate.IgnoreCase, collate.IgnoreDiacritics)
			case "accent":
				opts = append(opts, collate.IgnoreCase)
			case "case":
				opts = append(opts, collate.IgnoreDiacritics)
			}
			if numeric {
				opts = append(opts, collate.Numeric)
			}
			c = collate.New(tagOf(call.Argument(0)), opts...)
			if len(collators) < 16 {
				collators[key] = c
			}
		}
		return vm.ToValue(c.CompareString(call.Argument(3).String(), call.Argument(4).String()))
	})
	return o
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func pluralName(f plural.Form) string {
	switch f {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// currencySuffix: languages whose CLDR currency pattern puts the symbol
// after the number ("1.234,50 €"); the others put it before ("$1,234.50").
var currencySuffix = map[string]bool{"de": true, "fr": true, "es": true, "it": true, "pt-PT": true, "pl": true, "cs": true, "sk": true,
	"ru": true, "uk": true, "sv": true, "da": true, "fi": true, "nb": true, "no": true, "hu": true, "ro": true, "bg": true, "hr": true,
	"sl": true, "lt": true, "lv": true, "et": true, "el": true, "tr": false, "ca": true, "is": true, "vi": true}

func formatNumber(tag language.Tag, style, cur, display string, minFD, maxFD int, grouping bool, x float64) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	p := message.NewPrinter(tag)
	var opts []number.Option
	opts = append(opts, number.MinFractionDigits(minFD), number.MaxFractionDigits(maxFD))
	if !grouping {
		opts = append(opts, number.NoSeparator())
	}
	neg := x < 0
	ax := math.Abs(x)
	if !math.IsInf(x, 0) {
		// ECMA-402 rounds half away from zero on the number's shortest
		// decimal form (x/text would round half to even on the binary one).
		if style == "percent" {
			ax, _ = decimal.NewFromFloat(ax).Shift(2).Round(int32(maxFD)).Shift(-2).Float64()
		} else {
			ax, _ = decimal.NewFromFloat(ax).Round(int32(maxFD)).Float64()
		}
		if ax == 0 {
			neg = false
		}
	}
	if math.IsInf(x, 0) {
		s := "∞"
		if neg {
			s = "-" + s
		}
		return s
	}
	switch style {
	case "percent":
		s := p.Sprint(number.Percent(ax, opts...))
		if neg {
			s = "-" + s
		}
		return s
	case "currency":
		u, err := currency.ParseISO(cur)
		if err != nil {
			return ""
		}
		var sym string
		switch display {
		case "code":
			sym = u.String()
		case "narrowSymbol":
			sym = p.Sprint(currency.NarrowSymbol(u))
		default:
			sym = p.Sprint(currency.Symbol(u))
		}
		num := p.Sprint(number.Decimal(ax, opts...))
		base, _ := tag.Base()
		suffix := currencySuffix[base.String()]
		if base.String() == "pt" {
			if r, _ := tag.Region(); r.String() == "PT" {
				suffix = true
			}
		}
		var s string
		switch {
		case suffix:
			s = num + "\u00a0" + sym
		case display == "code" || base.String() == "nl":
			s = sym + "\u00a0" + num
		default:
			s = sym + num
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	s := p.Sprint(number.Decimal(ax, opts...))
	if neg {
		s = "-" + s
	}
	return s
}
