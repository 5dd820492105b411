package runtime

import (
	"bytes"
	"testing"
)

// Restamp changes the manifest's version and nothing else the host reads.
func TestRestamp(t *testing.T) {
	res, err := Build(writeApp(t, plainApp), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	out, err := Restamp(res, "1.0.0-dev.42", DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if out.Manifest.Version != "1.0.0-dev.42" || out.Hash == res.Hash || res.Manifest.Version != "1.0.0" {
		t.Fatalf("restamped manifest %+v (from %+v)", out.Manifest, res.Manifest)
	}
	read := func(archive []byte) *Bundle {
		b, err := ReadBundle(bytes.NewReader(archive), int64(len(archive)), DefaultBundleLimits())
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := read(res.Archive), read(out.Archive)
	if !bytes.Equal(a.Script, b.Script) || !bytes.Equal(a.SourceMap, b.SourceMap) || len(a.Assets) != len(b.Assets) ||
		a.Manifest.Name != b.Manifest.Name || b.Manifest.Version != "1.0.0-dev.42" {
		t.Fatal("restamping changed more than the version")
	}
	if _, err := Restamp(res, "not a version", DefaultBundleLimits()); err == nil {
		t.Fatal("an invalid version was accepted")
	}
}
