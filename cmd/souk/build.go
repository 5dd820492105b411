package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/runtime"
)

func init() {
	var out string
	cmd := &cobra.Command{
		Use:   "build <dir> [-o file]",
		Short: "Bundle a mini-program into one uploadable archive",
		Long: `Build bundles the mini-program in <dir> (the directory holding souk.json)
into one zip archive that is uploaded as an app version (POST
/api/v1/orgs/{orgId}/apps/{appId}/versions) and that the host runs.

The entry named in souk.json (TypeScript or JavaScript, ES modules) and
everything it imports — your other files, @souk/sdk and npm packages from
<dir>/node_modules (run npm install first) — become one script, app.js, with
an external source map, app.js.map, so errors are reported against your
original .ts lines. Files in the "assets" directory (images, .json, .txt) are
copied under assets/.

The same input always gives a byte-identical archive. The archive is checked
with the host's own bundle reader before it is written, so a bundle that
builds is a bundle the host accepts.

Node built-ins (fs, http, process, …) are not available: a mini-program
reaches the outside world only through the souk host APIs its permissions
allow.`,
		Example: `  souk build examples/hello-shop
  souk build . -o dist/shop.zip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := runtime.Build(args[0], runtime.DefaultBundleLimits())
			for _, w := range resWarnings(res) {
				fmt.Fprintln(cmd.ErrOrStderr(), "warning:", w)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
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

func resWarnings(res *runtime.BuildResult) []string {
	if res == nil {
		return nil
	}
	return res.Warnings
}
