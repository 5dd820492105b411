package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Authenticate caches callers, but a revoked token, a logged-out session
// and a changed role are seen by the very next call; another node (a
// second Service on the same database) sees them within CallerCacheTTL; a
// cached session is not honoured past its expiry.
func TestCallerCacheInvalidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		node2 := identity.New(db)
		node2.Now = s.Now
		u := mustSignup(t, s, "ada@example.com")
		token, tok, err := s.CreateAPIToken(ctx, u.ID, "cli", []string{identity.ScopeRead}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // fill the caches and hit them
			for _, n := range []*identity.Service{s, node2} {
				if c, err := n.Authenticate(ctx, token); err != nil || c.User.ID != u.ID || c.User.PlatformRole != "" {
					t.Fatalf("authenticate: %+v %v", c, err)
				}
			}
		}
		if err := s.SetPlatformRole(ctx, u.ID, identity.RoleReviewer); err != nil {
			t.Fatal(err)
		}
		if c, err := s.Authenticate(ctx, token); err != nil || c.User.PlatformRole != identity.RoleReviewer {
			t.Fatalf("after the role change: %+v %v", c, err)
		}
		if err := s.RevokeAPIToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("the next request with a revoked token: %v", err)
		}
		*now = now.Add(identity.CallerCacheTTL)
		if _, err := node2.Authenticate(ctx, token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("another node, a TTL later: %v", err)
		}

		sess, _, err := s.Login(ctx, "ada@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := s.Authenticate(ctx, sess.Token); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Logout(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("the next request after logout: %v", err)
		}

		// Expiry: a session cached a moment before it expires is refused
		// once it has, even within the TTL.
		sess, _, err = s.Login(ctx, "ada@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		*now = sess.ExpiresAt.Add(-time.Millisecond)
		if _, err := s.Authenticate(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		*now = sess.ExpiresAt
		if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("an expired cached session: %v", err)
		}
	})
}
