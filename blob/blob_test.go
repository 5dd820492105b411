package blob

import (
	"bytes"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenPicksLocalByDefault(t *testing.T) {
	s, err := Open(t.Context(), Config{Dir: filepath.Join(t.TempDir(), "blobs")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.(*localStore); !ok {
		t.Fatalf("Open without S3Endpoint gave %T", s)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ls := s.(*localStore); ls.max != DefaultMaxObjectSize {
		t.Fatalf("default MaxObjectSize = %d", ls.max)
	}
}

func TestOpenPicksS3WithEndpoint(t *testing.T) {
	// Nothing listens on port 1: the S3 path is chosen and fails to connect,
	// instead of silently falling back to local files.
	_, err := Open(t.Context(), Config{Dir: t.TempDir(), S3Endpoint: "127.0.0.1:1", S3Bucket: "b"})
	if err == nil || !strings.Contains(err.Error(), "S3") {
		t.Fatalf("Open with S3Endpoint: %v", err)
	}
}

func TestConfigNeverPrintsSecret(t *testing.T) {
	const secret = "s3cr3t-value-xyz"
	cfg := Config{S3Endpoint: "minio:9000", S3Bucket: "b", S3AccessKey: "ak", S3SecretKey: secret}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("blob config", "cfg", cfg)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("blob config", "cfg", cfg)
	for _, out := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg), buf.String()} {
		if strings.Contains(out, secret) {
			t.Fatalf("secret printed: %s", out)
		}
		if !strings.Contains(out, "minio:9000") {
			t.Fatalf("config output lost the endpoint: %s", out)
		}
	}
}
