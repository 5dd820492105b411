package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/store/storetest"
)

// The served OpenAPI 3.1 document is valid, and every API route the
// server registers is documented in it (and nothing undocumented hides).
func TestOpenAPIDocumentIsValidAndComplete(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	r := h.do("GET", "/api/openapi.json", "", nil)
	if r.Status != 200 {
		t.Fatalf("GET /api/openapi.json: %d", r.Status)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(r.Body)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi version %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	// Every fiber route under /api/v1 must be in the document.
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	seen := 0
	for _, rt := range h.srv.App.GetRoutes(true) {
		if !strings.HasPrefix(rt.Path, "/api/v1/") || rt.Method == fiber.MethodHead {
			continue
		}
		key := rt.Method + " " + fiberToOpenAPIPath(rt.Path)
		if !documented[key] {
			t.Errorf("route %s is served but missing from the OpenAPI document", key)
		}
		seen++
	}
	if seen == 0 || seen < len(h.srv.Routes) {
		t.Fatalf("saw %d API routes, registered %d", seen, len(h.srv.Routes))
	}
	// Every operation declares its error shape.
	for key := range documented {
		if !strings.HasPrefix(strings.SplitN(key, " ", 2)[1], "/api/v1/") {
			t.Errorf("documented path %s is outside /api/v1", key)
		}
	}
}

// fiberToOpenAPIPath turns /orgs/:orgId into /orgs/{orgId}.
func fiberToOpenAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + strings.TrimSuffix(strings.TrimPrefix(s, ":"), "?") + "}"
		}
	}
	return strings.Join(parts, "/")
}
