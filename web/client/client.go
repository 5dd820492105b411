// Package client bundles souk's one TypeScript file (souk.ts, the realtime
// chat socket client) with esbuild's Go API. `go generate ./web/site` writes
// the bundle to web/site/assets/souk.js, which is committed, so building
// souk needs neither Node nor this step; a test keeps the two in sync.
package client

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

//go:embed souk.ts
var source string

// Bundle compiles souk.ts into one minified ES2020 script.
func Bundle() ([]byte, error) {
	res := api.Build(api.BuildOptions{
		Stdin:             &api.StdinOptions{Contents: source, Sourcefile: "souk.ts", Loader: api.LoaderTS},
		Bundle:            true,
		Format:            api.FormatIIFE,
		Target:            api.ES2020,
		Platform:          api.PlatformBrowser,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		Write:             false,
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("esbuild wrote %d files, want 1", len(res.OutputFiles))
	}
	return append([]byte("// Generated from web/client/souk.ts by go generate ./web/site; do not edit.\n"), res.OutputFiles[0].Contents...), nil
}
