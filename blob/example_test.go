package blob_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/soukhq/souk/blob"
)

func Example() {
	dir, _ := os.MkdirTemp("", "souk-blob-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// No S3Endpoint: local files under <data-dir>/blobs.
	store, err := blob.Open(ctx, blob.Config{Dir: filepath.Join(dir, "blobs"), MaxObjectSize: 10 << 20})
	if err != nil {
		panic(err)
	}
	defer store.Close()

	// Immutable things are stored by content; the key is derived from it.
	info, err := store.PutContent(ctx, "bundles", strings.NewReader("hello"), "application/zip")
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Key)

	rc, _, err := store.Get(ctx, info.Key)
	if err != nil {
		panic(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	fmt.Println(string(b))
	// Output:
	// bundles/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
	// hello
}
