package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var t0ctx = context.Background()

// The roles every route is tried with.
var roles = []string{"anonymous", "shopper", "developer", "brand_owner", "brand_manager", "brand_agent", "reviewer", "admin"}

// world is one set of principals: a developer org, a brand with its three
// staff roles, a reviewer and an admin.
type world struct {
	h      *harness
	users  map[string]identity.User
	tokens map[string]string
	brand  string
	// devOrg is the developer org the "developer" user owns.
	devOrg string
}

func newWorld(t *testing.T, h *harness) *world {
	w := &world{h: h, users: map[string]identity.User{}, tokens: map[string]string{}}
	for _, r := range roles[1:] {
		w.users[r], w.tokens[r] = h.user(r)
	}
	ctx := t0ctx
	dev, err := h.ids.CreateOrg(ctx, w.users["developer"].ID, identity.OrgDeveloper, "Dev Co")
	if err != nil || dev.ID == "" {
		t.Fatal(err)
	}
	w.devOrg = dev.ID
	brand, err := h.ids.CreateOrg(ctx, w.users["brand_owner"].ID, identity.OrgBrand, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	w.brand = brand.ID
	if _, err := h.ids.AddMember(ctx, w.users["brand_owner"].ID, brand.ID, w.users["brand_manager"].Email, identity.MemberManager); err != nil {
		t.Fatal(err)
	}
	if _, err := h.ids.AddMember(ctx, w.users["brand_owner"].ID, brand.ID, w.users["brand_agent"].Email, identity.MemberAgent); err != nil {
		t.Fatal(err)
	}
	for r, role := range map[string]string{"reviewer": identity.RoleReviewer, "admin": identity.RoleAdmin} {
		if err := h.ids.SetPlatformRole(ctx, w.users[r].ID, role); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.pay.SetPIN(ctx, w.users["shopper"].ID, shopperPIN); err != nil {
		t.Fatal(err)
	}
	return w
}

// matrixCase is one operation: how to call it and what each role gets.
type matrixCase struct {
	// request returns the path and body for one call by role; it may set
	// up fresh state so calls do not interfere.
	request func(w *world, role string) (path string, body any)
	// want is the status per role; "*" is the default for roles not named.
	want map[string]int
}

func (w *world) freshAgent() identity.User {
	u, _ := w.h.user("victim")
	if _, err := w.h.ids.AddMember(t0ctx, w.users["brand_owner"].ID, w.brand, u.Email, identity.MemberAgent); err != nil {
		w.h.t.Fatal(err)
	}
	return u
}

// matrix lists every API operation by operation id. A registered operation
// missing here fails the test, so new routes must state who may call them.
var matrix = map[string]matrixCase{
	"signup": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/auth/signup", map[string]string{"email": fmt.Sprintf("new-%s-%d@example.com", role, emailSeq.Add(1)), "password": testPassword}
		},
		want: map[string]int{"*": 201},
	},
	"login": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/auth/login", map[string]string{"email": w.users["shopper"].Email, "password": testPassword}
		},
		want: map[string]int{"*": 200},
	},
	"logout": {
		request: func(w *world, role string) (string, any) { return "/api/v1/auth/logout", nil },
		want:    map[string]int{"anonymous": 401, "*": 204},
	},
	"get-me": {
		request: func(w *world, role string) (string, any) { return "/api/v1/me", nil },
		want:    map[string]int{"anonymous": 401, "*": 200},
	},
	"set-pin": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/me/pin", map[string]string{"password": testPassword, "pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "*": 204},
	},
	"list-tokens": {
		request: func(w *world, role string) (string, any) { return "/api/v1/me/tokens", nil },
		want:    map[string]int{"anonymous": 401, "*": 200},
	},
	"create-token": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/me/tokens", map[string]any{"name": "cli", "scopes": []string{"read"}}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	},
	"revoke-token": {
		request: func(w *world, role string) (string, any) {
			if role == "anonymous" {
				return "/api/v1/me/tokens/tok_x", nil
			}
			_, info, err := w.h.ids.CreateAPIToken(t0ctx, w.users[role].ID, "t", []string{"read"}, 0)
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/me/tokens/" + info.ID, nil
		},
		want: map[string]int{"anonymous": 401, "*": 204},
	},
	"create-org": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs", map[string]string{"kind": "brand", "name": "New " + role}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	},
	"get-org": {
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand, nil },
		want:    map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404},
	},
	"list-members": {
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/members", nil },
		want:    map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404},
	},
	"add-member": {
		request: func(w *world, role string) (string, any) {
			u, _ := w.h.user("invitee")
			return "/api/v1/orgs/" + w.brand + "/members", map[string]string{"email": u.Email, "role": "agent"}
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404},
	},
	"remove-member": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/members/" + w.freshAgent().ID, nil
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 204, "brand_manager": 204, "brand_agent": 403, "*": 404},
	},
	"admin-list-users": {
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/users", nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	},
	"admin-set-role": {
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/users/" + w.users["shopper"].ID + "/role", map[string]string{"role": ""}
		},
		want: map[string]int{"anonymous": 401, "admin": 204, "*": 403},
	},
}

// TestAuthorizationMatrix calls every registered route as every role.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		for _, route := range h.srv.Routes {
			mc, ok := matrix[route.OperationID]
			if !ok {
				t.Errorf("route %s %s (%s) is not in the authorization matrix", route.Method, route.Path, route.OperationID)
				continue
			}
			for _, role := range roles {
				path, body := mc.request(w, role)
				token := w.tokens[role]
				if route.OperationID == "logout" && role != "anonymous" {
					_, token = h.loginAs(w.users[role].Email) // keep the role's main session alive
				}
				want, ok := mc.want[role]
				if !ok {
					want = mc.want["*"]
				}
				r := h.do(route.Method, path, token, body)
				if r.Status != want {
					t.Errorf("%s %s as %s: status %d, want %d (%s)", route.Method, strings.Replace(route.Path, "{", "{", 1), role, r.Status, want, r.Body)
				}
			}
		}
		if len(h.srv.Routes) < len(matrix) {
			t.Errorf("matrix names %d operations but only %d are registered", len(matrix), len(h.srv.Routes))
		}
	})
}

// Cookie sessions need the CSRF header on unsafe methods; read-only API
// tokens cannot write.
func TestCSRFAndTokenScopes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u, _ := h.user("cookie")
		r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": u.Email, "password": testPassword})
		login := r.json(t)
		cookie := r.Header.Get("Set-Cookie")
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Fatalf("session cookie lacks HttpOnly/SameSite: %s", cookie)
		}
		session := "souk_session=" + login["token"].(string)
		body := map[string]string{"kind": "developer", "name": "Cookie Co"}
		if r := h.do("GET", "/api/v1/me", "", nil, "Cookie", session); r.Status != 200 {
			t.Fatalf("cookie GET: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/orgs", "", body, "Cookie", session); r.Status != 403 || r.errorCode() != "csrf_failed" {
			t.Fatalf("cookie POST without CSRF: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orgs", "", body, "Cookie", session, "X-CSRF-Token", "wrong"); r.Status != 403 {
			t.Fatalf("cookie POST with wrong CSRF: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orgs", "", body, "Cookie", session, "X-CSRF-Token", login["csrf_token"].(string)); r.Status != 201 {
			t.Fatalf("cookie POST with CSRF: %d %s", r.Status, r.Body)
		}
		readTok, _, _ := h.ids.CreateAPIToken(t0ctx, u.ID, "ro", []string{"read"}, 0)
		if r := h.do("GET", "/api/v1/me", readTok, nil); r.Status != 200 {
			t.Fatalf("read token GET: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/orgs", readTok, body); r.Status != 403 || r.errorCode() != "insufficient_scope" {
			t.Fatalf("read token POST: %d %s", r.Status, r.Body)
		}
		if n := h.count("orgs"); n != 1 {
			t.Fatalf("%d orgs, want 1", n)
		}
	})
}
