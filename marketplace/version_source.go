package marketplace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/soukhq/souk/runtime"
)

// SourceFile is one original source of a version, as its source map
// carries it (sourcesContent), for a reviewer to read.
type SourceFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// VersionSource is what a reviewer reads of a version: the bundled script
// and, when the bundle has a source map with sourcesContent (souk build
// writes one), the original sources it was built from.
type VersionSource struct {
	Script  string       `json:"script"`
	Sources []SourceFile `json:"sources"`
	// SourceMap is app.js.map as the bundle carries it (nil without one),
	// for pages that map static-scan positions to the original lines.
	SourceMap []byte `json:"-"`
}

// Source reads a version's bundle back from the blob store. Files under
// node_modules are left out of Sources (they are in Script); the reviewer
// reads the app's own code.
func (s *Service) Source(ctx context.Context, appID, version string) (VersionSource, error) {
	v, err := s.Version(ctx, appID, version)
	if err != nil {
		return VersionSource{}, err
	}
	rc, _, err := s.blobs.Get(ctx, v.BlobKey)
	if err != nil {
		return VersionSource{}, fmt.Errorf("marketplace: reading bundle %s: %w", v.BlobKey, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, s.limits.MaxArchiveBytes+1))
	if err != nil {
		return VersionSource{}, fmt.Errorf("marketplace: reading bundle %s: %w", v.BlobKey, err)
	}
	b, err := runtime.ReadBundle(bytes.NewReader(data), int64(len(data)), s.limits)
	if err != nil {
		// %v, not %w: a stored bundle that no longer reads is the host's fault, not a 400.
		return VersionSource{}, fmt.Errorf("marketplace: stored bundle %s no longer reads: %v", v.BlobKey, err)
	}
	out := VersionSource{Script: string(b.Script), Sources: []SourceFile{}}
	if b.SourceMap != nil {
		out.SourceMap = b.SourceMap
		var sm struct {
			Sources        []string  `json:"sources"`
			SourcesContent []*string `json:"sourcesContent"`
		}
		if json.Unmarshal(b.SourceMap, &sm) == nil {
			for i, name := range sm.Sources {
				if i >= len(sm.SourcesContent) || sm.SourcesContent[i] == nil || bytes.Contains([]byte(name), []byte("node_modules/")) {
					continue
				}
				out.Sources = append(out.Sources, SourceFile{Name: name, Content: *sm.SourcesContent[i]})
			}
		}
	}
	return out, nil
}
