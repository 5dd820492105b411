package identity_test

import (
	"errors"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A suspension ends the user's sessions, stops their API tokens and
// refuses signing in (with the right password only); lifting it lets them
// sign in and their tokens work again. Nobody suspends themselves.
func TestSuspendStopsEveryCredential(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		u := mustSignup(t, s, "mallory@example.com")
		op := mustSignup(t, s, "op@example.com")
		sess, _, err := s.Login(ctx, "mallory@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := s.CreateAPIToken(ctx, u.ID, "cli", []string{"read"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Suspend(ctx, op.ID, op.ID); err == nil {
			t.Fatal("an operator suspended themselves")
		}
		if err := s.Suspend(ctx, "usr_nobody", op.ID); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("suspending nobody: %v", err)
		}
		if err := s.Suspend(ctx, u.ID, op.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Suspend(ctx, u.ID, "usr_other"); err != nil {
			t.Fatal(err)
		}
		if sus, err := s.SuspensionOf(ctx, u.ID); err != nil || !sus.Suspended || sus.By != op.ID {
			t.Fatalf("suspension: %+v %v (a second suspension must keep the first operator)", sus, err)
		}
		for name, cred := range map[string]string{"session": sess.Token, "token": tok} {
			if _, err := s.Authenticate(ctx, cred); !errors.Is(err, identity.ErrUnauthenticated) {
				t.Errorf("%s of a suspended user: %v", name, err)
			}
		}
		if _, _, err := s.Login(ctx, "mallory@example.com", "wrong password!!"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Errorf("a wrong password for a suspended account: %v (must not tell it is suspended)", err)
		}
		if _, _, err := s.Login(ctx, "mallory@example.com", "correct horse battery"); !errors.Is(err, identity.ErrSuspended) {
			t.Fatalf("signing in while suspended: %v", err)
		}
		if err := s.Unsuspend(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if sus, _ := s.SuspensionOf(ctx, u.ID); sus.Suspended {
			t.Fatal("still suspended")
		}
		if _, err := s.Authenticate(ctx, tok); err != nil {
			t.Errorf("token after the suspension is lifted: %v", err)
		}
		if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Errorf("a session ended by the suspension came back: %v", err)
		}
		if _, _, err := s.Login(ctx, "mallory@example.com", "correct horse battery"); err != nil {
			t.Fatalf("signing in after the suspension is lifted: %v", err)
		}
	})
}
