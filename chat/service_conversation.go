package chat

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// EnsureServiceConversation returns the service conversation between a
// shopper and a brand's installation, creating it the first time (one per
// shopper and installation). The shopper is its only member; the brand's
// staff read and answer it as the brand; the app posts through chat.send.
func (s *Service) EnsureServiceConversation(ctx context.Context, shopperID, brandOrgID, installationID string) (Conversation, error) {
	if shopperID == "" || brandOrgID == "" || installationID == "" {
		return Conversation{}, fail(CodeInvalidRequest, "a service conversation needs a shopper, a brand and an installation")
	}
	key := "service:" + shopperID + "|" + installationID
	var id, brand string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := userExists(ctx, tx, shopperID); err != nil {
			return err
		}
		now := s.nowUS()
		err := tx.QueryRowContext(ctx, `INSERT INTO chat_conversations (id, kind, pair_key, shopper_id, brand_org_id, installation_id, created_at)
			VALUES ($1, 'service', $2, $3, $4, $5, $6) ON CONFLICT (pair_key) DO NOTHING RETURNING id, brand_org_id`,
			store.NewID("cnv"), key, shopperID, brandOrgID, installationID, now).Scan(&id, &brand)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.QueryRowContext(ctx, `SELECT id, brand_org_id FROM chat_conversations WHERE pair_key = $1`, key).Scan(&id, &brand)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)`, id, shopperID, now)
		return err
	})
	if err != nil {
		return Conversation{}, err
	}
	if brand != brandOrgID {
		return Conversation{}, fail(CodeInvalidRequest, "installation %s belongs to another brand", installationID)
	}
	return s.access(ctx, s.db, shopperID, id)
}

// OpenService is the shopper's side: the service conversation with an
// installation, whose brand comes from the installation record.
func (s *Service) OpenService(ctx context.Context, shopperID, installationID string) (Conversation, error) {
	if s.opts.Installations == nil {
		return Conversation{}, errors.New("chat: no installation lookup configured")
	}
	brand, err := s.opts.Installations(ctx, installationID)
	if errors.Is(err, store.ErrNotFound) || Code(err) == CodeNotFound || (err == nil && brand == "") {
		return Conversation{}, fail(CodeNotFound, "no such installation")
	}
	if err != nil {
		return Conversation{}, err
	}
	return s.EnsureServiceConversation(ctx, shopperID, brand, installationID)
}

// BrandInbox lists a brand's service conversations, most recent first, as
// the staff member userID sees them (their own read markers). The caller
// must be brand staff (owner, manager or agent); others get not_found.
func (s *Service) BrandInbox(ctx context.Context, userID, brandOrgID string, limit int) ([]Conversation, error) {
	ok, err := s.isStaff(ctx, s.db, userID, brandOrgID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail(CodeNotFound, "no such brand")
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+convColumns+`, COALESCE(r.read_seq, 0)
		FROM chat_conversations c LEFT JOIN chat_reads r ON r.conversation_id = c.id AND r.user_id = $2
		WHERE c.kind = 'service' AND c.brand_org_id = $1 ORDER BY c.last_message_at DESC, c.id LIMIT $3`, brandOrgID, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conversation{}
	for rows.Next() {
		var read int64
		c, err := scanConv(rows, &read)
		if err != nil {
			return nil, err
		}
		c.Role, c.ReadSeq, c.Unread = RoleStaff, read, max(c.LastSeq-read, 0)
		out = append(out, c)
	}
	return out, rows.Err()
}

// BrandSend is a staff member answering a service conversation of their
// brand as the brand (text or image, rate-limited like any user).
func (s *Service) BrandSend(ctx context.Context, userID, brandOrgID, convID, kind string, body json.RawMessage, clientMsgID string) (Message, error) {
	c, err := s.access(ctx, s.db, userID, convID)
	if err != nil {
		return Message{}, err
	}
	if c.Kind != KindService || c.BrandOrgID != brandOrgID || c.Role != RoleStaff {
		return Message{}, fail(CodeNotFound, "no such conversation in this brand's inbox")
	}
	return s.UserSend(ctx, userID, convID, kind, body, clientMsgID)
}

// shopperPostedTx runs in the transaction of a shopper's message in a
// service conversation: it opens a fresh app window (quota reset) and
// enqueues the job that hands the message to the app.
func (s *Service) shopperPostedTx(ctx context.Context, tx *store.Tx, c Conversation, m Message) error {
	until := s.nowUS() + s.opts.AppWindow.Microseconds()
	if _, err := tx.ExecContext(ctx, `UPDATE chat_conversations SET window_used = 0,
		window_until = CASE WHEN window_until > $2 THEN window_until ELSE $2 END WHERE id = $1`, c.ID, until); err != nil {
		return err
	}
	if s.opts.Jobs == nil {
		return nil
	}
	return s.opts.Jobs.EnqueueTx(ctx, tx, jobs.Job{Kind: JobAppMessage, Key: JobAppMessage + ":" + m.ID, Payload: appMessageJob{MessageID: m.ID}})
}

type appMessageJob struct {
	MessageID string `json:"message_id"`
}

// runAppMessage hands a shopper's message to the app. It re-reads the
// message and conversation, so a retry after a crash sends the same thing.
func (s *Service) runAppMessage(ctx context.Context, r jobs.Run) error {
	var p appMessageJob
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return nil // a malformed payload never becomes valid: drop it
	}
	h := s.opts.AppHandler
	if h == nil {
		return nil
	}
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE id = $1`, p.MessageID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var inst, shopper string
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(installation_id, ''), COALESCE(shopper_id, '') FROM chat_conversations WHERE id = $1`,
		m.ConversationID).Scan(&inst, &shopper); err != nil {
		return err
	}
	if inst == "" || m.SenderID != shopper || m.RecalledAt != nil {
		return nil
	}
	return h.OnShopperMessage(ctx, inst, shopper, m)
}

// PostOrderEvent posts an order card in the shopper's service conversation
// with the brand's installation and opens (or extends) the app's window:
// the app may then message the shopper about the order. eventID names the
// order event (its transition id): posting it again returns the first card
// (a retried job); without one, the same event with the same text counts as
// the same card.
func (s *Service) PostOrderEvent(ctx context.Context, eventID, shopperID, brandOrgID, installationID, orderID, event, text string) (Message, error) {
	c, err := s.EnsureServiceConversation(ctx, shopperID, brandOrgID, installationID)
	if err != nil {
		return Message{}, err
	}
	body, err := json.Marshal(orderCardBody{OrderID: orderID, Event: event, Text: text})
	if err != nil {
		return Message{}, err
	}
	key := "order:" + eventID
	if eventID == "" {
		sum := sha256.Sum256([]byte(text))
		key = "order:" + orderID + ":" + event + ":" + hex.EncodeToString(sum[:6])
	}
	in := SendInput{ConversationID: c.ID, SenderID: SenderSystem, SenderKind: SenderSystem, Kind: MsgOrderCard, Body: body,
		ClientMsgID: truncateID(key)}
	return s.send(ctx, in, sendPlan{after: func(ctx context.Context, tx *store.Tx, m Message) error {
		until := s.nowUS() + s.opts.OrderWindow.Microseconds()
		_, err := tx.ExecContext(ctx, `UPDATE chat_conversations SET window_used = 0,
			window_until = CASE WHEN window_until > $2 THEN window_until ELSE $2 END WHERE id = $1`, c.ID, until)
		return err
	}})
}

// truncateID keeps a derived client id within 64 bytes, hashing the rest.
func truncateID(id string) string {
	if len(id) <= 64 {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return id[:40] + ":" + hex.EncodeToString(sum[:11])
}

// AppSendInput is a message from an app (chat.send). Installation, brand
// and shopper come from the host's event, never from the app.
type AppSendInput struct {
	InstallationID, BrandOrgID, ShopperID string
	Kind                                  string // text or mini_program_card
	Body                                  json.RawMessage
	ClientMsgID                           string
}

// AppSend posts an app's message in the shopper's service conversation
// with the installation, under the messaging rules: only inside the window
// opened by the shopper's last message or by an order event, at most
// AppQuota messages per window, and within the app's rate.
func (s *Service) AppSend(ctx context.Context, in AppSendInput) (Message, error) {
	if in.Kind != MsgText && in.Kind != MsgMiniProgramCard {
		return Message{}, fail(CodeInvalid, "apps send text and mini_program_card messages")
	}
	if in.InstallationID == "" || in.ShopperID == "" {
		return Message{}, fail(CodeInvalidRequest, "an app message needs the installation and the shopper of the event")
	}
	if in.Kind == MsgMiniProgramCard {
		// The card always opens the sending installation.
		var m map[string]json.RawMessage
		if err := json.Unmarshal(in.Body, &m); err != nil || m == nil {
			return Message{}, fail(CodeInvalid, "mini_program_card: body must be an object")
		}
		m["installation_id"] = mustJSON(in.InstallationID)
		in.Body = mustJSON(m)
	}
	var convID string
	err := s.db.QueryRowContext(ctx, `SELECT id FROM chat_conversations WHERE pair_key = $1 AND brand_org_id = $2`,
		"service:"+in.ShopperID+"|"+in.InstallationID, in.BrandOrgID).Scan(&convID)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fail(CodeOutsideWindow, "the shopper has not messaged this app and has no order event with it")
	}
	if err != nil {
		return Message{}, err
	}
	send := SendInput{ConversationID: convID, SenderID: in.InstallationID, SenderKind: SenderApp, Kind: in.Kind, Body: in.Body, ClientMsgID: in.ClientMsgID}
	return s.send(ctx, send, sendPlan{
		rate: "app:" + in.InstallationID, rateLimit: s.opts.AppRate,
		check: func(_ context.Context, _ *store.Tx, p *prepared) error {
			p.brandOrgID = in.BrandOrgID
			return nil
		},
		after:       func(ctx context.Context, tx *store.Tx, _ Message) error { return s.chargeWindowTx(ctx, tx, convID) },
		rejectsLate: true,
	})
}

// chargeWindowTx counts one app message against the open window, or says
// why it cannot (the transaction then rolls back, seq and all).
func (s *Service) chargeWindowTx(ctx context.Context, tx *store.Tx, convID string) error {
	now := s.nowUS()
	res, err := tx.ExecContext(ctx, `UPDATE chat_conversations SET window_used = window_used + 1
		WHERE id = $1 AND window_until > $2 AND window_used < $3`, convID, now, s.opts.AppQuota)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var until int64
	if err := tx.QueryRowContext(ctx, `SELECT window_until FROM chat_conversations WHERE id = $1`, convID).Scan(&until); err != nil {
		return err
	}
	if until <= now {
		return fail(CodeOutsideWindow, "apps may message a shopper for %s after the shopper's last message or %s after an order event", s.opts.AppWindow, s.opts.OrderWindow)
	}
	return fail(CodeQuotaExceeded, "apps may send at most %d messages per window; wait for the shopper to write", s.opts.AppQuota)
}
