package shell

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// Group settings: rename (owner and admins), add a member by their exact
// handle or email (owner and admins), remove a member (the owner anyone,
// an admin plain members) and leave. Every change goes through chat.Service,
// which checks the caller's role; the page only hides what the role cannot
// do. Each change is a system message the members see as a sentence.

type groupMember struct {
	UserID, Name, Role string
	Me, Removable      bool
}

type groupData struct {
	Conv       chat.Conversation
	Name       string
	Members    []groupMember
	CanManage  bool
	Who, Title string
}

func (p *pages) groupPage(r *site.Req) error { return p.renderGroup(r, http.StatusOK, "", "", "") }

func (p *pages) renderGroup(r *site.Req, status int, errMsg, notice, who string) error {
	id := r.Params("id")
	c, err := p.Chat.Get(r.Context(), r.UserID(), id)
	if chat.Code(err) == chat.CodeNotFound || (err == nil && c.Kind != chat.KindGroup) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	var ids []string
	for _, m := range c.Members {
		ids = append(ids, m.UserID)
	}
	names, err := p.names(r.Context(), ids)
	if err != nil {
		return err
	}
	d := groupData{Conv: c, Name: c.Title, Title: c.Title, Who: who, CanManage: c.Role == chat.RoleOwner || c.Role == chat.RoleAdmin}
	for _, m := range c.Members {
		gm := groupMember{UserID: m.UserID, Name: names[m.UserID], Role: m.Role, Me: m.UserID == r.UserID()}
		gm.Removable = !gm.Me && (c.Role == chat.RoleOwner || (c.Role == chat.RoleAdmin && m.Role == chat.RoleMember))
		d.Members = append(d.Members, gm)
	}
	pg := r.Page("chats", "group.title", d)
	pg.Error, pg.Notice = errMsg, notice
	return r.Render(p.t, status, "group", pg)
}

// groupError is the page's message for a refused change, or ok=false for
// an error that is not the user's to fix.
func groupError(r *site.Req, err error) (string, bool) {
	switch chat.Code(err) {
	case chat.CodeForbidden:
		return r.L.T("group.err.forbidden"), true
	case chat.CodeMemberCap:
		return r.L.T("group.err.full"), true
	case chat.CodeInvalidRequest:
		return r.L.T("group.err.title"), true
	}
	return "", false
}

func (p *pages) afterGroup(r *site.Req, err error, notice, who string) error {
	if err == nil {
		return p.renderGroup(r, http.StatusOK, "", notice, "")
	}
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	msg, ok := groupError(r, err)
	if !ok {
		return err
	}
	return p.renderGroup(r, http.StatusUnprocessableEntity, msg, "", who)
}

func (p *pages) renameGroup(r *site.Req) error {
	_, err := p.Chat.Rename(r.Context(), r.UserID(), r.Params("id"), r.FormValue("title"))
	return p.afterGroup(r, err, r.L.T("group.renamed"), "")
}

// addMember finds the friend as the start-a-chat form does: an exact handle
// or email, and "nobody" whatever was typed otherwise.
func (p *pages) addMember(r *site.Req) error {
	who := strings.TrimSpace(r.FormValue("who"))
	u, err := p.lookupFriend(r, who)
	if err != nil {
		if !errors.Is(err, identity.ErrNotFound) && !identity.IsCode(err, "invalid_email") {
			return err
		}
		// Only a member learns anything, and only that nobody has it.
		if _, aerr := p.Chat.Access(r.Context(), r.UserID(), r.Params("id")); aerr != nil {
			return r.NotFound()
		}
		return p.renderGroup(r, http.StatusNotFound, r.L.T("chat.nobody"), "", who)
	}
	_, err = p.Chat.Invite(r.Context(), r.UserID(), r.Params("id"), []string{u.ID})
	return p.afterGroup(r, err, r.L.T("group.added"), who)
}

func (p *pages) removeMember(r *site.Req) error {
	err := p.Chat.Remove(r.Context(), r.UserID(), r.Params("id"), r.FormValue("user_id"))
	if chat.Code(err) == chat.CodeNotFound {
		// The member left already, or was never in it: show the page as it is.
		return p.renderGroup(r, http.StatusOK, "", "", "")
	}
	return p.afterGroup(r, err, r.L.T("group.removed"), "")
}

func (p *pages) leaveGroup(r *site.Req) error {
	err := p.Chat.Leave(r.Context(), r.UserID(), r.Params("id"))
	if chat.Code(err) == chat.CodeNotFound || chat.Code(err) == chat.CodeInvalidRequest {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/chats")
}

// systemText turns a membership system message into a sentence.
func systemText(r *site.Req, body json.RawMessage, names map[string]string) string {
	var b struct {
		Event    string   `json:"event"`
		By       string   `json:"by"`
		UserID   string   `json:"user_id"`
		UserIDs  []string `json:"user_ids"`
		Title    string   `json:"title"`
		Role     string   `json:"role"`
		NewOwner string   `json:"new_owner"`
	}
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	// name is a user as the subject of a sentence, obj as its object.
	who := func(id, you string) string {
		if id == r.UserID() {
			return r.L.T(you)
		}
		if n := names[id]; n != "" {
			return n
		}
		return "?"
	}
	name := func(id string) string { return who(id, "group.you") }
	obj := func(id string) string { return who(id, "group.you_obj") }
	list := func(ids []string) string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, obj(id))
		}
		return strings.Join(out, r.L.T("group.list_sep"))
	}
	switch b.Event {
	case "group_created":
		return r.L.T("group.event.created", name(b.By), b.Title)
	case "members_added":
		return r.L.T("group.event.added", name(b.By), list(b.UserIDs))
	case "member_removed":
		return r.L.T("group.event.removed", name(b.By), obj(b.UserID))
	case "member_left":
		s := r.L.T("group.event.left", name(b.UserID))
		if b.NewOwner != "" {
			s += " " + r.L.T("group.event.new_owner", name(b.NewOwner))
		}
		return s
	case "title_changed":
		return r.L.T("group.event.renamed", name(b.By), b.Title)
	case "role_changed":
		if b.Role == chat.RoleAdmin {
			return r.L.T("group.event.admin", name(b.UserID))
		}
		return r.L.T("group.event.member", name(b.UserID))
	}
	return ""
}

// systemUserIDs are the users a system message names.
func systemUserIDs(m chat.Message) []string {
	if m.Kind != chat.MsgSystem {
		return nil
	}
	var b struct {
		By       string   `json:"by"`
		UserID   string   `json:"user_id"`
		UserIDs  []string `json:"user_ids"`
		NewOwner string   `json:"new_owner"`
	}
	if json.Unmarshal(m.Body, &b) != nil {
		return nil
	}
	return append(b.UserIDs, b.By, b.UserID, b.NewOwner)
}

// systemPreview is a system message as the chat list shows it: the
// membership or money sentence, or the notice kind.
func (p *pages) systemPreview(r *site.Req, m chat.Message, names map[string]string) string {
	missing := []string{}
	for _, id := range systemUserIDs(m) {
		if _, ok := names[id]; !ok && id != "" {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := p.names(r.Context(), missing)
		if err == nil {
			all := make(map[string]string, len(names)+len(more))
			for k, v := range names {
				all[k] = v
			}
			for k, v := range more {
				all[k] = v
			}
			names = all
		}
	}
	if t := systemText(r, m.Body, names); t != "" {
		return t
	}
	var b struct {
		Event string `json:"event"`
		Text  string `json:"text"`
	}
	_ = json.Unmarshal(m.Body, &b)
	switch {
	case b.Text != "":
		return b.Text
	case r.L.Has("money.event." + b.Event):
		return r.L.T("money.event." + b.Event)
	}
	return r.L.T("chat.kind.system")
}
