package runtime

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	sdkjs "github.com/soukhq/souk/sdk-js"
)

// SDKModule is the import path of the SDK.
const SDKModule = "@souk/sdk"

// sdkNamespace is the esbuild namespace of the embedded SDK's files; the
// source map names them "souk-sdk:src/app.ts".
const sdkNamespace = "souk-sdk"

// sdkPlugin resolves "@souk/sdk" to the copy of sdk-js/src inside the
// binary (package sdkjs), and the SDK's relative imports within it.
var sdkPlugin = api.Plugin{
	Name: "souk-sdk",
	Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^@souk/sdk$`},
			func(api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: sdkjs.Entry, Namespace: sdkNamespace}, nil
			})
		b.OnResolve(api.OnResolveOptions{Filter: `.*`, Namespace: sdkNamespace},
			func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if !strings.HasPrefix(args.Path, "./") && !strings.HasPrefix(args.Path, "../") {
					return api.OnResolveResult{}, fmt.Errorf("the SDK imports %q: only its own files may be imported", args.Path)
				}
				p := path.Join(path.Dir(args.Importer), args.Path)
				if path.Ext(p) == ".js" {
					p = strings.TrimSuffix(p, ".js")
				}
				if path.Ext(p) != ".ts" {
					p += ".ts"
				}
				return api.OnResolveResult{Path: p, Namespace: sdkNamespace}, nil
			})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: sdkNamespace},
			func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := fs.ReadFile(sdkjs.Source(), args.Path)
				if err != nil {
					return api.OnLoadResult{}, fmt.Errorf("@souk/sdk has no %s", args.Path)
				}
				contents := string(src)
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderTS}, nil
			})
	},
}

var unresolvedRe = regexp.MustCompile(`^Could not resolve "([^"]+)"`)

// nodeBuiltins are the Node modules an app may try to import; the sandbox
// has none of them.
var nodeBuiltins = map[string]bool{"assert": true, "buffer": true, "child_process": true, "crypto": true, "dns": true,
	"events": true, "fs": true, "http": true, "https": true, "net": true, "os": true, "path": true, "process": true,
	"querystring": true, "stream": true, "string_decoder": true, "timers": true, "tls": true, "url": true,
	"util": true, "worker_threads": true, "zlib": true}

// explainUnresolved replaces esbuild's advice on an import it cannot find
// ("mark the path as external", "use platform node": options souk build
// does not have) with what a souk developer should do.
func explainUnresolved(m api.Message, dir string) api.Message {
	sub := unresolvedRe.FindStringSubmatch(m.Text)
	if sub == nil {
		return m
	}
	spec := sub[1]
	if strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") {
		m.Notes = []api.Note{{Text: "no such file: check the path (relative to the importing file)"}}
		return m
	}
	pkg := packageName(spec)
	switch {
	case strings.HasPrefix(spec, "node:") || nodeBuiltins[pkg]:
		m.Notes = []api.Note{{Text: fmt.Sprintf("%q is a Node built-in; mini-programs run in the souk sandbox, which has no Node "+
			"APIs: reach the outside world through the host APIs (@souk/sdk) your permissions allow", spec)}}
	default:
		m.Notes = []api.Note{{Text: fmt.Sprintf("the package %q is not installed: run npm install in %s "+
			"(and npm install %s if package.json does not list it yet)", pkg, dir, pkg)}}
	}
	return m
}

// packageName is the npm package of an import path ("lodash/fp" → "lodash",
// "@scope/pkg/x" → "@scope/pkg").
func packageName(spec string) string {
	parts := strings.Split(spec, "/")
	if strings.HasPrefix(spec, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return strings.TrimPrefix(parts[0], "node:")
}
