package identity_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A brand's owner and managers edit its profile and logo, agents may not;
// invitations by email wait for an account and are accepted by that account
// only; removal runs the MemberRemoved hook in its transaction, and the
// hook's error keeps the member. Both backends.
func TestOrgProfileInvitesAndRemovalHook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		owner, manager, agent := mustSignup(t, s, "owner@example.com"), mustSignup(t, s, "manager@example.com"), mustSignup(t, s, "agent@example.com")
		org, err := s.CreateOrg(ctx, owner.ID, identity.OrgBrand, "Ada's Teas")
		if err != nil {
			t.Fatal(err)
		}
		for email, role := range map[string]string{"manager@example.com": identity.MemberManager, "agent@example.com": identity.MemberAgent} {
			if _, invited, err := s.InviteMember(ctx, owner.ID, org.ID, email, role); err != nil || invited {
				t.Fatalf("invite %s: invited=%v, %v", email, invited, err)
			}
		}
		p, err := s.SetOrgProfile(ctx, manager.ID, org.ID, "  Ada's Fine Teas ", "Teas from Fujian.")
		if err != nil || p.Name != "Ada's Fine Teas" || p.Description != "Teas from Fujian." {
			t.Fatalf("profile %+v, %v", p, err)
		}
		if _, err := s.SetOrgProfile(ctx, agent.ID, org.ID, "Mine", ""); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("agent edits the profile: %v", err)
		}
		if _, err := s.SetOrgProfile(ctx, owner.ID, org.ID, " ", ""); !identity.IsCode(err, "invalid_name") {
			t.Fatalf("empty name: %v", err)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
			t.Fatal(err)
		}
		if ct, err := s.SetOrgLogo(ctx, owner.ID, org.ID, buf.Bytes()); err != nil || ct != "image/png" {
			t.Fatalf("logo: %q, %v", ct, err)
		}
		if _, err := s.SetOrgLogo(ctx, owner.ID, org.ID, []byte("<svg onload=alert(1)>")); !identity.IsCode(err, "invalid_logo") {
			t.Fatalf("svg logo: %v", err)
		}
		if _, err := s.SetOrgLogo(ctx, owner.ID, org.ID, make([]byte, identity.MaxLogoBytes+1)); !identity.IsCode(err, "logo_too_large") {
			t.Fatalf("large logo: %v", err)
		}
		if data, ct, err := s.OrgLogo(ctx, org.ID); err != nil || ct != "image/png" || !bytes.Equal(data, buf.Bytes()) {
			t.Fatalf("logo back: %q, %v", ct, err)
		}

		// An invitation for an email without an account.
		if _, invited, err := s.InviteMember(ctx, manager.ID, org.ID, "New@Example.com", identity.MemberAgent); err != nil || !invited {
			t.Fatalf("invite new: invited=%v, %v", invited, err)
		}
		if _, _, err := s.InviteMember(ctx, manager.ID, org.ID, "boss@example.com", identity.MemberOwner); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("a manager invites an owner: %v", err)
		}
		if _, _, err := s.InviteMember(ctx, agent.ID, org.ID, "x@example.com", identity.MemberAgent); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("an agent invites: %v", err)
		}
		if ins, err := s.Invites(ctx, org.ID); err != nil || len(ins) != 1 || ins[0].Email != "new@example.com" {
			t.Fatalf("invites %+v, %v", ins, err)
		}
		if _, err := s.AcceptInvite(ctx, agent.ID, org.ID); !errors.Is(err, identity.ErrNotFound) {
			t.Fatalf("someone else accepts: %v", err)
		}
		newbie := mustSignup(t, s, "new@example.com")
		if ins, err := s.InvitesFor(ctx, newbie.ID); err != nil || len(ins) != 1 || ins[0].OrgName != "Ada's Fine Teas" {
			t.Fatalf("invites for newbie %+v, %v", ins, err)
		}
		if m, err := s.AcceptInvite(ctx, newbie.ID, org.ID); err != nil || m.Role != identity.MemberAgent {
			t.Fatalf("accept: %+v, %v", m, err)
		}
		if _, role, _ := s.RoleIn(ctx, newbie.ID, org.ID); role != identity.MemberAgent {
			t.Fatalf("newbie's role %q", role)
		}

		// The removal hook runs in the removal's transaction.
		var seen []string
		s.MemberRemoved = func(ctx context.Context, tx *store.Tx, orgID, userID, actorID string) (func(), error) {
			if userID == newbie.ID {
				return nil, errors.New("refused")
			}
			seen = append(seen, userID+" by "+actorID)
			return func() { seen = append(seen, "after") }, nil
		}
		if err := s.RemoveMember(ctx, owner.ID, org.ID, newbie.ID); err == nil {
			t.Fatal("the hook's error did not stop the removal")
		}
		if _, role, _ := s.RoleIn(ctx, newbie.ID, org.ID); role != identity.MemberAgent {
			t.Fatalf("a refused removal removed: %q", role)
		}
		if err := s.RemoveMember(ctx, manager.ID, org.ID, agent.ID); err != nil {
			t.Fatal(err)
		}
		if len(seen) != 2 || seen[0] != agent.ID+" by "+manager.ID || seen[1] != "after" {
			t.Fatalf("hook calls %v", seen)
		}
	})
}
