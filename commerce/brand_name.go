package commerce

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Brand names are protected by their key: NameKey folds a name so that
// look-alikes meet. A name verified for one brand cannot be verified for
// another, and a new brand whose name has a verified brand's key is
// refused (CheckBrandName).
//
// The fold, in order:
//  1. NFKC: compatibility forms become their plain letters (ｓｏｕｋ →
//     souk, ﬁ → fi, ① → 1, superscripts, ligatures).
//  2. Lower case, then NFD to drop combining marks (é → e, ö → o).
//  3. confusables: each rune that is drawn like a Latin letter becomes
//     that letter — the Cyrillic and Greek homoglyphs, and the digits and
//     letters swapped for each other in counterfeit names (0/o, 1/l/i,
//     3/e, 5/s, 8/b ...). The table is deliberately small: only
//     characters that look the same in common fonts, from Unicode's
//     confusables.txt restricted to Latin, Cyrillic, Greek and digits.
//  4. Everything that is not a letter or digit (spaces, dots, dashes,
//     zero-width joiners) is dropped, so "A.C.M.E" and "acme" meet.
//
// The key is a comparison device, never shown.
func NameKey(name string) string {
	s := norm.NFKC.String(name)
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := confusables[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	// "rn" is drawn like "m", "vv" like "w", "cl" like "d".
	k := b.String()
	k = strings.ReplaceAll(k, "rn", "m")
	k = strings.ReplaceAll(k, "vv", "w")
	k = strings.ReplaceAll(k, "cl", "d")
	return k
}

// confusables maps a lower-case rune to the Latin letter it looks like.
var confusables = map[rune]rune{
	// Digits and letters swapped for each other.
	'0': 'o', '1': 'l', 'i': 'l', '|': 'l', '3': 'e', '5': 's', '8': 'b', '$': 's', '@': 'a',
	// Cyrillic.
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
	'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'l', 'ї': 'l', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
	'ӏ': 'l', 'һ': 'h', 'ь': 'b', 'п': 'n', 'г': 'r',
	// Greek.
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'l', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
	'υ': 'u', 'χ': 'x', 'ω': 'w', 'μ': 'u', 'γ': 'y', 'ϲ': 'c', 'ϳ': 'j',
	// Latin look-alikes outside ASCII.
	'ı': 'l', 'ɩ': 'l', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ß': 'b',
}
