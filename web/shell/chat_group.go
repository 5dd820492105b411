package shell

import (
	"errors"
	"net/http"
	"strings"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// Starting a group from the chat list: a name and friends' exact handles or
// emails, separated by commas, spaces or lines. Every entry must name a
// whole handle or address; the first that does not is named back (the
// shopper typed it, so that tells nothing the direct-chat form does not),
// and nothing is created. chat.CreateGroup checks the title and the cap.

// maxGroupEntries bounds how many lookups one post may ask for.
const maxGroupEntries = 50

// splitWho splits the members field into entries.
func splitWho(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '\n' || r == '\r' || r == ' ' || r == '\t' || r == '、'
	})
}

// lookupFriend finds a user by exact handle (with or without @) or email.
func (p *pages) lookupFriend(r *site.Req, who string) (identity.User, error) {
	if strings.Contains(who, "@") && !strings.HasPrefix(who, "@") {
		return p.Identity.UserByEmail(r.Context(), who)
	}
	return p.Identity.UserByHandle(r.Context(), who)
}

func (p *pages) startGroup(r *site.Req) error {
	title := strings.TrimSpace(r.FormValue("title"))
	membersIn := r.FormValue("members")
	fail := func(status int, msg string) error {
		items, cursors, err := p.chatList(r)
		if err != nil {
			return err
		}
		pg := r.Page("chats", "chat.title", chatsData{Items: items, GroupTitle: title, GroupMembers: membersIn})
		pg.ChatSocket, pg.ChatCursors = socketPath, cursors
		pg.Error = msg
		return r.Render(p.t, status, "chats", pg)
	}
	entries := splitWho(membersIn)
	if title == "" {
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.title"))
	}
	if len(entries) == 0 {
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.members"))
	}
	if len(entries) > maxGroupEntries {
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.member_cap"))
	}
	var ids []string
	for _, who := range entries {
		u, err := p.lookupFriend(r, who)
		if err == nil && u.ID == r.UserID() {
			continue // the creator is in the group anyway
		}
		if err != nil {
			if !errors.Is(err, identity.ErrNotFound) && !identity.IsCode(err, "invalid_email") {
				return err
			}
			return fail(http.StatusNotFound, r.L.T("chat.group_err.nobody", who))
		}
		ids = append(ids, u.ID)
	}
	if len(ids) == 0 {
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.members"))
	}
	c, err := p.Chat.CreateGroup(r.Context(), r.UserID(), title, ids)
	switch chat.Code(err) {
	case "":
		return r.SeeOther("/chats/" + c.ID)
	case chat.CodeInvalidRequest:
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.title"))
	case chat.CodeMemberCap:
		return fail(http.StatusUnprocessableEntity, r.L.T("chat.group_err.member_cap"))
	}
	return err
}
