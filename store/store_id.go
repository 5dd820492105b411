package store

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a new identifier "<prefix>_<26 chars>": 48 bits of
// millisecond time then 80 random bits, so ids sort roughly by creation and
// a prefix tells a reader what kind of thing an id names (usr_, org_, …).
func NewID(prefix string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + "_" + strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// Now is the current time as stored: Unix microseconds.
func Now() int64 { return time.Now().UnixMicro() }
