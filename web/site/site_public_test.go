package site_test

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/site"
)

// Links a page hands out use SOUK_PUBLIC_URL when it is set, whatever Host
// the request carried (a load balancer's, or a forged one); without it,
// the request's own origin.
func TestPublicBase(t *testing.T) {
	ids := identity.New(storetest.SQLite(t))
	for _, c := range []struct{ public, want string }{
		{"https://souk.example/", "https://souk.example"},
		{"", "http://internal.lb:8080"},
	} {
		s := site.New(ids, nil)
		s.PublicURL = c.public
		app := fiber.New()
		s.Mount(app)
		s.Get(app, "/base", site.Public, func(r *site.Req) error { return r.SendString(r.PublicBase()) })
		req := httptest.NewRequest("GET", "/base", nil)
		req.Host = "internal.lb:8080"
		res, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if string(b) != c.want {
			t.Errorf("public URL %q: got %q, want %q", c.public, b, c.want)
		}
	}
}
