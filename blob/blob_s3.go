package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	// s3PartSize is set explicitly: with an unknown size minio-go would
	// otherwise size parts for a 5 TiB object and buffer ~500 MiB per put.
	s3PartSize = 16 << 20
	// s3SmallBody: an unknown-size body that ends within this many bytes
	// is sent as one PUT with a known length (no multipart, no part buffer).
	s3SmallBody = 1 << 20
	// s3StagingPrefix holds PutContent uploads until their hash is known.
	// Keys can never start with '.', so it cannot clash with an object.
	s3StagingPrefix = ".staging/"
	s3MetaSHA256    = "Sha256"
)

type s3Store struct {
	c      *minio.Client
	bucket string
	max    int64
}

// OpenS3 connects to an S3 server and creates the bucket if it is missing.
func OpenS3(ctx context.Context, cfg Config) (Store, error) {
	endpoint, secure := cfg.S3Endpoint, cfg.S3Secure
	if rest, ok := strings.CutPrefix(endpoint, "https://"); ok {
		endpoint, secure = rest, true
	} else if rest, ok := strings.CutPrefix(endpoint, "http://"); ok {
		endpoint, secure = rest, false
	}
	endpoint = strings.TrimSuffix(endpoint, "/")
	if cfg.S3Bucket == "" {
		return nil, errors.New("blob: S3 store needs a bucket")
	}
	max := cfg.maxObjectSize()
	if max > maxS3ObjectSize {
		return nil, fmt.Errorf("blob: MaxObjectSize %d is over the S3 backend's %d (single server-side copy limit)", max, maxS3ObjectSize)
	}
	c, err := minio.New(endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.S3AccessKey, cfg.S3SecretKey, ""),
		Secure: secure,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: S3 endpoint %q: %w", endpoint, err)
	}
	s := &s3Store{c: c, bucket: cfg.S3Bucket, max: max}
	if err := s.ensureBucket(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *s3Store) ensureBucket(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("blob: S3 bucket %q: %w", s.bucket, err)
	}
	if ok {
		return nil
	}
	if err := s.c.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{}); err != nil {
		// Another node may have created it a moment ago.
		if minio.ToErrorResponse(err).Code == "BucketAlreadyOwnedByYou" {
			return nil
		}
		return fmt.Errorf("blob: create S3 bucket %q: %w", s.bucket, err)
	}
	return nil
}

// upload streams b to key. Unknown-size bodies that turn out small go as
// one plain PUT.
func (s *s3Store) upload(ctx context.Context, key string, b *body, size int64, ct string) (minio.UploadInfo, error) {
	opts := minio.PutObjectOptions{ContentType: ct, PartSize: s3PartSize}
	var r io.Reader = b
	if size >= 0 && size <= s3SmallBody {
		// Small known-size bodies are read and checked first: minio-go
		// sends an empty body without reading it at all, and a buffered
		// body can be retried.
		buf := make([]byte, size)
		if _, err := io.ReadFull(b, buf); err != nil {
			return minio.UploadInfo{}, err
		}
		if !b.complete() {
			if _, err := b.Read(nil); err != io.EOF {
				return minio.UploadInfo{}, err
			}
		}
		r = bytes.NewReader(buf)
	} else if size < 0 {
		buf := make([]byte, min(s3SmallBody, s.max+1))
		n, err := io.ReadFull(b, buf)
		switch err {
		case io.EOF, io.ErrUnexpectedEOF:
			r, size = bytes.NewReader(buf[:n]), int64(n)
		case nil:
			r = io.MultiReader(bytes.NewReader(buf), b)
		default:
			return minio.UploadInfo{}, err
		}
	}
	return s.c.PutObject(ctx, s.bucket, key, r, size, opts)
}

func (s *s3Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error) {
	ct, err := checkPut(ctx, key, size, contentType, s.max)
	if err != nil {
		return Info{}, err
	}
	b := newBody(ctx, r, s.max, size)
	up, err := s.upload(ctx, key, b, size, ct)
	if err != nil {
		return Info{}, putError(ctx, b, key, err)
	}
	if !b.complete() {
		// The client stopped reading early; never keep a truncated object.
		s.cleanup(ctx, key)
		return Info{}, fmt.Errorf("blob: put %q: %w", key, io.ErrUnexpectedEOF)
	}
	return Info{Key: key, Size: b.n, SHA256: b.sum(), ContentType: ct, ModTime: modTime(up)}, nil
}

func modTime(up minio.UploadInfo) time.Time {
	if up.LastModified.IsZero() {
		return time.Now().UTC()
	}
	return up.LastModified.UTC()
}

// cleanup removes a staging or broken object even when ctx is already done.
func (s *s3Store) cleanup(ctx context.Context, key string) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_ = s.c.RemoveObject(cctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// PutContent uploads to a staging key, then copies server-side to the
// content key once the hash is known: S3 cannot rename, and the key has to
// be chosen before the upload starts.
func (s *s3Store) PutContent(ctx context.Context, prefix string, r io.Reader, contentType string) (Info, error) {
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
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	staging := s3StagingPrefix + hex.EncodeToString(rnd[:])
	b := newBody(ctx, r, s.max, -1)
	_, err = s.upload(ctx, staging, b, -1, ct)
	defer s.cleanup(ctx, staging)
	if err != nil {
		return Info{}, putError(ctx, b, prefix, err)
	}
	if !b.complete() {
		return Info{}, fmt.Errorf("blob: put content %q: %w", prefix, io.ErrUnexpectedEOF)
	}
	sum := b.sum()
	key := dir + "/" + sum
	if info, err := s.Stat(ctx, key); err == nil {
		return info, nil // same bytes already stored
	} else if !errors.Is(err, ErrNotFound) {
		return Info{}, err
	}
	up, err := s.c.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: key, ReplaceMetadata: true,
			UserMetadata: map[string]string{s3MetaSHA256: sum}, ContentType: ct},
		minio.CopySrcOptions{Bucket: s.bucket, Object: staging})
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return Info{}, fmt.Errorf("blob: put content %q: %w", key, err)
	}
	return Info{Key: key, Size: b.n, SHA256: sum, ContentType: ct, ModTime: modTime(up)}, nil
}

func (s *s3Store) info(key string, oi minio.ObjectInfo) Info {
	info := Info{Key: key, Size: oi.Size, ContentType: oi.ContentType, ModTime: oi.LastModified.UTC()}
	for k, v := range oi.UserMetadata {
		if strings.EqualFold(k, s3MetaSHA256) {
			info.SHA256 = v
		}
	}
	return info
}

func (s *s3Store) mapErr(key string, err error) error {
	switch minio.ToErrorResponse(err).Code {
	case "NoSuchKey":
		return fmt.Errorf("blob: %q: %w", key, ErrNotFound)
	}
	return fmt.Errorf("blob: %q: %w", key, err)
}

func (s *s3Store) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Info{}, err
	}
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, s.mapErr(key, err)
	}
	// GetObject is lazy; Stat makes the request so a missing key fails here.
	oi, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, Info{}, s.mapErr(key, err)
	}
	return obj, s.info(key, oi), nil
}

func (s *s3Store) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidateKey(key); err != nil {
		return Info{}, err
	}
	oi, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s.mapErr(key, err)
	}
	return s.info(key, oi), nil
}

func (s *s3Store) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchKey" {
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	return nil
}

func (s *s3Store) List(ctx context.Context, prefix string, opts ListOptions) ([]Info, error) {
	if err := validatePrefix(prefix); err != nil {
		return nil, err
	}
	limit := listLimit(opts.Limit)
	// Cancelling stops minio-go's listing goroutine once the page is full.
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out []Info
	for oi := range s.c.ListObjects(lctx, s.bucket, minio.ListObjectsOptions{
		Prefix: prefix, Recursive: true, StartAfter: opts.StartAfter, MaxKeys: limit,
	}) {
		if oi.Err != nil {
			return nil, fmt.Errorf("blob: list %q: %w", prefix, oi.Err)
		}
		// Skip staging uploads and foreign keys this package could not
		// have written, so both backends list the same things.
		if ValidateKey(oi.Key) != nil {
			continue
		}
		out = append(out, Info{Key: oi.Key, Size: oi.Size, ModTime: oi.LastModified.UTC()})
		if len(out) >= limit {
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *s3Store) Ping(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("blob: S3 bucket %q: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("blob: S3 bucket %q does not exist", s.bucket)
	}
	return nil
}

func (s *s3Store) Close() error { return nil }
