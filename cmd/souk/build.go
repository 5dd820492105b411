package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

func init() {
	var out string
	cmd := &cobra.Command{
		Use:   "build [dir] [-o file]",
		Short: "Bundle a mini-program into one uploadable archive",
		Long: `Build bundles the mini-program in dir (the directory holding souk.json;
default: the current directory) into one zip archive that souk publish
uploads as an app version and that the host runs.

The entry named in souk.json (TypeScript or JavaScript, ES modules) and
everything it imports — your other files, @souk/sdk and npm packages from
<dir>/node_modules (run npm install first) — become one script, app.js, with
an external source map, app.js.map, so errors are reported against your
original .ts lines. @souk/sdk comes from the copy inside the souk binary, so
it always matches the host and needs no npm install. Files in the "assets"
directory (images, .json, .txt) are copied under assets/.

The same input always gives a byte-identical archive. The archive is checked
with the host's own bundle reader and the upload's static scan (no eval, no
Function constructor, no import(), no WebAssembly, no with, no
sourceMappingURL to files) before it is written, each finding reported at
its line in your sources, so a bundle that builds is a bundle the upload
accepts.

Node built-ins (fs, http, process, …) are not available: a mini-program
reaches the outside world only through the souk host APIs its permissions
allow.`,
		Example: `  souk build
  souk build examples/hello-shop
  souk build . -o dist/shop.zip`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			res, _, err := buildChecked(cmd, dir)
			if err != nil {
				return err
			}
			if out == "" {
				out = fmt.Sprintf("%s-%s.zip", res.Manifest.Name, res.Manifest.Version)
			}
			if dir := filepath.Dir(out); dir != "." {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return err
				}
			}
			if err := os.WriteFile(out, res.Archive, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "built %s %s → %s (%d bytes, sha256 %s)\n",
				res.Manifest.Name, res.Manifest.Version, out, len(res.Archive), hex.EncodeToString(res.Hash[:]))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "archive to write (default <name>-<version>.zip in the current directory)")
	rootCmd.AddCommand(cmd)
}

// buildChecked builds dir and runs the upload's checks that need only the
// bundle (marketplace.LocalChecks: size caps and the static scan), reporting findings at their
// source lines through the source map. It returns the build and the source
// mapper of its app.js.
func buildChecked(cmd *cobra.Command, dir string) (*runtime.BuildResult, *sourceMapper, error) {
	if _, err := os.Stat(filepath.Join(dir, runtime.ManifestFile)); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dir, errNoManifest)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	for _, w := range resWarnings(res) {
		fmt.Fprintln(cmd.ErrOrStderr(), "warning:", w)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dir, err)
	}
	b, err := runtime.ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), runtime.DefaultBundleLimits())
	if err != nil {
		return nil, nil, err
	}
	sm := newSourceMapper(b.SourceMap)
	if failed, findings := marketplace.LocalChecks(b); len(failed)+len(findings) > 0 {
		var msgs []string
		for _, c := range failed {
			msgs = append(msgs, c.Check+": "+c.Message)
		}
		for _, f := range findings {
			msgs = append(msgs, sm.describeFinding(f))
		}
		return nil, nil, fmt.Errorf("%s: the upload's static checks would refuse this bundle:\n  %s", dir, strings.Join(msgs, "\n  "))
	}
	return res, sm, nil
}

func resWarnings(res *runtime.BuildResult) []string {
	if res == nil {
		return nil
	}
	return res.Warnings
}
