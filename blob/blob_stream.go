package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// body wraps the reader of a put. It counts and hashes the bytes as they
// stream, fails with ErrTooLarge past the store's limit and with
// ErrSizeMismatch when the body is shorter or longer than declared, and
// stops when ctx is done. Errors are sticky, so a consumer that retries a
// read can never upload a truncated object.
type body struct {
	ctx      context.Context
	src      io.Reader
	max      int64 // the store's MaxObjectSize
	declared int64 // -1 when unknown
	n        int64
	h        hash.Hash
	err      error // sticky; io.EOF once the whole body has been read and checked
}

func newBody(ctx context.Context, r io.Reader, max, declared int64) *body {
	if declared < 0 {
		declared = -1
	}
	return &body{ctx: ctx, src: r, max: max, declared: declared, h: sha256.New()}
}

// limit is the most bytes the body may have.
func (b *body) limit() int64 {
	if b.declared >= 0 {
		return b.declared
	}
	return b.max
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if err := b.ctx.Err(); err != nil {
		b.err = err
		return 0, err
	}
	remaining := b.limit() - b.n
	if remaining == 0 {
		b.err = b.probeEnd()
		return 0, b.err
	}
	if int64(len(p)) > remaining {
		p = p[:remaining]
	}
	n, err := b.src.Read(p)
	b.n += int64(n)
	b.h.Write(p[:n])
	switch {
	case err == io.EOF:
		if b.declared >= 0 && b.n < b.declared {
			b.err = fmt.Errorf("%w: got %d of %d bytes", ErrSizeMismatch, b.n, b.declared)
			return 0, b.err
		}
		b.err = io.EOF
		return n, io.EOF
	case err != nil:
		b.err = err
		return n, err
	case b.n == b.limit():
		// Check for one more byte now, while these last bytes are still
		// ours: some consumers (io.ReadFull, a known-size PUT) stop
		// reading at exactly the declared size and would never see an
		// error reported on a later Read.
		if perr := b.probeEnd(); perr != io.EOF {
			b.err = perr
			return 0, perr // withhold the last chunk so the upload cannot complete
		}
		b.err = io.EOF
		return n, io.EOF
	}
	return n, nil
}

// probeEnd reads one byte past the limit: io.EOF if the body really ends
// there, else the error that explains why it may not continue.
func (b *body) probeEnd() error {
	var one [1]byte
	for range 100 { // tolerate a few (0, nil) reads, but not forever
		n, err := b.src.Read(one[:])
		if n > 0 {
			if b.n+1 > b.max {
				return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, b.max)
			}
			return fmt.Errorf("%w: more than the declared %d bytes", ErrSizeMismatch, b.declared)
		}
		if err != nil {
			return err
		}
	}
	return io.ErrNoProgress
}

// failure is the body's own error (size, context, source), or nil when the
// body was fine or not fully read.
func (b *body) failure() error {
	if b.err == nil || b.err == io.EOF {
		return nil
	}
	return b.err
}

// complete reports whether the whole body was read and passed every check.
func (b *body) complete() bool { return b.err == io.EOF }

func (b *body) sum() string { return hex.EncodeToString(b.h.Sum(nil)) }

// putError picks the most useful error after a failed put: the body's own
// failure (size limit, context) over the backend's wrapping of it.
func putError(ctx context.Context, b *body, key string, err error) error {
	if f := b.failure(); f != nil {
		if errors.Is(f, ErrTooLarge) || errors.Is(f, ErrSizeMismatch) {
			return fmt.Errorf("blob: put %q: %w", key, f)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("blob: put %q: %w", key, ctx.Err())
		}
		return fmt.Errorf("blob: put %q: reading body: %w", key, f)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("blob: put %q: %w", key, ctx.Err())
	}
	return fmt.Errorf("blob: put %q: %w", key, err)
}

// checkPut is what every backend checks before a put moves any byte: the
// key, the content type (returned normalised), the declared size and ctx.
func checkPut(ctx context.Context, key string, size int64, contentType string, max int64) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	ct, err := normalizeContentType(contentType)
	if err != nil {
		return "", err
	}
	if err := checkSize(key, size, max); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("blob: put %q: %w", key, err)
	}
	return ct, nil
}

// checkSize rejects a declared size over the limit before any byte moves.
func checkSize(key string, size, max int64) error {
	if size > max {
		return fmt.Errorf("blob: put %q: %w: %d bytes declared, limit %d", key, ErrTooLarge, size, max)
	}
	return nil
}
