package blob

import (
	"fmt"
	"strings"
)

// Key limits. 1024 bytes is S3's own limit; 200 bytes per segment stays
// well under NAME_MAX (255) even with the local backend's file suffix.
const (
	MaxKeyLen     = 1024
	MaxSegmentLen = 200
)

// ValidateKey reports whether key is acceptable to every backend: relative,
// '/'-separated, 1..MaxKeyLen bytes, each segment 1..MaxSegmentLen bytes of
// [A-Za-z0-9._=+-] not starting with '.'. So no empty, "." or ".." segment,
// no backslash, NUL, control or non-ASCII byte, no absolute path.
//
// The leading-dot rule also keeps key names apart from the local backend's
// temporary files and from the S3 backend's staging area, and '~' is left
// out so the local file suffix can never collide with a key segment.
func ValidateKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidKey, MaxKeyLen)
	}
	start := 0
	for i := 0; i <= len(key); i++ {
		if i < len(key) && key[i] != '/' {
			if !keyByte(key[i]) {
				return fmt.Errorf("%w: %q: byte %#x at %d not allowed", ErrInvalidKey, key, key[i], i)
			}
			continue
		}
		seg := key[start:i]
		switch {
		case seg == "":
			return fmt.Errorf("%w: %q: empty segment", ErrInvalidKey, key)
		case seg[0] == '.':
			return fmt.Errorf("%w: %q: segment %q starts with '.'", ErrInvalidKey, key, seg)
		case len(seg) > MaxSegmentLen:
			return fmt.Errorf("%w: %q: segment longer than %d bytes", ErrInvalidKey, key, MaxSegmentLen)
		}
		start = i + 1
	}
	return nil
}

func keyByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '.', c == '_', c == '-', c == '=', c == '+':
		return true
	}
	return false
}

// validatePrefix accepts "" (everything), a valid key, or a valid key
// followed by one '/'. A partial last segment ("img/ab") is itself a valid
// key shape, so it passes too.
func validatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return ValidateKey(strings.TrimSuffix(prefix, "/"))
}

// ContentKey is the key PutContent uses for content with the given
// lowercase hex SHA-256 under prefix.
func ContentKey(prefix, sha256Hex string) string {
	return prefix + "/sha256/" + sha256Hex
}

// contentPrefix validates a PutContent prefix and returns the directory
// part of its keys.
func contentPrefix(prefix string) (string, error) {
	if err := ValidateKey(prefix); err != nil {
		return "", err
	}
	// 64 hex digits + "/sha256/" must still fit.
	if len(prefix)+len("/sha256/")+64 > MaxKeyLen {
		return "", fmt.Errorf("%w: prefix too long for a content key", ErrInvalidKey)
	}
	return prefix + "/sha256", nil
}
