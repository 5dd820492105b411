package api

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
)

const (
	sessionCookie = "souk_session"
	csrfHeader    = "X-CSRF-Token"
	localErr      = "souk.err"
)

type callerKey struct{}

// originKey holds the request's scheme://host, for URLs the API draws into
// QR codes (the address the caller reached this server at).
type originKey struct{}

func requestOrigin(ctx context.Context) string {
	o, _ := ctx.Value(originKey{}).(string)
	return o
}

// Access is who may call an operation. Org-scoped access reads the org id
// from the {orgId} path parameter.
type Access struct {
	// Kind is one of: public, user, reviewer, admin, org.
	Kind string
	// OrgKind and Roles restrict org access (e.g. brand owner/manager).
	OrgKind string
	Roles   []string
}

var (
	Public   = Access{Kind: "public"}
	User     = Access{Kind: "user"} // any signed-in user (every user is a shopper)
	Reviewer = Access{Kind: "reviewer"}
	Admin    = Access{Kind: "admin"}
)

// OrgMember allows members of the {orgId} org of the given kind ("" for
// either) holding one of roles (none means any role).
func OrgMember(orgKind string, roles ...string) Access {
	return Access{Kind: "org", OrgKind: orgKind, Roles: roles}
}

// CallerFrom returns the authenticated caller, if any.
func CallerFrom(ctx context.Context) (identity.Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(identity.Caller)
	return c, ok
}

// resolveCaller authenticates every request from the bearer token or the
// session cookie. A missing or bad credential leaves the request anonymous;
// the operation's Access decides whether that is enough.
func (s *Server) resolveCaller(c *fiber.Ctx) error {
	c.SetUserContext(context.WithValue(c.UserContext(), secureKey{}, c.Protocol() == "https"))
	origin := s.PublicURL // links and QR codes point here when it is set
	if origin == "" {
		origin = c.BaseURL()
	}
	c.SetUserContext(context.WithValue(c.UserContext(), originKey{}, origin))
	token := ""
	viaCookie := false
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			token = strings.TrimSpace(t)
		}
	} else if ck := c.Cookies(sessionCookie); ck != "" {
		token, viaCookie = ck, true
	}
	if token == "" {
		return c.Next()
	}
	caller, err := s.Identity.Authenticate(c.UserContext(), token)
	if err != nil {
		if !identity.IsCode(err, "unauthenticated") {
			return err
		}
		return c.Next()
	}
	if !viaCookie {
		// A session token sent as a bearer header cannot be forged
		// cross-site, so it needs no CSRF check.
		caller.SessionCSRF = ""
	}
	ctx := context.WithValue(c.UserContext(), callerKey{}, caller)
	if strings.HasPrefix(token, "ss_") {
		ctx = context.WithValue(ctx, sessionTokenKey{}, token)
	}
	c.SetUserContext(ctx)
	return c.Next()
}

// authorize is the huma middleware that enforces an operation's Access
// before its input is even read.
func (s *Server) authorize(a Access) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if a.Kind == "public" {
			next(ctx)
			return
		}
		caller, ok := CallerFrom(ctx.Context())
		if !ok {
			huma.WriteErr(s.API, ctx, http.StatusUnauthorized, "sign in or send a valid bearer token")
			return
		}
		unsafe := ctx.Method() != http.MethodGet && ctx.Method() != http.MethodHead
		if unsafe && caller.SessionCSRF != "" &&
			subtle.ConstantTimeCompare([]byte(ctx.Header(csrfHeader)), []byte(caller.SessionCSRF)) != 1 {
			writeErr(s.API, ctx, Fail(http.StatusForbidden, "csrf_failed", "missing or wrong "+csrfHeader+" header for a cookie session"))
			return
		}
		if unsafe && !caller.HasScope(identity.ScopeWrite) {
			writeErr(s.API, ctx, Fail(http.StatusForbidden, "insufficient_scope", "this API token has only the read scope"))
			return
		}
		if err := s.allowed(ctx, caller, a); err != nil {
			writeErr(s.API, ctx, err)
			return
		}
		next(ctx)
	}
}

func (s *Server) allowed(ctx huma.Context, caller identity.Caller, a Access) *Error {
	role := caller.User.PlatformRole
	switch a.Kind {
	case "user":
		return nil
	case "admin":
		if role == identity.RoleAdmin {
			return nil
		}
	case "reviewer":
		if role == identity.RoleReviewer || role == identity.RoleAdmin {
			return nil
		}
	case "org":
		kind, member, err := s.Identity.RoleIn(ctx.Context(), caller.User.ID, ctx.Param("orgId"))
		if err != nil {
			noteCause(ctx.Context(), err)
			return Fail(http.StatusInternalServerError, "internal", "could not check membership")
		}
		// Non-members learn nothing about whether the org exists.
		if member == "" || (a.OrgKind != "" && kind != a.OrgKind) {
			return Fail(http.StatusNotFound, "not_found", "no such organisation")
		}
		if len(a.Roles) == 0 {
			return nil
		}
		for _, r := range a.Roles {
			if r == member {
				return nil
			}
		}
	}
	return Fail(http.StatusForbidden, "forbidden", "your role does not allow this")
}

func writeErr(api huma.API, ctx huma.Context, e *Error) {
	ctx.SetHeader("Content-Type", "application/json")
	ctx.SetStatus(e.status)
	_ = json.NewEncoder(ctx.BodyWriter()).Encode(e)
}

// Register adds an operation with its access policy. Every API route goes
// through here, so none can be added without stating who may call it.
func Register[I, O any](s *Server, a Access, op huma.Operation, h func(ctx context.Context, in *I) (*O, error)) {
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = s.MaxBodyBytes
	}
	if a.Kind != "public" {
		op.Security = []map[string][]string{{"bearer": {}}, {"session": {}}}
	}
	mw := huma.Middlewares{s.authorize(a)}
	if a.Kind != "public" && unsafeMethod(op.Method) {
		op.Parameters = append(op.Parameters, idempotencyParam)
		mw = append(mw, s.idempotent)
	}
	op.Middlewares = append(mw, op.Middlewares...)
	s.Routes = append(s.Routes, Route{Method: op.Method, Path: op.Path, OperationID: op.OperationID, Access: a})
	huma.Register(s.API, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, noteInternal(ctx, domainError(err))
		}
		return out, nil
	})
}

// caller is for handlers behind a non-public Access: the middleware has
// already guaranteed there is one.
func caller(ctx context.Context) identity.Caller {
	c, _ := CallerFrom(ctx)
	return c
}
