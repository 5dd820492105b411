package identity_test

import (
	"errors"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Handles are unique, case-insensitive and found only by exact match.
func TestHandlesAreUniqueAndExactMatchOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ada, bob := mustSignup(t, s, "ada@example.com"), mustSignup(t, s, "bob@example.com")
		if err := s.SetHandle(ctx, ada.ID, "@Ada.Lovelace"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetHandle(ctx, bob.ID, "ada.lovelace"); !errors.Is(err, identity.ErrHandleTaken) {
			t.Fatalf("taken handle: %v", err)
		}
		for _, bad := range []string{"ab", "1ada", "ada lovelace", "ada..l", "<script>", "ädä"} {
			if err := s.SetHandle(ctx, bob.ID, bad); !errors.Is(err, identity.ErrInvalidHandle) {
				t.Fatalf("handle %q: %v", bad, err)
			}
		}
		u, err := s.UserByHandle(ctx, "ADA.LOVELACE")
		if err != nil || u.ID != ada.ID {
			t.Fatalf("exact lookup: %v %v", u, err)
		}
		for _, partial := range []string{"ada", "ada.lovelac", "%", "ada.lovelace%", "ada_lovelace"} {
			if _, err := s.UserByHandle(ctx, partial); !errors.Is(err, identity.ErrNotFound) {
				t.Fatalf("lookup %q must not match: %v", partial, err)
			}
		}
		p, err := s.Profile(ctx, ada.ID)
		if err != nil || p.Handle != "ada.lovelace" {
			t.Fatalf("profile %+v %v", p, err)
		}
	})
}

// The language and the anti-phishing phrase are stored per user; changing the
// password needs the current one and ends the user's other sessions.
func TestProfileSettingsAndPasswordChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		u := mustSignup(t, s, "ada@example.com")
		if err := s.SetLanguage(ctx, u.ID, "zh-Hans"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLanguage(ctx, u.ID, "zh Hans;"); !identity.IsCode(err, "invalid_language") {
			t.Fatalf("bad language: %v", err)
		}
		if err := s.SetAntiPhishingPhrase(ctx, u.ID, "  青蛙 sings at noon "); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAntiPhishingPhrase(ctx, u.ID, "two\nlines"); !identity.IsCode(err, "invalid_phrase") {
			t.Fatalf("two-line phrase: %v", err)
		}
		p, _ := s.Profile(ctx, u.ID)
		if p.Language != "zh-Hans" || p.AntiPhishingPhrase != "青蛙 sings at noon" {
			t.Fatalf("profile %+v", p)
		}

		here, _, _ := s.Login(ctx, "ada@example.com", "correct horse battery")
		other, _, _ := s.Login(ctx, "ada@example.com", "correct horse battery")
		if err := s.ChangePassword(ctx, u.ID, "wrong password", "a new passphrase", here.Token); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, "correct horse battery", "short", here.Token); !identity.IsCode(err, "weak_password") {
			t.Fatalf("weak new password: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, "correct horse battery", "a new passphrase", here.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, here.Token); err != nil {
			t.Fatalf("the session that changed the password ends: %v", err)
		}
		if _, err := s.Authenticate(ctx, other.Token); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("other session survives a password change: %v", err)
		}
		if _, _, err := s.Login(ctx, "ada@example.com", "a new passphrase"); err != nil {
			t.Fatal(err)
		}
	})
}
