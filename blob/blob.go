// Package blob stores souk's binary objects — bundles, app assets, product
// images — on the local filesystem (the embedded default) or on any S3
// server (MinIO, AWS S3, Ceph, R2) through one small interface.
//
// Both backends validate keys identically, enforce the same size limit while
// streaming, and never leave a partial object visible after a failed put.
// One conformance suite (blob_conformance_test.go) runs against both.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// Errors returned by every Store; match them with errors.Is.
var (
	// ErrNotFound: no object under that key.
	ErrNotFound = errors.New("blob: not found")
	// ErrTooLarge: the object is larger than the store's MaxObjectSize.
	ErrTooLarge = errors.New("blob: object too large")
	// ErrInvalidKey: the key (or prefix) fails ValidateKey.
	ErrInvalidKey = errors.New("blob: invalid key")
	// ErrSizeMismatch: the body was shorter or longer than the declared size.
	ErrSizeMismatch = errors.New("blob: body size does not match declared size")
	// ErrInvalidContentType: the content type is too long or not printable ASCII.
	ErrInvalidContentType = errors.New("blob: invalid content type")
)

// DefaultMaxObjectSize applies when Config.MaxObjectSize is 0.
const DefaultMaxObjectSize int64 = 1 << 30 // 1 GiB

// maxS3ObjectSize keeps server-side CopyObject (used by PutContent on S3)
// within S3's 5 GiB single-copy limit.
const maxS3ObjectSize int64 = 5 << 30

// DefaultContentType is stored when a put names no content type.
const DefaultContentType = "application/octet-stream"

// List bounds: a page never holds more than MaxListLimit entries so one
// call can never pull an unbounded listing into memory.
const (
	DefaultListLimit = 1000
	MaxListLimit     = 1000
)

// Info describes one stored object.
type Info struct {
	Key  string
	Size int64
	// SHA256 is the lowercase hex digest when known: always for objects
	// written by PutContent and in the Info returned by Put; on S3, Stat/Get
	// of a plain Put object leave it empty (the hash is only known after
	// the upload has started).
	SHA256      string
	ContentType string
	ModTime     time.Time
}

// ListOptions pages through List. Keys come back in byte-wise lexical
// order (the S3 order), so the last key of a page is the next StartAfter.
type ListOptions struct {
	StartAfter string // only keys strictly greater than this
	Limit      int    // 0 means DefaultListLimit; capped at MaxListLimit
}

// Store is the blob interface the rest of souk uses.
//
// Do not use one key as a directory of another ("a" and "a/b"): the local
// backend allows it, but MinIO cannot list both, so callers keep key
// shapes disjoint (e.g. "<kind>/<id>/<name>").
type Store interface {
	// Put streams r under key. size is the exact body length, or -1 when
	// unknown. The object replaces any previous one atomically; on any
	// error the previous object (or absence) is left as it was.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error)
	// PutContent stores r under <prefix>/sha256/<hex of its SHA-256>,
	// hashing while streaming. Putting the same bytes again is cheap and
	// returns the existing object (its first content type wins).
	PutContent(ctx context.Context, prefix string, r io.Reader, contentType string) (Info, error)
	// Get streams the object; the caller must Close the reader.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the object; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List returns at most one page of objects whose keys start with
	// prefix (a plain string prefix, as in S3: "img/" or "img/ab").
	// Entries carry Key, Size and ModTime only.
	List(ctx context.Context, prefix string, opts ListOptions) ([]Info, error)
	// Ping checks the backend is reachable (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the store's resources (the local root handle).
	Close() error
}

// Config selects and configures a Store. S3Endpoint != "" selects S3.
type Config struct {
	Dir string // local backend root, normally <data-dir>/blobs

	S3Endpoint  string // host:port; an http:// or https:// scheme also sets S3Secure
	S3Bucket    string
	S3AccessKey string
	S3SecretKey string
	S3Secure    bool

	MaxObjectSize int64 // bytes; 0 means DefaultMaxObjectSize
}

// String redacts the secret so a Config can be printed or logged safely.
func (c Config) String() string {
	if c.S3Endpoint == "" {
		return fmt.Sprintf("blob.Config{Dir:%q MaxObjectSize:%d}", c.Dir, c.maxObjectSize())
	}
	return fmt.Sprintf("blob.Config{S3Endpoint:%q S3Bucket:%q S3AccessKey:%q S3SecretKey:%s S3Secure:%t MaxObjectSize:%d}",
		c.S3Endpoint, c.S3Bucket, c.S3AccessKey, redacted(c.S3SecretKey), c.S3Secure, c.maxObjectSize())
}

// GoString keeps %#v from printing the secret too.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from printing the secret.
func (c Config) LogValue() slog.Value {
	if c.S3Endpoint == "" {
		return slog.GroupValue(slog.String("backend", "local"), slog.String("dir", c.Dir),
			slog.Int64("max_object_size", c.maxObjectSize()))
	}
	return slog.GroupValue(slog.String("backend", "s3"), slog.String("endpoint", c.S3Endpoint),
		slog.String("bucket", c.S3Bucket), slog.String("access_key", c.S3AccessKey),
		slog.String("secret_key", redacted(c.S3SecretKey)), slog.Bool("secure", c.S3Secure),
		slog.Int64("max_object_size", c.maxObjectSize()))
}

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "[REDACTED]"
}

func (c Config) maxObjectSize() int64 {
	if c.MaxObjectSize <= 0 {
		return DefaultMaxObjectSize
	}
	return c.MaxObjectSize
}

// Open returns the S3 store when cfg.S3Endpoint is set, else the local one.
func Open(ctx context.Context, cfg Config) (Store, error) {
	if cfg.S3Endpoint != "" {
		return OpenS3(ctx, cfg)
	}
	return OpenLocal(cfg)
}

// listLimit normalises ListOptions.Limit.
func listLimit(n int) int {
	if n <= 0 {
		return DefaultListLimit
	}
	return min(n, MaxListLimit)
}

// normalizeContentType defaults an empty type and rejects values that could
// break an HTTP header or the local header record.
func normalizeContentType(ct string) (string, error) {
	if ct == "" {
		return DefaultContentType, nil
	}
	if len(ct) > maxContentTypeLen {
		return "", fmt.Errorf("%w: longer than %d bytes", ErrInvalidContentType, maxContentTypeLen)
	}
	for i := 0; i < len(ct); i++ {
		if ct[i] < 0x20 || ct[i] > 0x7e {
			return "", fmt.Errorf("%w: byte %#x at %d", ErrInvalidContentType, ct[i], i)
		}
	}
	return ct, nil
}

const maxContentTypeLen = 255
