package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// Members (/portal/{orgId}/members, owners only): the org's members with
// their roles; add a person who has an account by email (identity
// AddMember, which also changes the role of a member), change a role, and
// remove a member (identity RemoveMember). identity keeps the last owner.

type memberRow struct {
	identity.Member
	Self bool
}

type membersData struct {
	Members     []memberRow
	Roles       []string
	Email, Role string
}

var devRoles = []string{identity.MemberDeveloper, identity.MemberOwner}

func (p *portal) members(r *site.Req, o devCtx) error {
	return p.renderMembers(r, http.StatusOK, o, membersData{Role: identity.MemberDeveloper}, "")
}

func (p *portal) renderMembers(r *site.Req, status int, o devCtx, d membersData, errKey string) error {
	ms, err := p.Identity.Members(r.Context(), o.OrgID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		d.Members = append(d.Members, memberRow{Member: m, Self: m.UserID == r.UserID()})
	}
	d.Roles = devRoles
	return p.render(r, status, "members", "portal.members.title", o, d, func(pg *site.Page) {
		if errKey != "" {
			pg.Error = r.L.T(errKey)
		}
		p.noticeFromDone(r, pg)
	})
}

// memberError maps identity's refusals to a message key ("" for others).
func memberError(err error) string {
	switch {
	case errors.Is(err, identity.ErrUserNotFound):
		return "portal.members.no_user"
	case errors.Is(err, identity.ErrLastOwner):
		return "portal.members.last_owner"
	case errors.Is(err, identity.ErrForbidden):
		return "seller.staff.not_yours"
	case errors.Is(err, identity.ErrNotFound):
		return "portal.members.no_member"
	case identity.IsCode(err, "invalid_email"):
		return "error.invalid_email"
	case identity.IsCode(err, "invalid_role"):
		return "seller.staff.bad_role"
	}
	return ""
}

func (p *portal) addMember(r *site.Req, o devCtx) error {
	d := membersData{Email: strings.TrimSpace(r.FormValue("email")), Role: r.FormValue("role")}
	_, err := p.Identity.AddMember(r.Context(), r.UserID(), o.OrgID, d.Email, d.Role)
	if key := memberError(err); key != "" {
		return p.renderMembers(r, http.StatusUnprocessableEntity, o, d, key)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/members?done=member_added")
}

// member finds the member of the path; another org's user answers 404.
func (p *portal) member(r *site.Req, o devCtx) (identity.Member, bool, error) {
	ms, err := p.Identity.Members(r.Context(), o.OrgID)
	if err != nil {
		return identity.Member{}, false, err
	}
	for _, m := range ms {
		if m.UserID == r.Params("userId") {
			return m, true, nil
		}
	}
	return identity.Member{}, false, nil
}

func (p *portal) changeMemberRole(r *site.Req, o devCtx) error {
	m, ok, err := p.member(r, o)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	_, err = p.Identity.AddMember(r.Context(), r.UserID(), o.OrgID, m.Email, r.FormValue("role"))
	if key := memberError(err); key != "" {
		return p.renderMembers(r, http.StatusUnprocessableEntity, o, membersData{Role: identity.MemberDeveloper}, key)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/members?done=member_role")
}

func (p *portal) removeMember(r *site.Req, o devCtx) error {
	m, ok, err := p.member(r, o)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	err = p.Identity.RemoveMember(r.Context(), r.UserID(), o.OrgID, m.UserID)
	if key := memberError(err); key != "" {
		return p.renderMembers(r, http.StatusUnprocessableEntity, o, membersData{Role: identity.MemberDeveloper}, key)
	}
	if err != nil {
		return err
	}
	if m.UserID == r.UserID() {
		return r.SeeOther("/portal")
	}
	return r.SeeOther("/portal/" + o.OrgID + "/members?done=member_removed")
}
