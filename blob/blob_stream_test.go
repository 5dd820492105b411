package blob

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// Consumers such as io.ReadFull stop at exactly the declared size and drop
// a later error, so a body longer than declared must fail before its last
// byte is handed over.
func TestBodyLongerThanDeclaredFailsWithinReadFull(t *testing.T) {
	b := newBody(context.Background(), strings.NewReader("1234567890"), 100, 5)
	buf := make([]byte, 5)
	if _, err := io.ReadFull(b, buf); !errors.Is(err, ErrSizeMismatch) {
		t.Fatalf("ReadFull err = %v, want ErrSizeMismatch", err)
	}
	if b.complete() {
		t.Fatal("body reports complete")
	}
}

func TestBodyExactSizeCompletes(t *testing.T) {
	b := newBody(context.Background(), strings.NewReader("12345"), 5, 5)
	buf := make([]byte, 5)
	if _, err := io.ReadFull(b, buf); err != nil {
		t.Fatal(err)
	}
	if !b.complete() || b.n != 5 || b.sum() != sha([]byte("12345")) {
		t.Fatalf("complete=%v n=%d", b.complete(), b.n)
	}
}

func TestBodyErrorsAreSticky(t *testing.T) {
	b := newBody(context.Background(), strings.NewReader(strings.Repeat("x", 20)), 10, -1)
	if _, err := io.ReadAll(b); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if _, err := b.Read(make([]byte, 10)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("second read err = %v", err)
	}
}
