package marketplace_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func TestUploadVersion(t *testing.T) {
	v1 := tinyBundle(t, "hello-shop", "1.0.0")
	v2 := tinyBundle(t, "hello-shop", "1.1.0-beta.1")
	other := tinyBundle(t, "other-app", "1.0.0")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, err := f.svc.CreateApp(ctx, f.dev.ID, "hello-shop", "Hello shop")
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.svc.UploadVersion(ctx, a.ID, bytes.NewReader(v1), int64(len(v1)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(v1)
		if v.Version != "1.0.0" || v.Status != marketplace.StatusReady || v.BundleHash != hex.EncodeToString(sum[:]) ||
			v.Size != int64(len(v1)) || !strings.HasPrefix(v.BlobKey, marketplace.BundlePrefix+"/") {
			t.Fatalf("version: %+v", v)
		}
		var m runtime.Manifest
		if err := json.Unmarshal(v.Manifest, &m); err != nil || m.Name != "hello-shop" || m.Entry != "app.js" {
			t.Fatalf("manifest %s: %v", v.Manifest, err)
		}
		rd, _, err := f.blobs.Get(ctx, v.BlobKey)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := io.ReadAll(rd)
		rd.Close()
		if !bytes.Equal(stored, v1) {
			t.Fatal("the blob store does not hold the uploaded archive")
		}
		if _, err := f.svc.UploadVersion(ctx, a.ID, bytes.NewReader(v2), -1); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			name    string
			archive []byte
			size    int64
			code    string
		}{
			{"same version again", v1, int64(len(v1)), marketplace.CodeVersionExists},
			{"name mismatch", other, int64(len(other)), marketplace.CodeNameMismatch},
			{"not a zip", []byte("PK not really a zip archive"), -1, runtime.CodeBundleMalformedZip},
			{"truncated", v1[:len(v1)/2], -1, runtime.CodeBundleMalformedZip},
			{"size mismatch", v1, int64(len(v1)) + 1, marketplace.CodeSizeMismatch},
			{"declared too large", v1, 1 << 30, runtime.CodeBundleTooLarge},
		} {
			_, err := f.svc.UploadVersion(ctx, a.ID, bytes.NewReader(tc.archive), tc.size)
			if code(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		if _, err := f.svc.UploadVersion(ctx, "app_missing", bytes.NewReader(v1), -1); code(err) != marketplace.CodeNotFound {
			t.Errorf("missing app: %v", err)
		}

		vs, err := f.svc.Versions(ctx, a.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != "1.1.0-beta.1" || vs[1].Version != "1.0.0" {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		got, err := f.svc.Version(ctx, a.ID, "1.0.0")
		if err != nil || got.BundleHash != v.BundleHash || !got.CreatedAt.Equal(v.CreatedAt) {
			t.Fatalf("Version: %+v %v", got, err)
		}
		if _, err := f.svc.Version(ctx, a.ID, "9.9.9"); code(err) != marketplace.CodeNotFound {
			t.Fatalf("missing version: %v", err)
		}
	})
}
