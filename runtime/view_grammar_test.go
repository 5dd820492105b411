package runtime

import (
	"regexp"
	"strings"
	"testing"
)

// The regular expressions the byte-loop grammars of view.go replace: the
// specification they are checked against.
var (
	idSpec     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	actionSpec = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:-]{0,63}$`)
	refSpec    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$`)
)

func checkGrammars(t *testing.T, s string) {
	t.Helper()
	if got, want := validID(s), idSpec.MatchString(s); got != want {
		t.Errorf("validID(%q) = %v, the expression says %v", s, got, want)
	}
	if got, want := validAction(s), actionSpec.MatchString(s); got != want {
		t.Errorf("validAction(%q) = %v, the expression says %v", s, got, want)
	}
	if got, want := validRef(s), refSpec.MatchString(s); got != want {
		t.Errorf("validRef(%q) = %v, the expression says %v", s, got, want)
	}
}

func TestViewGrammarsMatchTheirExpressions(t *testing.T) {
	cases := []string{"", "a", "A", "0", "_", "-", ".", ":", "a.b", "a:b", "a-b", "a_b", "0abc", "_x", "-x", "x\n", "\nx", "é", "aé",
		"add", "cart.add", "prd_01ABC", "p-prd_01", "a b", "a/b", "a\x00", strings.Repeat("a", 63), strings.Repeat("a", 64),
		strings.Repeat("a", 65), strings.Repeat("a", 127), strings.Repeat("a", 128), strings.Repeat("a", 129), "1" + strings.Repeat(".", 127)}
	// Every single byte, alone and after a valid head.
	for c := 0; c < 256; c++ {
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	for _, s := range cases {
		checkGrammars(t, s)
	}
}

func FuzzViewGrammars(f *testing.F) {
	for _, s := range []string{"", "a", "0a.b:c-d_e", "_", "a\n", strings.Repeat("z", 64), strings.Repeat("z", 128)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkGrammars(t, s) })
}
