package console

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// Staff and settings (owners and managers): invite staff by email with a
// role, change roles, mark a staff member as leaving or remove them — both
// hand their shoppers over to other staff (chat.Service.HandOverTx; removal
// through identity's MemberRemoved hook, in the removal's transaction) —
// and the brand profile: name, description and logo. identity decides who
// may give which role (owners everyone, managers agents).

type staffRow struct {
	UserID, Label, Role string
	Self, Leaving       bool
	Shoppers            int64
}

type staffData struct {
	Members     []staffRow
	Invites     []identity.Invite
	Roles       []string
	InviteLink  string
	Email, Role string
}

var brandRoles = []string{identity.MemberAgent, identity.MemberManager, identity.MemberOwner}

func (p *seller) staff(r *site.Req, b brandCtx) error {
	return p.showStaff(r, b, http.StatusOK, staffData{Role: identity.MemberAgent}, "")
}

func (p *seller) showStaff(r *site.Req, b brandCtx, status int, d staffData, errKey string) error {
	ctx := r.Context()
	ms, err := p.Identity.Members(ctx, b.ID)
	if err != nil {
		return err
	}
	shoppers := map[string]int64{}
	leaving := map[string]bool{}
	if p.Chat != nil {
		act, err := p.Chat.Activity(ctx, r.UserID(), b.ID)
		if err != nil {
			return err
		}
		for _, a := range act {
			shoppers[a.UserID], leaving[a.UserID] = a.Shoppers, a.Leaving
		}
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.UserID)
	}
	names := p.people(ctx, ids...)
	for _, m := range ms {
		d.Members = append(d.Members, staffRow{UserID: m.UserID, Label: personLabel(m, names), Role: m.Role, Self: m.UserID == r.UserID(),
			Leaving: leaving[m.UserID], Shoppers: shoppers[m.UserID]})
	}
	if d.Invites, err = p.Identity.Invites(ctx, b.ID); err != nil {
		return err
	}
	d.Roles, d.InviteLink = brandRoles, r.PublicBase()+"/seller/invites"
	if errKey != "" {
		return p.render(r, status, "staff", "seller.staff.title", b, d, func(pg *site.Page) { pg.Error = r.L.T(errKey) })
	}
	return p.renderNotice(r, status, "staff", "seller.staff.title", b, d)
}

// identityError maps identity's refusals to a message key ("" for others).
func identityError(err error) string {
	switch {
	case errors.Is(err, identity.ErrForbidden):
		return "seller.staff.not_yours"
	case errors.Is(err, identity.ErrLastOwner):
		return "seller.staff.last_owner"
	case errors.Is(err, identity.ErrNotFound):
		return "seller.staff.no_member"
	case identity.IsCode(err, "invalid_email"):
		return "error.invalid_email"
	case identity.IsCode(err, "invalid_role"):
		return "seller.staff.bad_role"
	}
	return ""
}

func (p *seller) invite(r *site.Req, b brandCtx) error {
	d := staffData{Email: strings.TrimSpace(r.FormValue("email")), Role: r.FormValue("role")}
	_, invited, err := p.Identity.InviteMember(r.Context(), r.UserID(), b.ID, d.Email, d.Role)
	if key := identityError(err); key != "" {
		return p.showStaff(r, b, http.StatusUnprocessableEntity, d, key)
	}
	if err != nil {
		return err
	}
	done := "added"
	if invited {
		done = "invited"
	}
	return r.SeeOther("/seller/" + b.ID + "/staff?done=" + done)
}

// member finds the staff member of the path.
func (p *seller) member(r *site.Req, b brandCtx) (identity.Member, error) {
	ms, err := p.Identity.Members(r.Context(), b.ID)
	if err != nil {
		return identity.Member{}, err
	}
	for _, m := range ms {
		if m.UserID == r.Params("userId") {
			return m, nil
		}
	}
	return identity.Member{}, r.NotFound()
}

func (p *seller) changeRole(r *site.Req, b brandCtx) error {
	m, err := p.member(r, b)
	if err != nil {
		return err
	}
	_, err = p.Identity.AddMember(r.Context(), r.UserID(), b.ID, m.Email, r.FormValue("role"))
	if key := identityError(err); key != "" {
		return p.showStaff(r, b, http.StatusUnprocessableEntity, staffData{Role: identity.MemberAgent}, key)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/staff?done=role")
}

// removeStaff removes a member; identity's MemberRemoved hook hands their
// shoppers over in the same transaction.
func (p *seller) removeStaff(r *site.Req, b brandCtx) error {
	m, err := p.member(r, b)
	if err != nil {
		return err
	}
	err = p.Identity.RemoveMember(r.Context(), r.UserID(), b.ID, m.UserID)
	if key := identityError(err); key != "" {
		return p.showStaff(r, b, http.StatusUnprocessableEntity, staffData{Role: identity.MemberAgent}, key)
	}
	if err != nil {
		return err
	}
	if m.UserID == r.UserID() {
		return r.SeeOther("/seller")
	}
	return r.SeeOther("/seller/" + b.ID + "/staff?done=removed")
}

// leaving marks a member as leaving: their shoppers move now, the member
// stays until removed.
func (p *seller) leaving(r *site.Req, b brandCtx) error {
	m, err := p.member(r, b)
	if err != nil {
		return err
	}
	if p.Chat == nil {
		return r.NotFound()
	}
	_, err = p.Chat.MarkLeaving(r.Context(), r.UserID(), b.ID, m.UserID)
	switch chat.Code(err) {
	case "":
	case chat.CodeForbidden:
		return r.Forbidden()
	case chat.CodeNotFound:
		return r.NotFound()
	default:
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/staff?done=leaving")
}

func (p *seller) cancelInvite(r *site.Req, b brandCtx) error {
	err := p.Identity.CancelInvite(r.Context(), r.UserID(), b.ID, r.FormValue("email"))
	if key := identityError(err); key != "" {
		return p.showStaff(r, b, http.StatusUnprocessableEntity, staffData{Role: identity.MemberAgent}, key)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/staff?done=invite_cancelled")
}

// --- Invitations (the invitee's side) ---

func (p *pages) invitations(r *site.Req) error {
	ins, err := p.Identity.InvitesFor(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	pg := r.Page(site.FaceSeller, "seller.invites.title", ins)
	return r.Render(p.t, http.StatusOK, "invites", pg)
}

func (p *pages) acceptInvite(r *site.Req) error {
	_, err := p.Identity.AcceptInvite(r.Context(), r.UserID(), r.Params("orgId"))
	if errors.Is(err, identity.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + url.PathEscape(r.Params("orgId")))
}

// --- Brand profile ---

type profileData struct {
	Name, Description string
	HasLogo           bool
	LogoURL           string
}

func (p *seller) profile(r *site.Req, b brandCtx) error {
	pr, err := p.Identity.OrgProfile(r.Context(), b.ID)
	if err != nil {
		return err
	}
	return p.renderNotice(r, http.StatusOK, "profile", "seller.profile.title", b, profileView(pr))
}

func profileView(pr identity.OrgProfile) profileData {
	return profileData{Name: pr.Name, Description: pr.Description, HasLogo: pr.LogoType != "", LogoURL: "/brands/" + pr.ID + "/logo"}
}

func (p *seller) saveProfile(r *site.Req, b brandCtx) error {
	_, err := p.Identity.SetOrgProfile(r.Context(), r.UserID(), b.ID, r.FormValue("name"), r.FormValue("description"))
	if identity.IsCode(err, "invalid_name") || identity.IsCode(err, "invalid_description") {
		d := profileData{Name: r.FormValue("name"), Description: r.FormValue("description")}
		key := "seller.profile.bad_name"
		if identity.IsCode(err, "invalid_description") {
			key = "seller.profile.bad_description"
		}
		return p.render(r, http.StatusUnprocessableEntity, "profile", "seller.profile.title", b, d, func(pg *site.Page) { pg.Error = r.L.T(key) })
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/profile?done=profile")
}

func (p *seller) saveLogo(r *site.Req, b brandCtx) error {
	fh, err := r.FormFile("logo")
	fail := func(key string) error {
		pr, err := p.Identity.OrgProfile(r.Context(), b.ID)
		if err != nil {
			return err
		}
		return p.render(r, http.StatusUnprocessableEntity, "profile", "seller.profile.title", b, profileView(pr), func(pg *site.Page) { pg.Error = r.L.T(key) })
	}
	if err != nil {
		return fail("seller.profile.bad_logo")
	}
	if fh.Size > identity.MaxLogoBytes {
		return fail("seller.profile.logo_too_large")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(f, identity.MaxLogoBytes+1))
	f.Close()
	if err != nil {
		return err
	}
	_, err = p.Identity.SetOrgLogo(r.Context(), r.UserID(), b.ID, data)
	switch {
	case identity.IsCode(err, "logo_too_large"):
		return fail("seller.profile.logo_too_large")
	case identity.IsCode(err, "invalid_logo"):
		return fail("seller.profile.bad_logo")
	case err != nil:
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/profile?done=logo")
}

// logo serves a brand's logo to anyone (what a shop shows about itself);
// the type was sniffed from the bytes when it was saved.
func (p *pages) logo(r *site.Req) error {
	data, ctype, err := p.Identity.OrgLogo(r.Context(), r.Params("orgId"))
	if errors.Is(err, identity.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	r.Set("Content-Type", ctype)
	r.Set("Cache-Control", "no-cache")
	r.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return r.Send(data)
}
