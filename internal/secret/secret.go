// Package secret hashes low-entropy secrets people choose (passwords,
// payment PINs) with argon2id. The parameters are stored in each hash, so
// they can be raised later without breaking what is already stored.
package secret

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// params are argon2id's cost parameters.
type params struct {
	time, memory uint32 // passes, KiB
	threads      uint8
}

// OWASP's minimum recommendation for argon2id: 19 MiB, 2 passes, 1 lane.
var production = params{time: 2, memory: 19 * 1024, threads: 1}

// inTests is the cost inside `go test` binaries only (testing.Testing):
// suites sign up, sign in and pay with a PIN thousands of times, and under
// the race detector the production cost made up a third of some packages'
// run. The parameters travel in each hash, so Check verifies either kind;
// a souk binary never hashes with these, and TestHashAndCheck checks the
// production parameters.
var inTests = params{time: 1, memory: 64, threads: 1}

const argonKeyLen = 32

// Hash returns an encoded argon2id hash of s with a fresh random salt.
func Hash(s string) string {
	p := production
	if testing.Testing() {
		p = inTests
	}
	return hashWith(s, p)
}

func hashWith(s string, p params) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	key := argon2.IDKey([]byte(s), salt, p.time, p.memory, p.threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Check reports, in constant time, whether s matches an encoded hash.
// Malformed hashes and absurd parameters (a stored hash must not be able to
// make a check take gigabytes) never match.
func Check(encoded, s string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || m > 1<<20 || t > 16 || p == 0 || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(s), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
