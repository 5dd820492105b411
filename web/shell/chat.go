package shell

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// The chat pages: the conversation list and a conversation, server-rendered;
// souk.js keeps the socket and asks these routes for the fragments to insert.
// Access is chat's own: every read and write goes through chat.Service with
// the signed-in user, which answers not_found for a conversation they are not in.

const socketPath = "/api/v1/chat/ws"

// pageSize is the newest page a conversation opens with; older pages load
// as the reader scrolls up.
const pageSize = 50

type chatItem struct {
	chat.Conversation
	Name    string
	Preview string
}

type chatsData struct {
	Items  []chatItem
	Handle string
	// The group form's values, shown again after a refused post.
	GroupTitle, GroupMembers string
}

// orgName is an organisation's display name, or "" when it cannot be read
// (a page shows the rest without it).
func (p *pages) orgName(ctx context.Context, id string) string {
	if org, err := p.Identity.Org(ctx, id); err == nil {
		return org.Name
	}
	return ""
}

// person names a user for other people: display name, else @handle, else
// the email's local part.
func (p *pages) names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || id == "" {
			continue
		}
		u, err := p.Identity.UserByID(ctx, id)
		if errors.Is(err, identity.ErrNotFound) {
			out[id] = "?"
			continue
		}
		if err != nil {
			return nil, err
		}
		prof, err := p.Identity.Profile(ctx, id)
		if err != nil {
			return nil, err
		}
		switch {
		case prof.DisplayName != "":
			out[id] = prof.DisplayName
		case prof.Handle != "":
			out[id] = "@" + prof.Handle
		default:
			out[id], _, _ = strings.Cut(u.Email, "@")
		}
	}
	return out, nil
}

func (p *pages) convName(r *site.Req, c chat.Conversation, names map[string]string) string {
	switch {
	case c.Title != "":
		return c.Title
	case c.Kind == chat.KindDirect:
		for _, m := range c.Members {
			if m.UserID != r.UserID() {
				return names[m.UserID]
			}
		}
	case c.Kind == chat.KindService:
		if org, err := p.Identity.Org(r.Context(), c.BrandOrgID); err == nil {
			return org.Name
		}
	}
	return r.L.T("chat.untitled")
}

func (p *pages) chatList(r *site.Req) ([]chatItem, string, error) {
	convs, err := p.Chat.Conversations(r.Context(), r.UserID())
	if err != nil {
		return nil, "", err
	}
	var ids []string
	for i, c := range convs {
		// The list does not carry members; a direct chat is named after
		// the other person.
		if c.Kind == chat.KindDirect && len(c.Members) == 0 {
			if ms, err := p.Chat.Members(r.Context(), r.UserID(), c.ID); err == nil {
				convs[i].Members = ms
			}
		}
		for _, m := range convs[i].Members {
			ids = append(ids, m.UserID)
		}
	}
	names, err := p.names(r.Context(), ids)
	if err != nil {
		return nil, "", err
	}
	cursors := map[string]int64{}
	items := make([]chatItem, 0, len(convs))
	for _, c := range convs {
		cursors[c.ID] = c.LastSeq
		it := chatItem{Conversation: c, Name: p.convName(r, c, names)}
		if c.LastSeq > 0 {
			pg, err := p.Chat.History(r.Context(), r.UserID(), c.ID, chat.HistoryQuery{Limit: 1})
			if err != nil {
				return nil, "", err
			}
			if len(pg.Messages) > 0 {
				it.Preview = p.listPreview(r, c, pg.Messages[0], names)
			}
		}
		items = append(items, it)
	}
	b, _ := json.Marshal(cursors)
	return items, string(b), nil
}

func preview(r *site.Req, m chat.Message) string {
	if m.RecalledAt != nil {
		return r.L.T("chat.recalled")
	}
	var body struct {
		Text  string `json:"text"`
		Title string `json:"title"`
	}
	_ = json.Unmarshal(m.Body, &body)
	switch m.Kind {
	case chat.MsgText:
		return body.Text
	case chat.MsgImage:
		return r.L.T("chat.kind.image")
	case chat.MsgSystem:
		return body.Text
	}
	if body.Title != "" {
		return body.Title
	}
	return r.L.T("chat.kind." + m.Kind)
}

// listPreview is a message as the chat list shows it: a notice reads as
// the sentence the conversation shows (a transfer accepted, a packet
// finished), else as "Notice".
func (p *pages) listPreview(r *site.Req, c chat.Conversation, m chat.Message, names map[string]string) string {
	s := preview(r, m)
	if m.Kind == chat.MsgSystem && m.RecalledAt == nil {
		if v := p.views(r, c, []chat.Message{m}, names)[0]; v.Text != "" {
			s = v.Text
		} else {
			// A membership change naming someone outside the list's names.
			s = p.systemPreview(r, m, names)
		}
	}
	return s
}

func (p *pages) chats(r *site.Req) error {
	items, cursors, err := p.chatList(r)
	if err != nil {
		return err
	}
	pg := r.Page("chats", "chat.title", chatsData{Items: items})
	pg.ChatSocket, pg.ChatCursors = socketPath, cursors
	return r.Render(p.t, http.StatusOK, "chats", pg)
}

func (p *pages) chatListFragment(r *site.Req) error {
	items, _, err := p.chatList(r)
	if err != nil {
		return err
	}
	return r.Fragment(p.t, "chats", "list", r.Page("chats", "chat.title", chatsData{Items: items}))
}

// startDirect opens (or reopens) the direct chat with the user whose exact
// handle or email was typed. Both "no such user" and a malformed entry get
// the same answer, so the form tells nothing about who exists beyond
// what a whole, correct handle or address already names.
func (p *pages) startDirect(r *site.Req) error {
	who := strings.TrimSpace(r.FormValue("who"))
	u, err := p.lookupFriend(r, who)
	if err == nil && u.ID == r.UserID() {
		err = identity.ErrNotFound
	}
	if err != nil {
		if !errors.Is(err, identity.ErrNotFound) && !identity.IsCode(err, "invalid_email") {
			return err
		}
		items, cursors, lerr := p.chatList(r)
		if lerr != nil {
			return lerr
		}
		pg := r.Page("chats", "chat.title", chatsData{Items: items, Handle: who})
		pg.ChatSocket, pg.ChatCursors = socketPath, cursors
		pg.Error = r.L.T("chat.nobody")
		return r.Render(p.t, http.StatusNotFound, "chats", pg)
	}
	c, err := p.Chat.CreateDirect(r.Context(), r.UserID(), u.ID)
	if err != nil {
		return err
	}
	return r.SeeOther("/chats/" + c.ID)
}

type msgView struct {
	chat.Message
	Mine     bool
	Sender   string
	Text     string
	Title    string
	Time     string
	ConvID   string
	Editable bool
	// CanEdit: the sender's own text message, inside the edit window.
	CanEdit bool
	// Alt describes an image message; ReadLabel says who read the sender's
	// own message ("Read", "Read by 2").
	Alt       string
	ReadLabel string
	// OpenURL opens the app of a mini-program or order card in the app frame.
	OpenURL string
	L       *site.Localizer
	CSRF    string

	// Transfer and Packet are a money message's state from payments.
	Transfer *transferView
	Packet   *packetView
}

type convData struct {
	Conv       chat.Conversation
	Name       string
	Messages   []msgView
	HasMore    bool
	FirstSeq   int64
	LastSeq    int64
	ClientID   string
	Names      string // JSON user id → name, for "… is typing"
	TypingText string
	L          *site.Localizer

	// MoneyLink sends money in this conversation ("": not here).
	MoneyLink string
	// GroupLink opens a group's settings ("": not a group).
	GroupLink string
	Me        string
}

func newClientID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "web_" + hex.EncodeToString(b)
}

// openURL is where a card opens: a mini-program card's page with its
// params, an order card's order page in the conversation's installation.
func openURL(m chat.Message, installationID string) string {
	switch m.Kind {
	case chat.MsgMiniProgramCard:
		var b struct {
			InstallationID string `json:"installation_id"`
			Open           struct {
				Page   string         `json:"page"`
				Params map[string]any `json:"params"`
			} `json:"open"`
		}
		if json.Unmarshal(m.Body, &b) != nil || b.InstallationID == "" {
			return ""
		}
		page := b.Open.Page
		if page == "" {
			page = "home"
		}
		q := url.Values{}
		for k, v := range b.Open.Params {
			switch v := v.(type) {
			case string:
				q.Set(k, v)
			case float64, bool:
				q.Set(k, fmt.Sprint(v))
			}
		}
		u := "/a/" + url.PathEscape(b.InstallationID) + "/" + url.PathEscape(page)
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		return u
	case chat.MsgOrderCard:
		var b struct {
			OrderID string `json:"order_id"`
		}
		if json.Unmarshal(m.Body, &b) != nil || b.OrderID == "" || installationID == "" {
			return ""
		}
		return "/a/" + url.PathEscape(installationID) + "/order?" + url.Values{"orderId": {b.OrderID}}.Encode()
	}
	return ""
}

func (p *pages) views(r *site.Req, conv chat.Conversation, ms []chat.Message, names map[string]string) []msgView {
	convID := conv.ID
	out := make([]msgView, 0, len(ms))
	now := time.Now()
	var markers map[string]int64
	if conv.Kind == chat.KindDirect || conv.Kind == chat.KindGroup {
		markers, _ = p.Chat.ReadMarkers(r.Context(), r.UserID(), convID)
	}
	for _, m := range ms {
		v := msgView{Message: m, Mine: m.SenderKind == chat.SenderUser && m.SenderID == r.UserID(), ConvID: convID, L: r.L}
		if r.Caller != nil {
			v.CSRF = r.Caller.SessionCSRF
		}
		switch m.SenderKind {
		case chat.SenderUser:
			v.Sender = names[m.SenderID]
		case chat.SenderBrand, chat.SenderApp:
			v.Sender = r.L.T("chat.from_brand")
		}
		var body struct {
			Text  string `json:"text"`
			Title string `json:"title"`
		}
		_ = json.Unmarshal(m.Body, &body)
		v.Text, v.Title = body.Text, body.Title
		if m.Kind != chat.MsgText && m.Kind != chat.MsgImage && m.Kind != chat.MsgSystem && v.Text == "" {
			v.Text = preview(r, m)
		}
		v.Time = m.CreatedAt.UTC().Format("15:04")
		v.Editable = v.Mine && m.RecalledAt == nil && now.Sub(m.CreatedAt) < 2*time.Minute
		v.CanEdit = v.Editable && m.Kind == chat.MsgText
		switch m.Kind {
		case chat.MsgImage:
			var ib struct{ Alt string }
			_ = json.Unmarshal(m.Body, &ib)
			v.Alt = ib.Alt
			if v.Alt == "" {
				sender := v.Sender
				if v.Mine {
					sender = r.L.T("group.you")
				}
				v.Alt = r.L.T("chat.photo_from", sender)
			}
		case chat.MsgSystem:
			v.Title = "" // a rename's title is in its sentence
			if t := systemText(r, m.Body, names); t != "" {
				v.Text = t
			}
		}
		if v.Mine && m.RecalledAt == nil {
			n := 0
			for u, seq := range markers {
				if u != r.UserID() && seq >= m.Seq {
					n++
				}
			}
			switch {
			case n == 0:
			case conv.Kind == chat.KindDirect:
				v.ReadLabel = r.L.T("chat.read")
			default:
				v.ReadLabel = r.L.T("chat.read_by", n)
			}
		}
		if m.RecalledAt == nil {
			v.OpenURL = openURL(m, conv.InstallationID)
		}
		p.moneyMessage(r, &v)
		out = append(out, v)
	}
	return out
}

func (p *pages) senderNames(r *site.Req, ms []chat.Message, extra ...string) (map[string]string, error) {
	ids := extra
	for _, m := range ms {
		if m.SenderKind == chat.SenderUser {
			ids = append(ids, m.SenderID)
		}
		ids = append(ids, systemUserIDs(m)...)
	}
	return p.names(r.Context(), ids)
}

func (p *pages) conversation(r *site.Req) error { return p.conversationWith(r, http.StatusOK, "") }

// conversationWith renders the conversation with an error above it (a
// refused photo).
func (p *pages) conversationWith(r *site.Req, status int, errMsg string) error {
	id := r.Params("id")
	c, err := p.Chat.Get(r.Context(), r.UserID(), id)
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	pg, err := p.Chat.History(r.Context(), r.UserID(), id, chat.HistoryQuery{Limit: pageSize})
	if err != nil {
		return err
	}
	var memberIDs []string
	if members, err := p.Chat.Members(r.Context(), r.UserID(), id); err == nil {
		for _, m := range members {
			memberIDs = append(memberIDs, m.UserID)
		}
	}
	names, err := p.senderNames(r, pg.Messages, memberIDs...)
	if err != nil {
		return err
	}
	d := convData{Conv: c, Name: p.convName(r, c, names), Messages: p.views(r, c, pg.Messages, names),
		HasMore: pg.HasMore, LastSeq: pg.LastSeq, ClientID: newClientID(), TypingText: r.L.T("chat.typing"), L: r.L}
	if len(pg.Messages) > 0 {
		d.FirstSeq = pg.Messages[0].Seq
	}
	nb, _ := json.Marshal(names)
	d.Names = string(nb)
	if p.Money != nil && (c.Kind == chat.KindDirect || c.Kind == chat.KindGroup) {
		d.MoneyLink = "/chats/" + c.ID + "/money"
	}
	if c.Kind == chat.KindGroup {
		d.GroupLink = "/chats/" + c.ID + "/group"
	}
	d.Me = r.UserID()
	// The socket resumes this conversation from what the page shows, and
	// every other one from its end (the list is not on this page).
	cursors := map[string]int64{}
	if all, err := p.Chat.Conversations(r.Context(), r.UserID()); err == nil {
		for _, o := range all {
			cursors[o.ID] = o.LastSeq
		}
	}
	cursors[id] = pg.LastSeq
	cb, _ := json.Marshal(cursors)
	page := r.Page("chats", "chat.title", d)
	page.Title = d.Name
	page.ChatSocket, page.ChatCursors = socketPath, string(cb)
	page.Error = errMsg
	return r.Render(p.t, status, "conversation", page)
}

// messages answers a fragment: ?after=N the messages after N (what a live
// frame or a resumed socket announced), ?before=N the older page before N.
func (p *pages) messages(r *site.Req) error {
	id := r.Params("id")
	after, _ := strconv.ParseInt(r.Query("after"), 10, 64)
	before, _ := strconv.ParseInt(r.Query("before"), 10, 64)
	q := chat.HistoryQuery{Limit: pageSize}
	if after > 0 || r.Query("after") == "0" {
		q = chat.HistoryQuery{After: max(after, 0), Limit: chat.MaxPage}
		if after == 0 {
			// seq 0: everything; History treats After=0 as "newest page".
			q = chat.HistoryQuery{Limit: chat.MaxPage}
		}
	} else if before > 0 {
		q.Before = before
	}
	pg, err := p.Chat.History(r.Context(), r.UserID(), id, q)
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	names, err := p.senderNames(r, pg.Messages)
	if err != nil {
		return err
	}
	c, err := p.Chat.Get(r.Context(), r.UserID(), id)
	if err != nil {
		return err
	}
	d := convData{Messages: p.views(r, c, pg.Messages, names), HasMore: pg.HasMore, Conv: chat.Conversation{ID: id}, L: r.L}
	if len(pg.Messages) > 0 {
		d.FirstSeq = pg.Messages[0].Seq
	}
	block := "messages"
	if before > 0 {
		block = "older"
	}
	return r.Fragment(p.t, "conversation", block, r.Page("chats", "chat.title", d))
}

func (p *pages) send(r *site.Req) error {
	id := r.Params("id")
	text := strings.TrimSpace(r.FormValue("text"))
	d := convData{Conv: chat.Conversation{ID: id}, ClientID: newClientID()}
	pg := r.Page("chats", "chat.title", d)
	if text != "" {
		body, _ := json.Marshal(map[string]string{"text": text})
		_, err := p.Chat.UserSend(r.Context(), r.UserID(), id, chat.MsgText, body, r.FormValue("client_id"))
		switch chat.Code(err) {
		case "":
		case chat.CodeNotFound:
			return r.NotFound()
		case chat.CodeRateLimited, chat.CodeTooLarge, chat.CodeInvalid:
			pg.Error = r.L.T("chat.error." + chat.Code(err))
			d.ClientID = r.FormValue("client_id") // the same message, retried
			pg.Data = d                           // 200: htmx swaps only successful answers
		default:
			return err
		}
	}
	return r.Fragment(p.t, "conversation", "composer", pg)
}

func (p *pages) recall(r *site.Req) error {
	id := r.Params("id")
	seq, _ := strconv.ParseInt(r.Params("seq"), 10, 64)
	m, err := p.Chat.Recall(r.Context(), r.UserID(), id, seq)
	switch chat.Code(err) {
	case "":
	case chat.CodeNotFound, chat.CodeForbidden, chat.CodeEditWindow:
		m, err = p.Chat.Message(r.Context(), r.UserID(), id, seq)
		if err != nil {
			return r.NotFound()
		}
	default:
		return err
	}
	names, err := p.senderNames(r, []chat.Message{m})
	if err != nil {
		return err
	}
	c, err := p.Chat.Get(r.Context(), r.UserID(), id)
	if err != nil {
		return err
	}
	return r.Fragment(p.t, "conversation", "message", p.views(r, c, []chat.Message{m}, names)[0])
}
