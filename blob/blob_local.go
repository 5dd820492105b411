package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"
)

// On disk, key "a/b/c" is the file <root>/a/b/c~blob. The suffix keeps
// object files and directories in separate namespaces ('~' never appears
// in a key), so "a" and "a/b" can both exist, as on S3.
//
// Each file starts with a fixed-size header holding the content type and
// SHA-256, so one atomic rename publishes data and metadata together, and
// a listing can compute sizes without opening files.
const (
	localSuffix     = "~blob"
	localHeaderSize = 512
	localMagic      = "souk-blob/1\n"
	localTempPrefix = ".tmp-"
)

type localHeader struct {
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
}

// localStore keeps objects under one directory. All file access goes
// through an os.Root, so neither a key nor a symlink planted inside the
// directory can reach a file outside it.
type localStore struct {
	root *os.Root
	dir  string
	max  int64
}

// OpenLocal opens (creating if needed) a filesystem store rooted at cfg.Dir.
func OpenLocal(cfg Config) (Store, error) {
	if cfg.Dir == "" {
		return nil, errors.New("blob: local store needs a directory")
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", cfg.Dir, err)
	}
	root, err := os.OpenRoot(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", cfg.Dir, err)
	}
	return &localStore{root: root, dir: cfg.Dir, max: cfg.maxObjectSize()}, nil
}

func localPath(key string) string { return key + localSuffix }

// keyDir is the directory of key inside the root ("." at the top).
func keyDir(key string) string { return path.Dir(key) }

func (s *localStore) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error) {
	ct, err := checkPut(ctx, key, size, contentType, s.max)
	if err != nil {
		return Info{}, err
	}
	b := newBody(ctx, r, s.max, size)
	tmp, h, err := s.writeTemp(keyDir(key), b, ct)
	if err != nil {
		return Info{}, putError(ctx, b, key, err)
	}
	return s.publish(tmp, key, h)
}

func (s *localStore) PutContent(ctx context.Context, prefix string, r io.Reader, contentType string) (Info, error) {
	dir, err := contentPrefix(prefix)
	if err != nil {
		return Info{}, err
	}
	ct, err := normalizeContentType(contentType)
	if err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("blob: put content %q: %w", prefix, err)
	}
	b := newBody(ctx, r, s.max, -1)
	// The final name is only known after hashing, but its directory is
	// known now, so the temp file still lives next to its final name.
	tmp, h, err := s.writeTemp(dir, b, ct)
	if err != nil {
		return Info{}, putError(ctx, b, prefix, err)
	}
	key := dir + "/" + h.SHA256
	if info, err := s.Stat(ctx, key); err == nil {
		_ = s.root.Remove(tmp) // same bytes already stored: keep the first copy
		return info, nil
	}
	return s.publish(tmp, key, h)
}

// publish renames a complete temp file over key's file and syncs the
// directory so the rename itself survives a crash.
func (s *localStore) publish(tmp, key string, h localHeader) (Info, error) {
	if err := s.root.Rename(tmp, localPath(key)); err != nil {
		_ = s.root.Remove(tmp)
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	if err := s.syncDir(keyDir(key)); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: sync dir: %w", key, err)
	}
	return Info{Key: key, Size: h.Size, SHA256: h.SHA256, ContentType: h.ContentType, ModTime: time.Now().UTC()}, nil
}

// writeTemp streams b into a new temp file in dir (header first, filled
// in once the hash is known), fsyncs it and returns its name. On error the
// temp file is gone.
func (s *localStore) writeTemp(dir string, b *body, ct string) (name string, h localHeader, err error) {
	if err := s.root.MkdirAll(dir, 0o750); err != nil {
		return "", h, err
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(dir, localTempPrefix+hex.EncodeToString(rnd[:]))
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", h, err
	}
	defer func() {
		if err != nil {
			f.Close()
			_ = s.root.Remove(tmp)
		}
	}()
	if _, err = f.Write(make([]byte, localHeaderSize)); err != nil {
		return "", h, err
	}
	if _, err = io.CopyBuffer(f, b, make([]byte, 256<<10)); err != nil {
		return "", h, err
	}
	if !b.complete() {
		return "", h, io.ErrUnexpectedEOF
	}
	h = localHeader{ContentType: ct, SHA256: b.sum(), Size: b.n}
	hdr, err := encodeHeader(h)
	if err != nil {
		return "", h, err
	}
	if _, err = f.WriteAt(hdr, 0); err != nil {
		return "", h, err
	}
	if err = f.Sync(); err != nil {
		return "", h, err
	}
	if err = f.Close(); err != nil {
		return "", h, err
	}
	return tmp, h, nil
}

func encodeHeader(h localHeader) ([]byte, error) {
	js, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 0, localHeaderSize)
	buf = append(buf, localMagic...)
	buf = append(buf, js...)
	if len(buf) >= localHeaderSize {
		return nil, errors.New("blob: header too large")
	}
	for len(buf) < localHeaderSize {
		buf = append(buf, '\n')
	}
	return buf, nil
}

func decodeHeader(buf []byte) (localHeader, error) {
	var h localHeader
	rest, ok := bytes.CutPrefix(buf, []byte(localMagic))
	if !ok {
		return h, errors.New("bad magic")
	}
	if err := json.Unmarshal(bytes.TrimRight(rest, "\n"), &h); err != nil {
		return h, err
	}
	return h, nil
}

func (s *localStore) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// open opens key's file and reads its header; the file is left positioned
// at the first byte of content.
func (s *localStore) open(key string) (*os.File, Info, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Info{}, err
	}
	f, err := s.root.Open(localPath(key))
	if err != nil {
		return nil, Info{}, mapLocalErr(key, err)
	}
	info, err := readInfo(f, key)
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	return f, info, nil
}

func readInfo(f *os.File, key string) (Info, error) {
	st, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("blob: %q: %w", key, err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("blob: %q: %w", key, ErrNotFound)
	}
	buf := make([]byte, localHeaderSize)
	if _, err := io.ReadFull(f, buf); err != nil {
		return Info{}, fmt.Errorf("blob: %q: corrupt object: %w", key, err)
	}
	h, err := decodeHeader(buf)
	if err != nil {
		return Info{}, fmt.Errorf("blob: %q: corrupt object header: %w", key, err)
	}
	if h.Size != st.Size()-localHeaderSize {
		return Info{}, fmt.Errorf("blob: %q: corrupt object: header says %d bytes, file has %d", key, h.Size, st.Size()-localHeaderSize)
	}
	return Info{Key: key, Size: h.Size, SHA256: h.SHA256, ContentType: h.ContentType, ModTime: st.ModTime().UTC()}, nil
}

func mapLocalErr(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("blob: %q: %w", key, ErrNotFound)
	}
	return fmt.Errorf("blob: %q: %w", key, err)
}

func (s *localStore) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ctx.Err(); err != nil {
		return nil, Info{}, err
	}
	f, info, err := s.open(key)
	if err != nil {
		return nil, Info{}, err
	}
	// *os.File itself, so io.Copy to a socket can still use sendfile.
	return f, info, nil
}

func (s *localStore) Stat(ctx context.Context, key string) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	f, info, err := s.open(key)
	if err != nil {
		return Info{}, err
	}
	f.Close()
	return info, nil
}

func (s *localStore) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.root.Remove(localPath(key))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	// Empty directories are left in place: removing them would race with
	// a concurrent put that has just created one.
	return s.syncDir(keyDir(key))
}

func (s *localStore) List(ctx context.Context, prefix string, opts ListOptions) ([]Info, error) {
	if err := validatePrefix(prefix); err != nil {
		return nil, err
	}
	base := "."
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		base = prefix[:i]
	}
	l := lister{s: s, ctx: ctx, prefix: prefix, after: opts.StartAfter, limit: listLimit(opts.Limit)}
	if err := l.walk(base); err != nil && err != errStopList {
		return nil, err
	}
	return l.out, nil
}

// errStopList ends a walk once a page is full.
var errStopList = errors.New("page full")

type lister struct {
	s      *localStore
	ctx    context.Context
	prefix string
	after  string
	limit  int
	out    []Info
}

type listEntry struct {
	name  string // key-space name: a segment, plus "/" for a directory
	isDir bool
	de    fs.DirEntry
}

// walk visits dir in key order. Sorting entries by segment with "/"
// appended to directories yields exactly S3's byte-wise key order, so
// pages from both backends agree.
func (l *lister) walk(dir string) error {
	if err := l.ctx.Err(); err != nil {
		return err
	}
	f, err := l.s.root.Open(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
		return fmt.Errorf("blob: list: %w", err)
	}
	des, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return fmt.Errorf("blob: list: %w", err)
	}
	ents := make([]listEntry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		switch {
		case de.Type().IsDir():
			if ValidateKey(name) == nil {
				ents = append(ents, listEntry{name: name + "/", isDir: true, de: de})
			}
		case de.Type().IsRegular() && strings.HasSuffix(name, localSuffix):
			seg := strings.TrimSuffix(name, localSuffix)
			if ValidateKey(seg) == nil {
				ents = append(ents, listEntry{name: seg, de: de})
			}
		}
		// Anything else (temp files, symlinks, stray files) is not an object.
	}
	slices.SortFunc(ents, func(a, b listEntry) int { return strings.Compare(a.name, b.name) })
	keyPrefix := ""
	if dir != "." {
		keyPrefix = dir + "/"
	}
	for _, e := range ents {
		full := keyPrefix + e.name
		if e.isDir {
			if !strings.HasPrefix(full, l.prefix) && !strings.HasPrefix(l.prefix, full) {
				continue
			}
			// Every key below starts with full; skip the subtree when all
			// of them sort at or before StartAfter.
			if l.after >= full && !strings.HasPrefix(l.after, full) {
				continue
			}
			if err := l.walk(strings.TrimSuffix(full, "/")); err != nil {
				return err
			}
		} else {
			if !strings.HasPrefix(full, l.prefix) || full <= l.after {
				continue
			}
			fi, err := e.de.Info()
			if err != nil {
				continue // deleted while listing
			}
			l.out = append(l.out, Info{Key: full, Size: fi.Size() - localHeaderSize, ModTime: fi.ModTime().UTC()})
		}
		if len(l.out) >= l.limit {
			return errStopList
		}
	}
	return nil
}

func (s *localStore) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st, err := s.root.Stat(".")
	if err != nil {
		return fmt.Errorf("blob: local store %s: %w", s.dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("blob: local store %s is not a directory", s.dir)
	}
	return nil
}

func (s *localStore) Close() error { return s.root.Close() }
