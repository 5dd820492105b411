package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	sdkjs "github.com/soukhq/souk/sdk-js"
)

// templates are the project skeletons of souk init: common/ goes into
// every project, then the template's own files.
//
//go:embed templates
var templates embed.FS

// initTemplates are the --template values.
var initTemplates = []string{"blank", "shop"}

// sdkDir is where souk init writes the SDK's sources for editors and tsc
// (tsconfig.json maps "@souk/sdk" to it); souk build does not read it.
const sdkDir = ".souk/sdk"

func newInitCommand() *cobra.Command {
	var template, name string
	var sdkOnly, force bool
	cmd := &cobra.Command{
		Use:   "init [dir]",
		Short: "Create a TypeScript mini-program project ready to build, test and publish",
		Long: `Init writes a new mini-program into dir (default: the current directory):
souk.json (the manifest), package.json, tsconfig.json, src/index.ts (the
first handlers), src/views.ts and a test in test/.

The project needs nothing from a registry to build: souk build bundles
@souk/sdk from the copy inside the souk binary, so the SDK always matches
the host. Init writes the same SDK sources into .souk/sdk/ for your editor
and tsc (tsconfig.json maps "@souk/sdk" there); --sdk-only refreshes them.
The only npm package is the devDependency typescript, for npm test and
npm run check.

Templates: blank (a page with a button and a visit counter in storage) and
shop (the brand's products, Buy, the host's payment sheet).`,
		Example: `  souk init my-shop --template shop
  cd my-shop && npm install && souk build .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if sdkOnly {
				if err := writeSDK(dir); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote the @souk/sdk sources of this souk into %s\n", filepath.Join(dir, sdkDir))
				return nil
			}
			if !slices.Contains(initTemplates, template) {
				return fmt.Errorf("--template must be one of %s, not %q", strings.Join(initTemplates, ", "), template)
			}
			if name == "" {
				abs, err := filepath.Abs(dir)
				if err != nil {
					return err
				}
				name = appSlug(filepath.Base(abs))
			}
			if !slugRe.MatchString(name) {
				return fmt.Errorf("%q is not an app name: lowercase letters, digits and single dashes, starting with a letter (use --name)", name)
			}
			files, err := renderTemplate(template, name)
			if err != nil {
				return err
			}
			var existing []string
			for _, f := range files {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.path))); err == nil {
					existing = append(existing, f.path)
				}
			}
			if len(existing) > 0 && !force {
				return fmt.Errorf("%s already holds %s (use --force to overwrite them)", dir, strings.Join(existing, ", "))
			}
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, f.data, 0o644); err != nil {
					return err
				}
			}
			if err := writeSDK(dir); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "created the %s mini-program %q in %s\n\nNext:\n", template, name, dir)
			if dir != "." {
				fmt.Fprintf(out, "  cd %s\n", dir)
			}
			fmt.Fprint(out, "  npm install            # typescript for your editor and npm test\n"+
				"  souk build .           # bundle and check\n"+
				"  npm test\n"+
				"  souk login             # then: souk publish --submit\n")
			return nil
		},
	}
	cmd.Flags().StringVar(&template, "template", "blank", "project template: "+strings.Join(initTemplates, " or "))
	cmd.Flags().StringVar(&name, "name", "", "the app's name in souk.json (default: the directory's name)")
	cmd.Flags().BoolVar(&sdkOnly, "sdk-only", false, "only (re)write .souk/sdk, the SDK sources for editors")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite files of the template that the directory already holds")
	return cmd
}

var slugRe = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// appSlug turns a directory name into an app name ("My Shop" → "my-shop").
func appSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' && b.Len() > 0:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-app"
	}
	return b.String()
}

type templateFile struct {
	path string
	data []byte
}

// renderTemplate returns common/ and the template's files with {{name}}
// filled in; "gitignore" becomes ".gitignore".
func renderTemplate(template, name string) ([]templateFile, error) {
	var files []templateFile
	for _, root := range []string{"templates/common", "templates/" + template} {
		err := fs.WalkDir(templates, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := templates.ReadFile(p)
			if err != nil {
				return err
			}
			rel := strings.TrimPrefix(p, root+"/")
			if rel == "gitignore" {
				rel = ".gitignore"
			}
			files = append(files, templateFile{rel, []byte(strings.ReplaceAll(string(b), "{{name}}", name))})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// writeSDK replaces dir/.souk/sdk with the embedded SDK.
func writeSDK(dir string) error {
	target := filepath.Join(dir, filepath.FromSlash(sdkDir))
	if err := os.RemoveAll(target); err != nil {
		return err
	}
	return fs.WalkDir(sdkjs.Source(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sdkjs.Source(), p)
		if err != nil {
			return err
		}
		out := filepath.Join(target, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if path.Base(p) == "package.json" {
			b = []byte(strings.Replace(string(b), "{\n", "{\n  \"//\": \"written by souk init from the SDK inside the souk binary; souk build uses that copy, not this one\",\n", 1))
		}
		return os.WriteFile(out, b, 0o644)
	})
}

var errNoManifest = errors.New("no souk.json here: run souk init, or pass the app's directory")
