package runtime

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Restamp returns a copy of a built archive whose souk.json carries
// version instead of the one it was built with; everything else is
// byte-for-byte the same. souk dev uploads every rebuild under a new
// development version (1.0.0-dev.N) without touching the developer's
// souk.json. The result passes ReadBundle under limits.
func Restamp(res *BuildResult, version string, limits BundleLimits) (*BuildResult, error) {
	zr, err := zip.NewReader(bytes.NewReader(res.Archive), int64(len(res.Archive)))
	if err != nil {
		return nil, err
	}
	entries := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		entries[f.Name] = data
	}
	if entries[ManifestFile] == nil {
		return nil, fmt.Errorf("restamp: the archive has no %s", ManifestFile)
	}
	m := *res.Manifest
	m.Version = version
	mj, err := json.Marshal(&m, jsontext.WithIndent("  "))
	if err != nil {
		return nil, err
	}
	entries[ManifestFile] = append(mj, '\n')
	archive, err := writeArchive(entries)
	if err != nil {
		return nil, err
	}
	b, err := ReadBundle(bytes.NewReader(archive), int64(len(archive)), limits)
	if err != nil {
		return nil, fmt.Errorf("restamp: %w", err)
	}
	return &BuildResult{Archive: archive, Manifest: b.Manifest, Hash: sha256.Sum256(archive), Warnings: res.Warnings}, nil
}
