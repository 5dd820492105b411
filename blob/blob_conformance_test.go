package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// opener returns a fresh, empty store with the given MaxObjectSize
// (0 for the default). Each backend's _test.go file supplies one.
type opener func(t *testing.T, maxObjectSize int64) Store

// runConformance is the one suite every backend must pass. Both
// TestLocalConformance and TestS3Conformance call it, so the two backends
// are held to exactly the same behaviour.
func runConformance(t *testing.T, open opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, opener)
	}{
		{"RoundTrip", testRoundTrip},
		{"NotFound", testNotFound},
		{"List", testList},
		{"UnknownSize", testUnknownSize},
		{"LargeStreaming", testLargeStreaming},
		{"SizeMismatch", testSizeMismatch},
		{"SizeLimit", testSizeLimit},
		{"ContentAddressed", testContentAddressed},
		{"ConcurrentPuts", testConcurrentPuts},
		{"InvalidKeys", testInvalidKeys},
		{"ValidUnusualKeys", testValidUnusualKeys},
		{"InvalidContentType", testInvalidContentType},
		{"ContextCancel", testContextCancel},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open)
		})
	}
}

// --- helpers ---

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func mustPut(t *testing.T, s Store, key, data string) Info {
	t.Helper()
	info, err := s.Put(t.Context(), key, strings.NewReader(data), int64(len(data)), "text/plain")
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	return info
}

func mustGet(t *testing.T, s Store, key string) (string, Info) {
	t.Helper()
	rc, info, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("Get(%q): read: %v", key, err)
	}
	return string(b), info
}

func wantNotFound(t *testing.T, s Store, key string) {
	t.Helper()
	if _, err := s.Stat(t.Context(), key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Stat(%q) = %v, want ErrNotFound", key, err)
	}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: err = %v, want %v", what, err, target)
	}
}

// stream is n deterministic pseudo-random bytes, generated on the fly so
// large objects never sit in memory.
func stream(seed uint64, n int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return io.LimitReader(rand.NewChaCha8(s), n)
}

func streamSHA(seed uint64, n int64) string {
	h := sha256.New()
	if _, err := io.Copy(h, stream(seed, n)); err != nil {
		panic(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// getSHA streams an object through SHA-256.
func getSHA(t *testing.T, s Store, key string) (string, int64) {
	t.Helper()
	rc, _, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		t.Fatalf("Get(%q): read: %v", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

func keysOf(infos []Info) []string {
	out := make([]string, len(infos))
	for i, in := range infos {
		out[i] = in.Key
	}
	return out
}

// --- tests ---

func testRoundTrip(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	before := time.Now().Add(-time.Minute)

	info, err := s.Put(ctx, "docs/hello.txt", strings.NewReader("hello"), 5, "text/plain; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Key: "docs/hello.txt", Size: 5, SHA256: sha([]byte("hello")), ContentType: "text/plain; charset=utf-8"}
	if info.Key != want.Key || info.Size != want.Size || info.SHA256 != want.SHA256 || info.ContentType != want.ContentType {
		t.Fatalf("Put info = %+v, want %+v", info, want)
	}
	if info.ModTime.Before(before) {
		t.Fatalf("Put ModTime = %v", info.ModTime)
	}

	got, ginfo := mustGet(t, s, "docs/hello.txt")
	if got != "hello" || ginfo.Size != 5 || ginfo.ContentType != want.ContentType || ginfo.Key != want.Key {
		t.Fatalf("Get = %q %+v", got, ginfo)
	}
	if ginfo.ModTime.Before(before) || ginfo.ModTime.After(time.Now().Add(time.Minute)) {
		t.Fatalf("Get ModTime = %v", ginfo.ModTime)
	}
	st, err := s.Stat(ctx, "docs/hello.txt")
	if err != nil || st.Size != 5 || st.ContentType != want.ContentType {
		t.Fatalf("Stat = %+v, %v", st, err)
	}

	// Overwrite with unknown size and no content type.
	info, err = s.Put(ctx, "docs/hello.txt", strings.NewReader("bye!"), -1, "")
	if err != nil || info.Size != 4 || info.ContentType != DefaultContentType || info.SHA256 != sha([]byte("bye!")) {
		t.Fatalf("overwrite: %+v, %v", info, err)
	}
	if got, gi := mustGet(t, s, "docs/hello.txt"); got != "bye!" || gi.ContentType != DefaultContentType {
		t.Fatalf("after overwrite: %q %+v", got, gi)
	}

	// Empty object.
	if info := mustPut(t, s, "empty", ""); info.Size != 0 || info.SHA256 != sha(nil) {
		t.Fatalf("empty: %+v", info)
	}
	if got, gi := mustGet(t, s, "empty"); got != "" || gi.Size != 0 {
		t.Fatalf("empty Get: %q %+v", got, gi)
	}

}

func testNotFound(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	if _, _, err := s.Get(ctx, "missing/key"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get missing: %v", err)
	}
	wantNotFound(t, s, "missing/key")
	if err := s.Delete(ctx, "missing/key"); err != nil {
		t.Fatalf("Delete missing: %v", err)
	}
	mustPut(t, s, "k", "v")
	// A path "through" an object is just another missing key.
	wantNotFound(t, s, "k/under")
	if err := s.Delete(ctx, "k/under"); err != nil {
		t.Fatalf("Delete k/under: %v", err)
	}
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, s, "k")
	if err := s.Delete(ctx, "k"); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}

func testList(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	// Chosen so the filesystem walk order differs from key order
	// ('-' and '.' sort before '/'). No key is a path prefix of another
	// ("a" and "a/b"): MinIO cannot list both.
	keys := []string{"a-c", "a.d", "a/b-x", "a/b/c", "a/z", "b", "b+x", "b=y", "c/d/e"}
	for i, k := range keys {
		mustPut(t, s, k, strings.Repeat("x", i+1))
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)

	all, err := s.List(ctx, "", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(all); !slices.Equal(got, sorted) {
		t.Fatalf("List all = %q, want %q", got, sorted)
	}
	for _, in := range all {
		if want := int64(slices.Index(keys, in.Key) + 1); in.Size != want {
			t.Fatalf("List size of %q = %d, want %d", in.Key, in.Size, want)
		}
		if in.ModTime.IsZero() {
			t.Fatalf("List ModTime of %q is zero", in.Key)
		}
	}

	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"a/", []string{"a/b-x", "a/b/c", "a/z"}},
		{"a/b", []string{"a/b-x", "a/b/c"}},
		{"a/b/", []string{"a/b/c"}},
		{"a", []string{"a-c", "a.d", "a/b-x", "a/b/c", "a/z"}},
		{"b", []string{"b", "b+x", "b=y"}},
		{"c/d/", []string{"c/d/e"}},
		{"c/d/e", []string{"c/d/e"}},
		{"zz", nil},
		{"nothing/here/", nil},
	} {
		got, err := s.List(ctx, tc.prefix, ListOptions{})
		if err != nil {
			t.Fatalf("List(%q): %v", tc.prefix, err)
		}
		if !slices.Equal(keysOf(got), tc.want) {
			t.Fatalf("List(%q) = %q, want %q", tc.prefix, keysOf(got), tc.want)
		}
	}

	// Paging with StartAfter visits every key once, in order.
	var paged []string
	after := ""
	for range 20 {
		page, err := s.List(ctx, "", ListOptions{StartAfter: after, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 3 {
			t.Fatalf("page of %d > limit 3", len(page))
		}
		paged = append(paged, keysOf(page)...)
		if len(page) < 3 {
			break
		}
		after = page[len(page)-1].Key
	}
	if !slices.Equal(paged, sorted) {
		t.Fatalf("paged = %q, want %q", paged, sorted)
	}
	got, err := s.List(ctx, "a", ListOptions{StartAfter: "a/b-x"})
	if err != nil || !slices.Equal(keysOf(got), []string{"a/b/c", "a/z"}) {
		t.Fatalf("List(a, after a/b-x) = %q, %v", keysOf(got), err)
	}
	got, err = s.List(ctx, "", ListOptions{StartAfter: "a/b", Limit: 2})
	if err != nil || !slices.Equal(keysOf(got), []string{"a/b-x", "a/b/c"}) {
		t.Fatalf("List(after a/b, limit 2) = %q, %v", keysOf(got), err)
	}

	for _, bad := range []string{"/", "../", "a//", "a/../", "/a", "a\\b", ".tmp", "a/.x"} {
		if _, err := s.List(ctx, bad, ListOptions{}); !errors.Is(err, ErrInvalidKey) {
			t.Fatalf("List(%q) = %v, want ErrInvalidKey", bad, err)
		}
	}
}

func testUnknownSize(t *testing.T, open opener) {
	s := open(t, 0)
	const n = 3<<20 + 17 // past the S3 backend's small-body buffer
	info, err := s.Put(t.Context(), "big/unknown", stream(1, n), -1, "application/octet-stream")
	if err != nil {
		t.Fatal(err)
	}
	want := streamSHA(1, n)
	if info.Size != n || info.SHA256 != want {
		t.Fatalf("Put info = %+v", info)
	}
	if got, size := getSHA(t, s, "big/unknown"); got != want || size != n {
		t.Fatalf("Get sha/size = %s/%d", got, size)
	}
}

func testLargeStreaming(t *testing.T, open opener) {
	s := open(t, 0)
	const n = 20 << 20
	want := streamSHA(2, n)
	for _, size := range []int64{n, -1} {
		key := fmt.Sprintf("large/%d", size)
		info, err := s.Put(t.Context(), key, stream(2, n), size, "application/zip")
		if err != nil {
			t.Fatalf("Put size %d: %v", size, err)
		}
		if info.Size != n || info.SHA256 != want {
			t.Fatalf("Put info = %+v", info)
		}
		if got, size := getSHA(t, s, key); got != want || size != n {
			t.Fatalf("Get %s sha/size = %s/%d", key, got, size)
		}
		if st, err := s.Stat(t.Context(), key); err != nil || st.Size != n {
			t.Fatalf("Stat = %+v, %v", st, err)
		}
	}
}

func testSizeMismatch(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	_, err := s.Put(ctx, "short", strings.NewReader("12345"), 10, "")
	wantErr(t, "short body", err, ErrSizeMismatch)
	wantNotFound(t, s, "short")

	_, err = s.Put(ctx, "long", strings.NewReader("1234567890"), 5, "")
	wantErr(t, "long body", err, ErrSizeMismatch)
	wantNotFound(t, s, "long")

	// A failed overwrite keeps the old object intact.
	mustPut(t, s, "keep", "original")
	_, err = s.Put(ctx, "keep", strings.NewReader("much longer replacement"), 3, "")
	wantErr(t, "overwrite long", err, ErrSizeMismatch)
	_, err = s.Put(ctx, "keep", strings.NewReader("x"), 3, "")
	wantErr(t, "overwrite short", err, ErrSizeMismatch)
	if got, _ := mustGet(t, s, "keep"); got != "original" {
		t.Fatalf("after failed overwrites: %q", got)
	}
}

func testSizeLimit(t *testing.T, open opener) {
	const max = 1000
	s := open(t, max)
	ctx := t.Context()
	exact := strings.Repeat("e", max)

	if _, err := s.Put(ctx, "exact/known", strings.NewReader(exact), max, ""); err != nil {
		t.Fatalf("exactly max, known size: %v", err)
	}
	if _, err := s.Put(ctx, "exact/unknown", strings.NewReader(exact), -1, ""); err != nil {
		t.Fatalf("exactly max, unknown size: %v", err)
	}

	over := strings.Repeat("o", max+1)
	for _, tc := range []struct {
		name string
		body string
		size int64
		want error
	}{
		{"declared over", over, max + 1, ErrTooLarge},
		{"unknown over", over, -1, ErrTooLarge},
		{"unknown far over", strings.Repeat("o", 50_000), -1, ErrTooLarge},
		{"declared max lies", over, max, ErrTooLarge},
		{"declared small lies", over, 10, ErrSizeMismatch},
	} {
		key := "over/" + strings.ReplaceAll(tc.name, " ", "-")
		_, err := s.Put(ctx, key, strings.NewReader(tc.body), tc.size, "")
		wantErr(t, tc.name, err, tc.want)
		wantNotFound(t, s, key)
	}

	_, err := s.PutContent(ctx, "cas", strings.NewReader(over), "")
	wantErr(t, "PutContent over", err, ErrTooLarge)
	if got, err := s.List(ctx, "", ListOptions{}); err != nil || !slices.Equal(keysOf(got), []string{"exact/known", "exact/unknown"}) {
		t.Fatalf("after oversized puts List = %q, %v", keysOf(got), err)
	}

	// A limit above the S3 backend's small-body buffer exercises the
	// streaming (multipart) path being cut off mid-upload.
	big := open(t, 2<<20)
	_, err = big.Put(ctx, "stream/over", stream(3, 3<<20), -1, "")
	wantErr(t, "streaming over", err, ErrTooLarge)
	_, err = big.PutContent(ctx, "cas", stream(3, 3<<20), "")
	wantErr(t, "streaming PutContent over", err, ErrTooLarge)
	if got, err := big.List(ctx, "", ListOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("after streaming oversized puts List = %q, %v", keysOf(got), err)
	}
}

func testContentAddressed(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	data := []byte("bundle bytes v1")
	sum := sha(data)

	first, err := s.PutContent(ctx, "bundles", bytes.NewReader(data), "application/zip")
	if err != nil {
		t.Fatal(err)
	}
	if first.Key != "bundles/sha256/"+sum || first.Key != ContentKey("bundles", sum) || first.SHA256 != sum ||
		first.Size != int64(len(data)) || first.ContentType != "application/zip" {
		t.Fatalf("PutContent = %+v", first)
	}
	// Same bytes again: same key, no error, the first content type stays.
	again, err := s.PutContent(ctx, "bundles", bytes.NewReader(data), "text/plain")
	if err != nil || again.Key != first.Key || again.SHA256 != sum || again.ContentType != "application/zip" {
		t.Fatalf("second PutContent = %+v, %v", again, err)
	}
	got, info := mustGet(t, s, first.Key)
	if got != string(data) || info.SHA256 != sum || info.ContentType != "application/zip" {
		t.Fatalf("Get = %q %+v", got, info)
	}
	if st, err := s.Stat(ctx, first.Key); err != nil || st.SHA256 != sum {
		t.Fatalf("Stat = %+v, %v", st, err)
	}

	other, err := s.PutContent(ctx, "bundles", strings.NewReader("bundle bytes v2"), "")
	if err != nil || other.Key == first.Key {
		t.Fatalf("other content: %+v, %v", other, err)
	}
	empty, err := s.PutContent(ctx, "images/raw", strings.NewReader(""), "")
	if err != nil || empty.Key != "images/raw/sha256/"+sha(nil) || empty.Size != 0 {
		t.Fatalf("empty content: %+v, %v", empty, err)
	}
	const n = 5 << 20
	big, err := s.PutContent(ctx, "bundles", stream(4, n), "")
	if err != nil || big.SHA256 != streamSHA(4, n) || big.Size != n {
		t.Fatalf("big content: %+v, %v", big, err)
	}

	// Exactly the stored objects are listed: no temp or staging leftovers.
	all, err := s.List(ctx, "", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{big.Key, first.Key, other.Key, empty.Key}
	slices.Sort(want)
	if !slices.Equal(keysOf(all), want) {
		t.Fatalf("List = %q, want %q", keysOf(all), want)
	}

	for _, bad := range []string{"", "bundles/", "/bundles", "a/../b", ".hidden", strings.Repeat("p", MaxKeyLen-70)} {
		_, err := s.PutContent(ctx, bad, strings.NewReader("x"), "")
		wantErr(t, fmt.Sprintf("PutContent prefix %.20q", bad), err, ErrInvalidKey)
	}
}

func testConcurrentPuts(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	const workers = 8
	data := bytes.Repeat([]byte("same content "), 100_000) // ~1.3 MB

	var wg sync.WaitGroup
	keys := make([]string, workers)
	errs := make([]error, workers)
	for i := range workers {
		wg.Go(func() {
			info, err := s.PutContent(ctx, "cas", bytes.NewReader(data), "")
			keys[i], errs[i] = info.Key, err
		})
	}
	wg.Wait()
	for i := range workers {
		if errs[i] != nil || keys[i] != ContentKey("cas", sha(data)) {
			t.Fatalf("worker %d: key %q err %v", i, keys[i], errs[i])
		}
	}
	if got, err := s.List(ctx, "cas/", ListOptions{}); err != nil || len(got) != 1 {
		t.Fatalf("List = %q, %v", keysOf(got), err)
	}
	if got, _ := getSHA(t, s, keys[0]); got != sha(data) {
		t.Fatalf("content hash %s", got)
	}

	// Racing plain puts to one key: the winner's bytes, never a mix.
	for i := range workers {
		wg.Go(func() {
			body := bytes.Repeat([]byte{byte('a' + i)}, 256<<10)
			_, errs[i] = s.Put(ctx, "race", bytes.NewReader(body), int64(len(body)), "")
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("racing put %d: %v", i, err)
		}
	}
	got, _ := mustGet(t, s, "race")
	if len(got) != 256<<10 || strings.Count(got, got[:1]) != len(got) {
		t.Fatalf("racing puts left a mixed or short object (%d bytes)", len(got))
	}
}

func testInvalidKeys(t *testing.T, open opener) {
	s := open(t, 0)
	ctx := t.Context()
	for _, key := range invalidKeys {
		name := fmt.Sprintf("%.40q", key)
		_, err := s.Put(ctx, key, strings.NewReader("x"), 1, "")
		wantErr(t, "Put "+name, err, ErrInvalidKey)
		_, _, err = s.Get(ctx, key)
		wantErr(t, "Get "+name, err, ErrInvalidKey)
		_, err = s.Stat(ctx, key)
		wantErr(t, "Stat "+name, err, ErrInvalidKey)
		err = s.Delete(ctx, key)
		wantErr(t, "Delete "+name, err, ErrInvalidKey)
		_, err = s.PutContent(ctx, key, strings.NewReader("x"), "")
		wantErr(t, "PutContent "+name, err, ErrInvalidKey)
	}
	if got, err := s.List(ctx, "", ListOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("invalid keys stored something: %q, %v", keysOf(got), err)
	}
}

func testValidUnusualKeys(t *testing.T, open opener) {
	s := open(t, 0)
	for _, key := range validKeys {
		mustPut(t, s, key, "v:"+key)
		if got, info := mustGet(t, s, key); got != "v:"+key || info.Key != key {
			t.Fatalf("Get(%.40q) = %q %+v", key, got, info)
		}
	}
	got, err := s.List(t.Context(), "", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(validKeys)
	slices.Sort(want)
	if !slices.Equal(keysOf(got), want) {
		t.Fatalf("List = %q, want %q", keysOf(got), want)
	}
}

func testInvalidContentType(t *testing.T, open opener) {
	s := open(t, 0)
	for _, ct := range []string{"text/plain\r\nX-Evil: 1", "a\x00b", strings.Repeat("t", 300), "tëxt/plain"} {
		_, err := s.Put(t.Context(), "ct", strings.NewReader("x"), 1, ct)
		wantErr(t, fmt.Sprintf("Put ct %.20q", ct), err, ErrInvalidContentType)
		_, err = s.PutContent(t.Context(), "ct", strings.NewReader("x"), ct)
		wantErr(t, fmt.Sprintf("PutContent ct %.20q", ct), err, ErrInvalidContentType)
	}
	wantNotFound(t, s, "ct")
}

// cancelAfter cancels its context once n bytes have been read, then keeps
// producing data, like a client whose request was abandoned mid-upload.
type cancelAfter struct {
	r      io.Reader
	n      int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n -= int64(n)
	if c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func testContextCancel(t *testing.T, open opener) {
	s := open(t, 0)
	done, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := s.Put(done, "cancelled/before", strings.NewReader("x"), 1, "")
	wantErr(t, "Put with done ctx", err, context.Canceled)
	wantNotFound(t, s, "cancelled/before")
	_, err = s.PutContent(done, "cancelled", strings.NewReader("x"), "")
	wantErr(t, "PutContent with done ctx", err, context.Canceled)
	if _, _, err := s.Get(done, "cancelled/before"); err == nil {
		t.Fatal("Get with done ctx succeeded")
	}
	if _, err := s.List(done, "", ListOptions{}); err == nil {
		t.Fatal("List with done ctx succeeded")
	}

	const n = 4 << 20
	for _, size := range []int64{n, -1} {
		key := fmt.Sprintf("cancelled/mid/%d", size)
		ctx, cancel := context.WithCancel(t.Context())
		_, err := s.Put(ctx, key, &cancelAfter{r: stream(5, n), n: 1 << 20, cancel: cancel}, size, "")
		cancel()
		wantErr(t, "Put cancelled mid-stream", err, context.Canceled)
		wantNotFound(t, s, key)

		ctx, cancel = context.WithCancel(t.Context())
		_, err = s.PutContent(ctx, "cancelled/cas", &cancelAfter{r: stream(5, n), n: 2 << 20, cancel: cancel}, "")
		cancel()
		wantErr(t, "PutContent cancelled mid-stream", err, context.Canceled)
	}
	if got, err := s.List(t.Context(), "", ListOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("cancelled puts left %q, %v", keysOf(got), err)
	}
}

func testPing(t *testing.T, open opener) {
	s := open(t, 0)
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
}
