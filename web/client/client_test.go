package client_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/soukhq/souk/web/client"
)

// The committed bundle is what souk.ts compiles to today: edit souk.ts,
// then run go generate ./web/site.
func TestCommittedBundleIsUpToDate(t *testing.T) {
	want, err := client.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../site/assets/souk.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("web/site/assets/souk.js is stale: run go generate ./web/site")
	}
}
