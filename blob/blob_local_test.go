package blob

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func localOpener(t *testing.T, max int64) Store {
	t.Helper()
	s, err := OpenLocal(Config{Dir: filepath.Join(t.TempDir(), "blobs"), MaxObjectSize: max})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLocalConformance(t *testing.T) {
	runConformance(t, localOpener)
}

// The on-disk layout is part of the contract with operators (backups,
// du): key a/b is the file <dir>/a/b~blob.
func TestLocalLayout(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenLocal(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustPut(t, s, "a/b", "hello")
	st, err := os.Stat(filepath.Join(dir, "a", "b"+localSuffix))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != localHeaderSize+5 {
		t.Fatalf("file size %d", st.Size())
	}
}

func TestLocalPersistsAcrossOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenLocal(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "keep/me", "data")
	s.Close()
	s, err = OpenLocal(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, info := mustGet(t, s, "keep/me"); got != "data" || info.ContentType != "text/plain" || info.SHA256 != sha([]byte("data")) {
		t.Fatalf("after reopen: %q %+v", got, info)
	}
}

// Symlinks planted inside the root must never let a put or a read reach a
// file outside it.
func TestLocalSymlinkEscape(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	s, err := OpenLocal(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A valid object file outside the root that a symlink points at.
	hdr, err := encodeHeader(localHeader{ContentType: "text/plain", SHA256: sha([]byte("secret")), Size: 6})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"+localSuffix), append(hdr, "secret"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "evil")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"+localSuffix), filepath.Join(dir, "link"+localSuffix)); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := s.Put(ctx, "evil/planted", strings.NewReader("x"), 1, ""); err == nil {
		t.Fatal("Put through an escaping symlink succeeded")
	}
	if _, err := s.PutContent(ctx, "evil", strings.NewReader("x"), ""); err == nil {
		t.Fatal("PutContent through an escaping symlink succeeded")
	}
	for _, key := range []string{"evil/secret", "link"} {
		if _, _, err := s.Get(ctx, key); err == nil {
			t.Fatalf("Get(%q) read a file outside the root", key)
		}
		if _, err := s.Stat(ctx, key); err == nil {
			t.Fatalf("Stat(%q) read a file outside the root", key)
		}
	}
	if err := s.Delete(ctx, "evil/secret"); err == nil {
		// Either an error or a no-op is fine, as long as the file survives.
		t.Log("Delete through symlink reported success")
	}
	if _, err := os.Stat(filepath.Join(outside, "secret"+localSuffix)); err != nil {
		t.Fatalf("file outside the root was touched: %v", err)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Fatalf("outside dir has %d entries, want 1", len(entries))
	}
	got, err := s.List(ctx, "", ListOptions{})
	if err != nil || len(got) != 0 {
		t.Fatalf("List followed a symlink: %q, %v", keysOf(got), err)
	}
}

// A crash can leave temp files behind; they are never objects, and failed
// puts clean up their own.
func TestLocalTempFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenLocal(Config{Dir: dir, MaxObjectSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	mustPut(t, s, "a/ok", "fine")
	if _, err := s.Put(ctx, "a/too-big", strings.NewReader(strings.Repeat("x", 100)), -1, ""); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.PutContent(ctx, "a", strings.NewReader(strings.Repeat("x", 100)), ""); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), localTempPrefix) {
			t.Errorf("temp file left behind: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A leftover from a crash is invisible.
	if err := os.WriteFile(filepath.Join(dir, "a", localTempPrefix+"crashed"), []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.List(ctx, "", ListOptions{})
	if err != nil || len(got) != 1 || got[0].Key != "a/ok" || got[0].Size != 4 {
		t.Fatalf("List = %+v, %v", got, err)
	}
}

func TestLocalCorruptObject(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenLocal(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, content := range map[string]string{
		"short": "tiny",
		"magic": strings.Repeat("z", localHeaderSize+3),
		"json":  localMagic + "{not json" + strings.Repeat("\n", localHeaderSize),
	} {
		if err := os.WriteFile(filepath.Join(dir, name+localSuffix), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Get(t.Context(), name); err == nil || errors.Is(err, ErrNotFound) {
			t.Fatalf("Get(%s) = %v, want a corruption error", name, err)
		}
	}
	// A header whose size disagrees with the file (e.g. truncated) is caught.
	hdr, _ := encodeHeader(localHeader{ContentType: "x/y", Size: 100})
	if err := os.WriteFile(filepath.Join(dir, "trunc"+localSuffix), append(hdr, "only a bit"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stat(t.Context(), "trunc"); err == nil {
		t.Fatal("Stat of a truncated object succeeded")
	}
}

func TestOpenLocalNeedsDir(t *testing.T) {
	if _, err := OpenLocal(Config{}); err == nil {
		t.Fatal("OpenLocal with no Dir succeeded")
	}
}
