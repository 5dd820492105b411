package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The embedded static files: the stylesheet, vendored htmx (with its
// license) and the bundled TypeScript client (written by go generate, see
// docs/WEB.md). Nothing is fetched from another origin.
//
//go:embed assets
var assetFiles embed.FS

//go:generate go run ../client/build

// AssetPrefix is where fingerprinted assets are served.
const AssetPrefix = "/assets/"

type asset struct {
	body        []byte
	contentType string
}

// assets maps a logical name ("app.css") to its fingerprinted URL
// ("/assets/app.1a2b3c4d5e.css") and a served file name to its body.
var (
	assetURLs   = map[string]string{}
	assetByFile = map[string]asset{}
)

func init() {
	err := fs.WalkDir(assetFiles, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assetFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		served := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		assetURLs[name] = AssetPrefix + served
		assetByFile[served] = asset{body: body, contentType: ct}
		return nil
	})
	if err != nil {
		panic(err)
	}
}

// AssetURL returns the fingerprinted URL of an embedded asset; it panics on
// an unknown name so a typo fails at template parse time in tests.
func AssetURL(name string) string {
	u, ok := assetURLs[name]
	if !ok {
		panic("site: no asset " + name)
	}
	return u
}

// serveAsset serves a fingerprinted asset for a year, immutable: its URL
// changes whenever its content does. Unknown or stale hashes are 404s, so a
// cached page can never pair with different bytes.
func serveAsset(c *fiber.Ctx) error {
	a, ok := assetByFile[strings.TrimPrefix(c.Path(), AssetPrefix)]
	if !ok {
		return c.SendStatus(http.StatusNotFound)
	}
	c.Set(fiber.HeaderContentType, a.contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	return c.Send(a.body)
}
