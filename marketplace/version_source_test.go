package marketplace_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A reviewer reads back what was uploaded: the bundled script and the
// original file from the source map.
func TestVersionSource(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		v := upload(t, f.svc, a.ID, appBundle(t, "1.0.0", []string{"storage"}, ""))
		src, err := f.svc.Source(ctx, a.ID, v.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src.Script, "__soukApp") && !strings.Contains(src.Script, "render") {
			t.Errorf("script: %.200q", src.Script)
		}
		if len(src.Sources) != 1 || !strings.HasSuffix(src.Sources[0].Name, "index.js") || !strings.Contains(src.Sources[0].Content, `const VERSION = "1.0.0";`) {
			t.Fatalf("sources: %+v", src.Sources)
		}
		if _, err := f.svc.Source(ctx, a.ID, "9.9.9"); err == nil {
			t.Fatal("an unknown version has a source")
		}
	})
}
