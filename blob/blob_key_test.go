package blob

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// invalidKeys is shared with the conformance suite, so both backends are
// shown to reject exactly these.
var invalidKeys = []string{
	"",
	"/",
	"/abs",
	"/etc/passwd",
	"a/",
	"a//b",
	".",
	"..",
	"../x",
	"a/../b",
	"a/./b",
	"a/..",
	".hidden",
	"a/.tmp-123",
	"a\\b",
	"..\\..\\x",
	"C:\\x",
	"c:",
	"a\x00b",
	"a\nb",
	"a\tb",
	"a\x7fb",
	"a b",
	"ä",
	"a~blob",
	"x/y~blob",
	"%2e%2e",
	"a?b",
	"a#b",
	"a*b",
	"a:b",
	"a\"b",
	"<a>",
	strings.Repeat("s", MaxSegmentLen+1),
	strings.Repeat("abcdefgh/", MaxKeyLen/9) + "tail-making-it-too-long",
}

// validKeys are unusual but fine on every backend.
var validKeys = []string{
	"a",
	"A-Z_0.9=+",
	"x.",
	"x..",
	"a.b/c..d/e...f",
	"-leading-dash",
	"img/sha256/" + strings.Repeat("f", 64),
	strings.Repeat("s", MaxSegmentLen),
	strings.Repeat(strings.Repeat("k", MaxSegmentLen)+"/", 5) + strings.Repeat("z", MaxKeyLen-5*(MaxSegmentLen+1)), // exactly MaxKeyLen
}

func TestValidateKey(t *testing.T) {
	for _, k := range invalidKeys {
		if err := ValidateKey(k); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("ValidateKey(%.40q) = %v, want ErrInvalidKey", k, err)
		}
	}
	for _, k := range validKeys {
		if len(k) > MaxKeyLen {
			t.Fatalf("bad test key: %d bytes", len(k))
		}
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%.40q) = %v, want nil", k, err)
		}
	}
}

func TestValidatePrefix(t *testing.T) {
	for _, p := range []string{"", "a", "a/", "a/b", "a/b/", "img/ab"} {
		if err := validatePrefix(p); err != nil {
			t.Errorf("validatePrefix(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"/", "a//", "../", "a/../", ".x", "a\\"} {
		if err := validatePrefix(p); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("validatePrefix(%q) = %v, want ErrInvalidKey", p, err)
		}
	}
}

// FuzzValidateKey: validation never panics, and any accepted key, mapped
// to its local file and joined to a root, stays strictly inside that root.
// The seed corpus in testdata/fuzz/FuzzValidateKey replays on every
// `go test`.
func FuzzValidateKey(f *testing.F) {
	for _, k := range invalidKeys {
		f.Add(k)
	}
	for _, k := range validKeys {
		f.Add(k)
	}
	root := filepath.Join(string(filepath.Separator)+"srv", "souk", "blobs")
	f.Fuzz(func(t *testing.T, key string) {
		err := ValidateKey(key)
		perr := validatePrefix(key)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("ValidateKey(%q) = %v, not ErrInvalidKey", key, err)
			}
			return
		}
		if perr != nil {
			t.Fatalf("valid key %q is not a valid prefix: %v", key, perr)
		}
		if len(key) > MaxKeyLen {
			t.Fatalf("accepted %d-byte key", len(key))
		}
		rel := filepath.FromSlash(localPath(key))
		if !filepath.IsLocal(rel) {
			t.Fatalf("accepted key %q maps to non-local path %q", key, rel)
		}
		joined := filepath.Join(root, rel)
		r, err := filepath.Rel(root, joined)
		if err != nil || r == "." || strings.HasPrefix(r, "..") || !strings.HasPrefix(joined, root+string(filepath.Separator)) {
			t.Fatalf("accepted key %q escapes the root: %q", key, joined)
		}
		if filepath.Clean(joined) != joined {
			t.Fatalf("accepted key %q is not clean on disk: %q", key, joined)
		}
		for seg := range strings.SplitSeq(key, "/") {
			if strings.HasPrefix(seg, ".") || strings.HasSuffix(seg, localSuffix) {
				t.Fatalf("accepted key %q has a reserved segment %q", key, seg)
			}
		}
	})
}
