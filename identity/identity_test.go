package identity_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

func newService(t *testing.T, db *store.DB) (*identity.Service, *time.Time) {
	s := identity.New(db)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s, &now
}

func mustSignup(t *testing.T, s *identity.Service, email string) identity.User {
	t.Helper()
	u, err := s.Signup(ctx, email, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSignupLoginAuthenticateLogout(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		u := mustSignup(t, s, "  Ada@Example.COM ")
		if u.Email != "ada@example.com" {
			t.Fatalf("email not normalised: %q", u.Email)
		}
		if _, err := s.Signup(ctx, "ada@example.com", "another password"); !errors.Is(err, identity.ErrEmailTaken) {
			t.Fatalf("duplicate signup: %v", err)
		}
		if _, _, err := s.Login(ctx, "ada@example.com", "wrong password"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, _, err := s.Login(ctx, "nobody@example.com", "correct horse battery"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("unknown email: %v", err)
		}
		sess, _, err := s.Login(ctx, "ADA@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Authenticate(ctx, sess.Token)
		if err != nil || c.User.ID != u.ID || c.SessionCSRF != sess.CSRFToken || c.Via != "session" {
			t.Fatalf("authenticate: %+v %v", c, err)
		}
		*now = now.Add(15 * 24 * time.Hour)
		if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("expired session still works: %v", err)
		}
		sess2, _, _ := s.Login(ctx, "ada@example.com", "correct horse battery")
		if err := s.Logout(ctx, sess2.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, sess2.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("session works after logout: %v", err)
		}
		for _, bad := range []string{"", "ss_", "sk_nope", "Bearer x", sess.Token + "x"} {
			if _, err := s.Authenticate(ctx, bad); !errors.Is(err, identity.ErrUnauthenticated) {
				t.Fatalf("token %q: %v", bad, err)
			}
		}
	})
}

func TestSignupRejectsBadInput(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		cases := []struct{ email, password, code string }{
			{"not-an-email", "long enough pw", "invalid_email"},
			{"a@b", "long enough pw", "invalid_email"},
			{"Ada <ada@example.com>", "long enough pw", "invalid_email"},
			{"ada@example.com", "short", "weak_password"},
			{"ada@example.com", string([]byte{0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8}), "invalid_password"},
		}
		for _, c := range cases {
			if _, err := s.Signup(ctx, c.email, c.password); !identity.IsCode(err, c.code) {
				t.Errorf("Signup(%q): %v, want %s", c.email, err, c.code)
			}
		}
		users, err := s.ListUsers(ctx, "", 10)
		if err != nil || len(users) != 0 {
			t.Fatalf("bad signups created users: %v %v", users, err)
		}
	})
}

func TestAPITokensScopesAndRevocation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, now := newService(t, db)
		u := mustSignup(t, s, "dev@example.com")
		if _, _, err := s.CreateAPIToken(ctx, u.ID, "cli", []string{"root"}, 0); !identity.IsCode(err, "invalid_scopes") {
			t.Fatalf("unknown scope: %v", err)
		}
		readTok, _, err := s.CreateAPIToken(ctx, u.ID, "ci", []string{"read"}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		writeTok, info, err := s.CreateAPIToken(ctx, u.ID, "cli", []string{"write"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Authenticate(ctx, readTok)
		if err != nil || c.HasScope("write") || !c.HasScope("read") {
			t.Fatalf("read token: %+v %v", c, err)
		}
		c, err = s.Authenticate(ctx, writeTok)
		if err != nil || !c.HasScope("write") || !c.HasScope("read") {
			t.Fatalf("write token: %+v %v", c, err)
		}
		*now = now.Add(2 * time.Hour)
		if _, err := s.Authenticate(ctx, readTok); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("expired token works: %v", err)
		}
		if err := s.RevokeAPIToken(ctx, "usr_other", info.ID); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("revoking another user's token: %v", err)
		}
		if err := s.RevokeAPIToken(ctx, u.ID, info.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, writeTok); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("revoked token works: %v", err)
		}
		list, err := s.ListAPITokens(ctx, u.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %+v %v", list, err)
		}
		byName := map[string]identity.APIToken{list[0].Name: list[0], list[1].Name: list[1]}
		if byName["cli"].RevokedAt == nil || byName["ci"].RevokedAt != nil || byName["ci"].LastUsedAt == nil {
			t.Fatalf("list: %+v", list)
		}
	})
}

func TestOrgRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		owner := mustSignup(t, s, "owner@brand.com")
		manager := mustSignup(t, s, "manager@brand.com")
		agent := mustSignup(t, s, "agent@brand.com")
		outsider := mustSignup(t, s, "outsider@example.com")
		brand, err := s.CreateOrg(ctx, owner.ID, identity.OrgBrand, "Acme")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateOrg(ctx, owner.ID, "cartel", "X"); !identity.IsCode(err, "invalid_kind") {
			t.Fatalf("bad kind: %v", err)
		}
		if _, err := s.AddMember(ctx, owner.ID, brand.ID, "manager@brand.com", identity.MemberDeveloper); !identity.IsCode(err, "invalid_role") {
			t.Fatalf("developer role in a brand: %v", err)
		}
		if _, err := s.AddMember(ctx, owner.ID, brand.ID, "manager@brand.com", identity.MemberManager); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMember(ctx, manager.ID, brand.ID, "outsider@example.com", identity.MemberManager); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("manager made a manager: %v", err)
		}
		if _, err := s.AddMember(ctx, manager.ID, brand.ID, "agent@brand.com", identity.MemberAgent); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMember(ctx, outsider.ID, brand.ID, "outsider@example.com", identity.MemberAgent); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("outsider added self: %v", err)
		}
		if err := s.RemoveMember(ctx, agent.ID, brand.ID, manager.ID); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("agent removed manager: %v", err)
		}
		if err := s.RemoveMember(ctx, owner.ID, brand.ID, owner.ID); !identity.IsCode(err, "last_owner") {
			t.Fatalf("last owner left: %v", err)
		}
		if err := s.RemoveMember(ctx, agent.ID, brand.ID, agent.ID); err != nil {
			t.Fatalf("agent leaving: %v", err)
		}
		members, err := s.Members(ctx, brand.ID)
		if err != nil || len(members) != 2 {
			t.Fatalf("members: %+v %v", members, err)
		}
		ms, err := s.Memberships(ctx, manager.ID)
		if err != nil || len(ms) != 1 || ms[0].Role != identity.MemberManager || ms[0].OrgKind != identity.OrgBrand {
			t.Fatalf("memberships: %+v %v", ms, err)
		}
	})
}

func TestCheckPassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		u := mustSignup(t, s, "shopper@example.com")
		if err := s.CheckPassword(ctx, u.ID, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckPassword(ctx, u.ID, "wrong password"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		if err := s.CheckPassword(ctx, "usr_missing", "correct horse battery"); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestCreateAdminIsRepeatable(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		a, err := s.CreateAdmin(ctx, "root@example.com", "correct horse battery")
		if err != nil || a.PlatformRole != identity.RoleAdmin {
			t.Fatalf("%+v %v", a, err)
		}
		if _, err := s.CreateAdmin(ctx, "root@example.com", "other password"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("re-run with another password: %v", err)
		}
		b, err := s.CreateAdmin(ctx, "root@example.com", "correct horse battery")
		if err != nil || b.ID != a.ID {
			t.Fatalf("re-run: %+v %v", b, err)
		}
	})
}
