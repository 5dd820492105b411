package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/soukhq/souk/internal/testenv"
)

type s3Env struct{ endpoint, access, secret string }

// s3TestEnv reads the MinIO coordinates; it skips locally and fails under
// CI=true when they are missing.
func s3TestEnv(t *testing.T) s3Env {
	t.Helper()
	return s3Env{
		endpoint: testenv.Get(t, testenv.S3Endpoint),
		access:   testenv.Get(t, testenv.S3AccessKey),
		secret:   testenv.Get(t, testenv.S3SecretKey),
	}
}

func randomBucket() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "souk-test-" + hex.EncodeToString(b[:])
}

// s3Opener gives every store its own fresh, randomly named bucket, so runs
// and parallel tests never see each other's objects; the bucket is
// force-deleted when the test ends.
func s3Opener(env s3Env) opener {
	return func(t *testing.T, max int64) Store {
		t.Helper()
		bucket := randomBucket()
		s, err := OpenS3(t.Context(), Config{
			S3Endpoint: env.endpoint, S3Bucket: bucket,
			S3AccessKey: env.access, S3SecretKey: env.secret, MaxObjectSize: max,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c := s.(*s3Store).c
			if err := c.RemoveBucketWithOptions(ctx, bucket, minio.RemoveBucketOptions{ForceDelete: true}); err != nil {
				t.Errorf("removing test bucket %s: %v", bucket, err)
			}
		})
		return s
	}
}

func TestS3Conformance(t *testing.T) {
	env := s3TestEnv(t)
	t.Logf("S3 conformance against a real server at %s", env.endpoint)
	runConformance(t, s3Opener(env))
}

// PutContent's staging objects are removed once the content key exists.
func TestS3StagingCleanedUp(t *testing.T) {
	s := s3Opener(s3TestEnv(t))(t, 0).(*s3Store)
	if _, err := s.PutContent(t.Context(), "b", strings.NewReader("payload"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutContent(t.Context(), "b", strings.NewReader("payload"), ""); err != nil {
		t.Fatal(err)
	}
	var raw []string
	for oi := range s.c.ListObjects(t.Context(), s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if oi.Err != nil {
			t.Fatal(oi.Err)
		}
		raw = append(raw, oi.Key)
	}
	if len(raw) != 1 || !strings.HasPrefix(raw[0], "b/sha256/") {
		t.Fatalf("bucket holds %q, want only the content key", raw)
	}
}

// A wrong secret fails at Open, and the error never repeats the secret.
func TestS3BadCredentials(t *testing.T) {
	env := s3TestEnv(t)
	const secret = "wrong-secret-c0ffee-do-not-log"
	_, err := OpenS3(t.Context(), Config{
		S3Endpoint: env.endpoint, S3Bucket: randomBucket(),
		S3AccessKey: env.access, S3SecretKey: secret,
	})
	if err == nil {
		t.Fatal("OpenS3 with a wrong secret succeeded")
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error leaks the secret: %v", err)
	}
}

// A scheme in the endpoint is accepted and picks the transport.
func TestS3EndpointScheme(t *testing.T) {
	env := s3TestEnv(t)
	bucket := randomBucket()
	s, err := Open(t.Context(), Config{
		S3Endpoint: "http://" + env.endpoint + "/", S3Bucket: bucket,
		S3AccessKey: env.access, S3SecretKey: env.secret,
	})
	if err != nil {
		t.Fatal(err)
	}
	st := s.(*s3Store)
	t.Cleanup(func() {
		_ = st.c.RemoveBucketWithOptions(context.Background(), bucket, minio.RemoveBucketOptions{ForceDelete: true})
	})
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestOpenS3Config(t *testing.T) {
	if _, err := OpenS3(t.Context(), Config{S3Endpoint: "127.0.0.1:1"}); err == nil {
		t.Fatal("OpenS3 without a bucket succeeded")
	}
	if _, err := OpenS3(t.Context(), Config{S3Endpoint: "127.0.0.1:1", S3Bucket: "b", MaxObjectSize: 6 << 30}); err == nil {
		t.Fatal("OpenS3 with MaxObjectSize over 5 GiB succeeded")
	}
}
