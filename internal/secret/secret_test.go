package secret

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h := hashWith("correct horse battery", production)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if h == hashWith("correct horse battery", production) {
		t.Fatal("two hashes of one secret are equal: the salt is not random")
	}
	if !Check(h, "correct horse battery") {
		t.Fatal("right secret does not match")
	}
	for _, bad := range []string{"", "correct horse batter", "correct horse battery "} {
		if Check(h, bad) {
			t.Fatalf("%q matches", bad)
		}
	}
	parts := strings.Split(h, "$")
	for _, enc := range []string{"", "plain", "$bcrypt$x$y$z$w", strings.Replace(h, "m=19456", "m=99999999", 1),
		strings.Replace(h, "p=1", "p=0", 1), "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$"} {
		if Check(enc, "correct horse battery") {
			t.Fatalf("malformed hash %q matches", enc)
		}
	}
}

// Inside test binaries Hash uses the cheap parameters, and Check takes
// them from the hash.
func TestHashInTestsIsCheapAndChecks(t *testing.T) {
	h := Hash("1234")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected encoding in tests %q", h)
	}
	if !Check(h, "1234") || Check(h, "1235") {
		t.Fatal("a test-cost hash does not check")
	}
}
