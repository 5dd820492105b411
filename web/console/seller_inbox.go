package console

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// The customer-service pages (the inbox): the brand's service
// conversations with who serves each shopper (chat's assignments), a
// conversation with the shopper's orders with this brand beside it, quick
// replies and the brand's apps as mini-program cards; managers reassign
// shoppers one by one or in bulk and see each staff member's activity; every
// staff member has a personal contact QR code and link (/contact/{code}).
// The conversation page opens the chat socket, so the shopper's messages
// arrive live (souk.js fetches them from /chats/{id}/messages, which brand
// staff may read).

// BrandApp is one of a brand's installed apps, for mini-program cards.
type BrandApp struct {
	InstallationID, Name string
}

// BrandApps lists a brand's active installations (nil: no cards).
type BrandApps func(ctx context.Context, brandOrgID string) ([]BrandApp, error)

const chatSocket = "/api/v1/chat/ws"

type inboxRow struct {
	ID, Shopper, Agent, Preview, Last string
	Unread                            int64
	Waiting                           bool
	ShopperID                         string
}

type staffOption struct {
	ID, Name, Role string
	Selected       bool
}

type inboxData struct {
	View  string // mine, waiting, unassigned, all
	Views []string
	Rows  []inboxRow
	Staff []staffOption // reassignment targets (managers)
	// OnDuty is the caller's own state.
	OnDuty bool
	// Older is the next page's URL ("" on the last).
	Older string
}

// inboxPage is how many conversations the inbox lists at a time.
const inboxPage = 50

var inboxViews = []string{"mine", "waiting", "unassigned", "all"}

// people names users for staff: display name, else @handle, else email.
func (p *seller) people(ctx context.Context, ids ...string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || id == "" {
			continue
		}
		u, err := p.Identity.UserByID(ctx, id)
		if err != nil {
			out[id] = "?"
			continue
		}
		prof, err := p.Identity.Profile(ctx, id)
		switch {
		case err == nil && prof.DisplayName != "":
			out[id] = prof.DisplayName
		case err == nil && prof.Handle != "":
			out[id] = "@" + prof.Handle
		default:
			out[id] = u.Email
		}
	}
	return out
}

// staffOptions are the brand's staff who may take shoppers (not leaving).
func (p *seller) staffOptions(r *site.Req, b brandCtx, selected string) ([]staffOption, error) {
	act, err := p.Chat.Activity(r.Context(), r.UserID(), b.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range act {
		ids = append(ids, a.UserID)
	}
	names := p.people(r.Context(), ids...)
	var out []staffOption
	for _, a := range act {
		if !a.Leaving {
			out = append(out, staffOption{ID: a.UserID, Name: names[a.UserID], Role: a.Role, Selected: a.UserID == selected})
		}
	}
	return out, nil
}

func (p *seller) inbox(r *site.Req, b brandCtx) error {
	view := r.Query("view")
	if !contains(inboxViews, view) {
		view = "mine"
		if b.CanManage {
			view = "all"
		}
	}
	q := chat.InboxQuery{BeforeID: r.Query("before"), Limit: inboxPage}
	switch view {
	case "mine":
		q.AgentID = r.UserID()
	case "waiting":
		q.AgentID, q.Waiting = r.UserID(), true
	case "unassigned":
		q.Unassigned = true
	}
	items, err := p.Chat.ServiceInbox(r.Context(), r.UserID(), b.ID, q)
	if err != nil {
		return err
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ShopperID, it.AgentID)
	}
	names := p.people(r.Context(), ids...)
	d := inboxData{View: view, Views: inboxViews, OnDuty: p.onDuty(r, b)}
	for _, it := range items {
		row := inboxRow{ID: it.ID, ShopperID: it.ShopperID, Shopper: names[it.ShopperID], Agent: names[it.AgentID], Unread: it.Unread, Waiting: it.WaitingSince != nil}
		if it.LastMessageAt != nil {
			row.Last = it.LastMessageAt.UTC().Format("2006-01-02 15:04")
		}
		if m, err := p.Chat.Message(r.Context(), r.UserID(), it.ID, it.LastSeq); err == nil {
			row.Preview = preview(r, m)
		}
		d.Rows = append(d.Rows, row)
	}
	if len(items) == inboxPage {
		d.Older = "/seller/" + b.ID + "/inbox?" + url.Values{"view": {view}, "before": {items[len(items)-1].ID}}.Encode()
	}
	if b.CanManage {
		if d.Staff, err = p.staffOptions(r, b, ""); err != nil {
			return err
		}
	}
	return p.renderNotice(r, http.StatusOK, "inbox", "seller.inbox.title", b, d)
}

// onDuty reads the caller's own duty state from the activity list when
// they manage, else from their assignment-free default (agents start on
// duty).
func (p *seller) onDuty(r *site.Req, b brandCtx) bool {
	on, err := p.Chat.OnDuty(r.Context(), r.UserID(), b.ID)
	return err == nil && on
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
	s := body.Text
	if s == "" {
		s = body.Title
	}
	if s == "" {
		s = r.L.T("chat.kind." + m.Kind)
	}
	if len([]rune(s)) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}

// renderNotice renders a seller page with the notice named by ?done=….
func (p *seller) renderNotice(r *site.Req, status int, name, titleKey string, b brandCtx, data any) error {
	done := r.Query("done")
	return p.render(r, status, name, titleKey, b, data, func(pg *site.Page) {
		if done != "" && len(done) < 40 && !strings.ContainsAny(done, " /") {
			pg.Notice = r.L.T("seller.done." + done)
		}
		if e := r.Query("error"); e != "" && len(e) < 40 && !strings.ContainsAny(e, " /") {
			pg.Error = r.L.T("seller.failed." + e)
		}
	})
}

// --- One conversation ---

type msgRow struct {
	Seq                   int64
	Sender, Text, Time    string
	Brand, System, Mine   bool
	CreatedAt             time.Time
	ConvID                string
	HandoverFrom, HandoTo string
	Card                  string
}

type convOrder struct {
	ID, State, Total, Created string
}

type convData struct {
	ConvID, ShopperID, Shopper, Agent, Source string
	Messages                                  []msgRow
	LastSeq                                   int64
	Names                                     string
	ClientID                                  string
	Orders                                    []convOrder
	Replies                                   []chat.QuickReply
	Apps                                      []BrandApp
	Staff                                     []staffOption
	Text                                      string
}

func newClientID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "web_" + hex.EncodeToString(b)
}

func (p *seller) serviceConv(r *site.Req, b brandCtx) (chat.Conversation, error) {
	c, err := p.Chat.Access(r.Context(), r.UserID(), r.Params("convId"))
	if chat.Code(err) == chat.CodeNotFound || (err == nil && (c.Kind != chat.KindService || c.BrandOrgID != b.ID || c.Role != chat.RoleStaff)) {
		return c, r.NotFound()
	}
	return c, err
}

func (p *seller) conversation(r *site.Req, b brandCtx) error {
	c, err := p.serviceConv(r, b)
	if err != nil {
		return err
	}
	return p.showConversation(r, b, c, http.StatusOK, "")
}

func (p *seller) showConversation(r *site.Req, b brandCtx, c chat.Conversation, status int, errKey string) error {
	ctx := r.Context()
	pg, err := p.Chat.History(ctx, r.UserID(), c.ID, chat.HistoryQuery{Limit: 50})
	if err != nil {
		return err
	}
	a, err := p.Chat.Assignment(ctx, r.UserID(), b.ID, c.ShopperID)
	if err != nil {
		return err
	}
	ids := []string{c.ShopperID, a.AgentID}
	for _, m := range pg.Messages {
		if m.SenderKind == chat.SenderUser || m.SenderKind == chat.SenderBrand {
			ids = append(ids, m.SenderID)
		}
		if m.Kind == chat.MsgSystem {
			var n struct{ From, To string }
			if json.Unmarshal(m.Body, &n) == nil {
				ids = append(ids, n.From, n.To)
			}
		}
	}
	names := p.people(ctx, ids...)
	d := convData{ConvID: c.ID, ShopperID: c.ShopperID, Shopper: names[c.ShopperID], Agent: names[a.AgentID], Source: a.Source,
		LastSeq: pg.LastSeq, ClientID: newClientID(), Text: r.FormValue("text")}
	if a.AgentID == "" {
		d.Agent = ""
	}
	for _, m := range pg.Messages {
		d.Messages = append(d.Messages, p.msgRow(r, m, names))
	}
	nb, _ := json.Marshal(names)
	d.Names = string(nb)
	if p.Commerce != nil {
		os, err := p.Commerce.Orders(ctx, commerce.OrderFilter{BrandID: b.ID, ShopperID: c.ShopperID, Limit: 10})
		if err != nil {
			return err
		}
		for _, o := range os {
			d.Orders = append(d.Orders, convOrder{ID: o.ID, State: string(o.State), Total: amount(o.Currency, o.Total) + " " + o.Currency, Created: fmtTime(o.CreatedAt)})
		}
	}
	if d.Replies, err = p.Chat.QuickReplies(ctx, r.UserID(), b.ID); err != nil {
		return err
	}
	if p.BrandApps != nil {
		if d.Apps, err = p.BrandApps(ctx, b.ID); err != nil {
			return err
		}
	}
	if b.CanManage {
		if d.Staff, err = p.staffOptions(r, b, a.AgentID); err != nil {
			return err
		}
	}
	if pg.LastSeq > 0 {
		_, _ = p.Chat.MarkRead(ctx, r.UserID(), c.ID, pg.LastSeq)
	}
	cur, _ := json.Marshal(map[string]int64{c.ID: pg.LastSeq})
	return p.render(r, status, "conversation", "seller.inbox.conversation", b, d, func(page *site.Page) {
		page.Title = d.Shopper + " · " + page.Title
		page.ChatSocket, page.ChatCursors = chatSocket, string(cur)
		if errKey != "" {
			page.Error = r.L.T(errKey)
		}
		if done := r.Query("done"); done == "card" || done == "reassigned" {
			page.Notice = r.L.T("seller.done." + done)
		}
	})
}

func (p *seller) msgRow(r *site.Req, m chat.Message, names map[string]string) msgRow {
	row := msgRow{Seq: m.Seq, Time: m.CreatedAt.UTC().Format("15:04"), CreatedAt: m.CreatedAt, ConvID: m.ConversationID}
	var body struct {
		Text, Title, Event, From, To, Reason string
	}
	_ = json.Unmarshal(m.Body, &body)
	row.Text = preview(r, m)
	switch m.SenderKind {
	case chat.SenderUser:
		row.Sender = names[m.SenderID]
	case chat.SenderBrand:
		row.Brand, row.Mine = true, m.SenderID == r.UserID()
		row.Sender = r.L.T("seller.inbox.staff_said", names[m.SenderID])
	case chat.SenderApp:
		row.Sender = r.L.T("chat.from_brand")
	case chat.SenderSystem:
		row.System = true
	}
	if m.Kind == chat.MsgMiniProgramCard {
		row.Card = body.Title
	}
	if m.Kind == chat.MsgSystem && body.Event == "service_handover" {
		to := names[body.To]
		if body.To == "" {
			to = r.L.T("seller.inbox.nobody")
		}
		row.Text = r.L.T("seller.inbox.handover", names[body.From], to, r.L.T("seller.inbox.reason."+body.Reason))
		if body.From == "" {
			row.Text = r.L.T("seller.inbox.handover_new", to, r.L.T("seller.inbox.reason."+body.Reason))
		}
	}
	return row
}

// reply sends the composer's text, or a quick reply, as the brand.
func (p *seller) reply(r *site.Req, b brandCtx) error {
	c, err := p.serviceConv(r, b)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.FormValue("text"))
	if id := r.FormValue("quick_reply"); id != "" {
		if text, err = p.Chat.QuickReplyText(r.Context(), r.UserID(), b.ID, id); chat.Code(err) == chat.CodeNotFound {
			return r.NotFound()
		} else if err != nil {
			return err
		}
	}
	if text == "" {
		return p.showConversation(r, b, c, http.StatusUnprocessableEntity, "seller.inbox.empty")
	}
	body, _ := json.Marshal(map[string]string{"text": text})
	_, err = p.Chat.BrandSend(r.Context(), r.UserID(), b.ID, c.ID, chat.MsgText, body, r.FormValue("client_id"))
	switch chat.Code(err) {
	case "":
	case chat.CodeRateLimited, chat.CodeTooLarge, chat.CodeInvalid:
		return p.showConversation(r, b, c, http.StatusUnprocessableEntity, "chat.error."+chat.Code(err))
	default:
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/inbox/" + c.ID)
}

// card sends one of the brand's apps as a mini-program card.
func (p *seller) card(r *site.Req, b brandCtx) error {
	c, err := p.serviceConv(r, b)
	if err != nil {
		return err
	}
	ins, title := r.FormValue("installation_id"), strings.TrimSpace(r.FormValue("title"))
	var app *BrandApp
	if p.BrandApps != nil {
		apps, err := p.BrandApps(r.Context(), b.ID)
		if err != nil {
			return err
		}
		for i := range apps {
			if apps[i].InstallationID == ins {
				app = &apps[i]
			}
		}
	}
	if app == nil {
		return r.NotFound()
	}
	if title == "" {
		title = app.Name
	}
	if len([]rune(title)) > 100 {
		return p.showConversation(r, b, c, http.StatusUnprocessableEntity, "seller.inbox.bad_card")
	}
	_, err = p.Chat.BrandSendCard(r.Context(), r.UserID(), b.ID, c.ID, ins, title, "home", r.FormValue("client_id"))
	switch chat.Code(err) {
	case "":
	case chat.CodeNotFound:
		return r.NotFound()
	case chat.CodeRateLimited, chat.CodeInvalid, chat.CodeTooLarge:
		return p.showConversation(r, b, c, http.StatusUnprocessableEntity, "chat.error."+chat.Code(err))
	default:
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/inbox/" + c.ID + "?done=card")
}

// reassign gives shoppers to a staff member: one (from a conversation) or
// the ones ticked in the inbox (bulk). Owners and managers.
func (p *seller) reassign(r *site.Req, b brandCtx) error {
	to := r.FormValue("to")
	var shoppers []string
	args := r.Request().PostArgs()
	for _, v := range args.PeekMulti("shopper") {
		shoppers = append(shoppers, string(v))
	}
	back, q := "/seller/"+b.ID+"/inbox", url.Values{}
	if conv := r.FormValue("conversation"); conv != "" {
		back += "/" + url.PathEscape(conv)
	} else if v := r.FormValue("view"); contains(inboxViews, v) {
		q.Set("view", v)
	}
	done := func(key, value string) error {
		q.Set(key, value)
		return r.SeeOther(back + "?" + q.Encode())
	}
	if len(shoppers) == 0 {
		return done("error", "no_shoppers")
	}
	_, err := p.Chat.Reassign(r.Context(), r.UserID(), b.ID, shoppers, to)
	switch chat.Code(err) {
	case "":
	case chat.CodeInvalidRequest, chat.CodeNotFound:
		return done("error", "reassign")
	case chat.CodeForbidden:
		return r.Forbidden()
	default:
		return err
	}
	return done("done", "reassigned")
}

// duty puts the caller on or off duty.
func (p *seller) duty(r *site.Req, b brandCtx) error {
	on := r.FormValue("on") == "1"
	err := p.Chat.SetOnDuty(r.Context(), r.UserID(), b.ID, r.UserID(), on)
	if chat.Code(err) == chat.CodeForbidden {
		return r.SeeOther("/seller/" + b.ID + "/inbox?error=leaving")
	}
	if err != nil {
		return err
	}
	done := "off_duty"
	if on {
		done = "on_duty"
	}
	return r.SeeOther("/seller/" + b.ID + "/inbox?done=" + done)
}

// --- Contact code ---

type contactData struct {
	Link string
	QR   template.URL // a data: URL of the PNG
}

// contact shows the caller's personal contact QR code and link.
func (p *seller) contact(r *site.Req, b brandCtx) error {
	code, err := p.Chat.ContactCode(r.Context(), r.UserID(), b.ID)
	if err != nil {
		return err
	}
	link := r.PublicBase() + "/contact/" + code
	png, err := qrcode.Encode(link, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	d := contactData{Link: link, QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}
	return p.render(r, http.StatusOK, "contact", "seller.contact.title", b, d, nil)
}

// openContact is the shopper's side of a contact code: connected to that
// staff member at once, in the conversation with the brand (its storefront
// app's, when it has one).
func (p *pages) openContact(r *site.Req) error {
	code := r.Params("code")
	c, err := p.Chat.LookupContact(r.Context(), code)
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	ins := ""
	if p.BrandApps != nil {
		if apps, err := p.BrandApps(r.Context(), c.BrandOrgID); err == nil && len(apps) > 0 {
			ins = apps[0].InstallationID
		}
	}
	conv, _, err := p.Chat.OpenContact(r.Context(), r.UserID(), code, ins)
	switch chat.Code(err) {
	case "":
	case chat.CodeNotFound, chat.CodeInvalidRequest:
		return r.NotFound()
	default:
		return err
	}
	return r.SeeOther("/chats/" + conv.ID)
}

// --- Service: activity and quick replies (owners, managers) ---

type activityRow struct {
	ID, Name, Role, AvgResponse string
	OnDuty, Leaving             bool
	Shoppers, Conversations     int64
	Waiting, Answered           int64
}

type serviceData struct {
	Activity []activityRow
	Replies  []chat.QuickReply
	Title    string
	Body     string
}

func fmtDuration(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	d = d.Round(time.Second)
	if d < time.Minute {
		return d.String()
	}
	return d.Truncate(time.Minute).String()
}

func (p *seller) service(r *site.Req, b brandCtx) error {
	return p.showService(r, b, http.StatusOK, serviceData{}, "")
}

func (p *seller) showService(r *site.Req, b brandCtx, status int, d serviceData, errKey string) error {
	act, err := p.Chat.Activity(r.Context(), r.UserID(), b.ID)
	if err != nil {
		return err
	}
	var ids []string
	for _, a := range act {
		ids = append(ids, a.UserID)
	}
	names := p.people(r.Context(), ids...)
	for _, a := range act {
		d.Activity = append(d.Activity, activityRow{ID: a.UserID, Name: names[a.UserID], Role: a.Role, OnDuty: a.OnDuty, Leaving: a.Leaving,
			Shoppers: a.Shoppers, Conversations: a.Conversations, Waiting: a.Waiting, Answered: a.Answered, AvgResponse: fmtDuration(a.AvgResponse)})
	}
	if d.Replies, err = p.Chat.QuickReplies(r.Context(), r.UserID(), b.ID); err != nil {
		return err
	}
	if errKey != "" {
		return p.render(r, status, "service", "seller.service.title", b, d, func(pg *site.Page) { pg.Error = r.L.T(errKey) })
	}
	return p.renderNotice(r, status, "service", "seller.service.title", b, d)
}

func (p *seller) addQuickReply(r *site.Req, b brandCtx) error {
	d := serviceData{Title: r.FormValue("title"), Body: r.FormValue("body")}
	_, err := p.Chat.AddQuickReply(r.Context(), r.UserID(), b.ID, d.Title, d.Body)
	if chat.Code(err) == chat.CodeInvalidRequest {
		return p.showService(r, b, http.StatusUnprocessableEntity, d, "seller.service.bad_reply")
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/service?done=reply_added")
}

func (p *seller) deleteQuickReply(r *site.Req, b brandCtx) error {
	err := p.Chat.DeleteQuickReply(r.Context(), r.UserID(), b.ID, r.Params("replyId"))
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/service?done=reply_deleted")
}

// personLabel is how the staff list names a member.
func personLabel(m identity.Member, names map[string]string) string {
	if n := names[m.UserID]; n != "" && n != m.Email {
		return n + " (" + m.Email + ")"
	}
	return m.Email
}
