package chat

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
)

// Message kinds. Users send text and image through the public API; the
// others are posted by the host (order cards, system notes, transfers and
// red packets) or by apps (mini-program cards, through chat.send).
const (
	MsgText            = "text"
	MsgImage           = "image"
	MsgMiniProgramCard = "mini_program_card"
	MsgOrderCard       = "order_card"
	MsgSystem          = "system"
	MsgTransfer        = "transfer"
	MsgRedPacket       = "red_packet"
)

// Sender kinds.
const (
	SenderUser   = "user"
	SenderBrand  = "brand" // brand staff answering a service conversation as the brand
	SenderApp    = "app"   // SenderID is the installation id
	SenderSystem = "system"
)

// Message is one message. Body is the kind's JSON, normalized by the host.
type Message struct {
	ID             string          `json:"id"`
	ConversationID string          `json:"conversation_id"`
	Seq            int64           `json:"seq"`
	SenderKind     string          `json:"sender_kind" enum:"user,brand,app,system"`
	SenderID       string          `json:"sender_id"`
	BrandOrgID     string          `json:"brand_org_id,omitempty"`
	Kind           string          `json:"kind" enum:"text,image,mini_program_card,order_card,system,transfer,red_packet"`
	Body           json.RawMessage `json:"body"`
	ClientMsgID    string          `json:"client_message_id,omitempty"`
	CreatedAt      time.Time       `json:"created_at"`
	EditedAt       *time.Time      `json:"edited_at,omitempty"`
	RecalledAt     *time.Time      `json:"recalled_at,omitempty"`
}

// SendInput is a message to post. SenderKind defaults to user when
// SenderID is set and system when it is empty.
type SendInput struct {
	ConversationID string
	SenderID       string
	SenderKind     string
	Kind           string
	Body           json.RawMessage
	// ClientMsgID makes the send idempotent per sender: the same id with
	// the same content returns the original message; with other content,
	// a client_id_reused error.
	ClientMsgID string
}

// Bodies of the kinds the host validates field by field.
type textBody struct {
	Text string `json:"text"`
}

type imageBody struct {
	Key         string `json:"key"`
	ContentType string `json:"content_type,omitempty"`
	Size        int64  `json:"size,omitempty"`
	// Alt describes the image for people who cannot see it (optional,
	// at most MaxAltRunes characters).
	Alt string `json:"alt,omitempty"`
}

// MaxAltRunes bounds an image's description.
const MaxAltRunes = 300

// CardOpen is the "open" action of a mini-program card: which page of the
// installation's app to open, with what params.
type CardOpen struct {
	Page   string          `json:"page,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
}

type cardBody struct {
	InstallationID string          `json:"installation_id"`
	Title          string          `json:"title,omitempty"`
	View           json.RawMessage `json:"view"`
	Open           CardOpen        `json:"open"`
}

type orderCardBody struct {
	OrderID string          `json:"order_id"`
	Event   string          `json:"event,omitempty"`
	Text    string          `json:"text,omitempty"`
	Summary json.RawMessage `json:"summary,omitempty"`
}

func strictDecode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}

// normalize checks a body for its kind and returns the canonical JSON.
// Image bodies are completed from the upload record by the caller.
func (s *Service) normalize(kind string, raw json.RawMessage) ([]byte, error) {
	if len(raw) > s.opts.MaxBodyBytes {
		return nil, fail(CodeTooLarge, "the message body is %d bytes; the limit is %d", len(raw), s.opts.MaxBodyBytes)
	}
	bad := func(format string, args ...any) ([]byte, error) {
		return nil, fail(CodeInvalid, kind+": "+format, args...)
	}
	switch kind {
	case MsgText:
		var b textBody
		if err := strictDecode(raw, &b); err != nil {
			return bad("body must be {\"text\": string} (%v)", err)
		}
		if strings.TrimSpace(b.Text) == "" || !utf8.ValidString(b.Text) {
			return bad("text must be non-empty UTF-8")
		}
		if len(b.Text) > s.opts.MaxTextBytes {
			return nil, fail(CodeTooLarge, "the text is %d bytes; the limit is %d", len(b.Text), s.opts.MaxTextBytes)
		}
		return json.Marshal(b)
	case MsgImage:
		var b imageBody
		if err := strictDecode(raw, &b); err != nil {
			return bad("body must be {\"key\": string, \"alt\"?: string} (%v)", err)
		}
		if !strings.HasPrefix(b.Key, imagePrefix+"/") || len(b.Key) > 256 {
			return bad("key must be the key an image upload returned")
		}
		b.Alt = strings.TrimSpace(b.Alt)
		if !utf8.ValidString(b.Alt) || utf8.RuneCountInString(b.Alt) > MaxAltRunes {
			return bad("alt is at most %d characters of UTF-8", MaxAltRunes)
		}
		return json.Marshal(b)
	case MsgMiniProgramCard:
		var b cardBody
		if err := strictDecode(raw, &b); err != nil {
			return bad("body must be {installation_id, title?, view, open} (%v)", err)
		}
		if b.InstallationID == "" {
			return bad("installation_id is required")
		}
		if utf8.RuneCountInString(b.Title) > 100 {
			return bad("title is at most 100 characters")
		}
		v, err := runtime.ValidateView(b.View, runtime.DefaultViewLimits())
		if err != nil {
			return bad("view: %v", err)
		}
		if b.View, err = json.Marshal(v); err != nil {
			return nil, err
		}
		if len(b.Open.Page) > 64 {
			return bad("open.page is at most 64 bytes")
		}
		if len(b.Open.Params) > 0 {
			var m map[string]any
			if json.Unmarshal(b.Open.Params, &m) != nil || m == nil {
				return bad("open.params must be an object")
			}
			if len(b.Open.Params) > 2048 {
				return bad("open.params is at most 2048 bytes")
			}
			b.Open.Params, _ = json.Marshal(m)
		}
		return json.Marshal(b)
	case MsgOrderCard:
		var b orderCardBody
		if err := strictDecode(raw, &b); err != nil {
			return bad("body must be {order_id, event?, text?, summary?} (%v)", err)
		}
		if b.OrderID == "" {
			return bad("order_id is required")
		}
		if len(b.Text) > s.opts.MaxTextBytes {
			return nil, fail(CodeTooLarge, "the text is %d bytes; the limit is %d", len(b.Text), s.opts.MaxTextBytes)
		}
		return json.Marshal(b)
	case MsgSystem, MsgTransfer, MsgRedPacket:
		// Host-made bodies: any JSON object, stored compact.
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			return bad("body must be a JSON object")
		}
		return json.Marshal(m)
	}
	return nil, fail(CodeInvalid, "unknown message kind %q", truncate(kind, 40))
}

func bodyHash(convID, kind string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(convID))
	h.Write([]byte{0})
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

const msgColumns = `id, conversation_id, seq, sender_kind, sender_id, COALESCE(brand_org_id, ''), kind, body, COALESCE(client_msg_id, ''), created_at, edited_at, recalled_at`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var body string
	var created int64
	var edited, recalled sql.NullInt64
	err := row.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.SenderKind, &m.SenderID, &m.BrandOrgID, &m.Kind, &body, &m.ClientMsgID, &created, &edited, &recalled)
	if err != nil {
		return m, err
	}
	m.Body = json.RawMessage(body)
	m.CreatedAt = micros(created)
	if edited.Valid {
		m.EditedAt = optMicros(&edited.Int64)
	}
	if recalled.Valid {
		m.RecalledAt = optMicros(&recalled.Int64)
	}
	return m, nil
}

// prepared is a message checked and ready to insert.
type prepared struct {
	SendInput
	brandOrgID string
	body       []byte
	hash       string
}

// existing returns the message this sender already sent with this client
// id: the original when the content matches, client_id_reused when not.
func (s *Service) existing(ctx context.Context, q store.Querier, p *prepared) (Message, bool, error) {
	if p.ClientMsgID == "" {
		return Message{}, false, nil
	}
	var hash string
	m, err := scanMessageHash(q.QueryRowContext(ctx, `SELECT `+msgColumns+`, body_hash FROM chat_messages WHERE sender_id = $1 AND client_msg_id = $2`, p.SenderID, p.ClientMsgID), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, false, nil
	}
	if err != nil {
		return Message{}, false, err
	}
	if hash != p.hash {
		return Message{}, false, fail(CodeClientIDReused, "client message id %q was already used for a different message", truncate(p.ClientMsgID, 64))
	}
	return m, true, nil
}

func scanMessageHash(row *sql.Row, hash *string) (Message, error) {
	return scanMessage(scanPlus{row, hash})
}

// scanPlus appends one destination to a message scan.
type scanPlus struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (s scanPlus) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// insertTx assigns the next seq of the conversation (its counter row is
// locked until commit, so concurrent senders queue and seqs have no gaps)
// and stores the message.
func (s *Service) insertTx(ctx context.Context, tx *store.Tx, p *prepared) (Message, error) {
	now := s.nowUS()
	var seq int64
	err := tx.QueryRowContext(ctx, `UPDATE chat_conversations SET last_seq = last_seq + 1, last_message_at = $2 WHERE id = $1 RETURNING last_seq`,
		p.ConversationID, now).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fail(CodeNotFound, "no such conversation")
	}
	if err != nil {
		return Message{}, err
	}
	m := Message{ID: store.NewID("msg"), ConversationID: p.ConversationID, Seq: seq, SenderKind: p.SenderKind, SenderID: p.SenderID,
		BrandOrgID: p.brandOrgID, Kind: p.Kind, Body: json.RawMessage(p.body), ClientMsgID: p.ClientMsgID, CreatedAt: micros(now)}
	_, err = tx.ExecContext(ctx, `INSERT INTO chat_messages (id, conversation_id, seq, sender_kind, sender_id, brand_org_id, kind, body, client_msg_id, body_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		m.ID, m.ConversationID, m.Seq, m.SenderKind, m.SenderID, nullStr(m.BrandOrgID), m.Kind, string(p.body), nullStr(m.ClientMsgID), p.hash, now)
	return m, err
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// systemTx posts a system message in tx (membership changes, order notes).
func (s *Service) systemTx(ctx context.Context, tx *store.Tx, convID string, body map[string]any) (Message, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return Message{}, err
	}
	p := &prepared{SendInput: SendInput{ConversationID: convID, SenderID: SenderSystem, SenderKind: SenderSystem, Kind: MsgSystem}, body: raw}
	p.hash = bodyHash(convID, MsgSystem, raw)
	return s.insertTx(ctx, tx, p)
}

// sendPlan is how one send is checked inside its transaction.
type sendPlan struct {
	// rate is the token bucket charged ("" none).
	rate      string
	rateLimit RateLimit
	// check runs in the transaction before the seq is taken (membership,
	// app window); it may set the message's brand. ctx is the send's (in a
	// batch, without the caller's cancellation).
	check func(ctx context.Context, tx *store.Tx, p *prepared) error
	// after runs in the transaction once the message is stored.
	after func(ctx context.Context, tx *store.Tx, m Message) error
	// rejectsLate says after may refuse the send (the app's window): in a
	// batch the send then runs in a savepoint, since its seq is taken.
	rejectsLate bool
}

// send is the one path every message takes: normalize, then in one
// transaction return the original of a retried client id, check and
// charge, insert with the next seq; publish after commit. Concurrent sends
// share transactions (see commitSends): a send returns once the batch
// carrying it has committed, never before.
func (s *Service) send(ctx context.Context, in SendInput, plan sendPlan) (Message, error) {
	p, err := s.prepare(in)
	if err != nil {
		return Message{}, err
	}
	var m Message
	dup := false
	if s.sends == nil || s.db.InRequest(ctx) {
		// Unbatched, or inside a request transaction (store.BeginRequest):
		// the message belongs to the request's commit, not to a batch.
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			m, dup, err = s.sendInTx(ctx, tx, p, plan)
			return err
		})
		if err == nil && !dup {
			s.publishMessage(ctx, EventMessage, m)
		}
	} else {
		u := &sendUnit{ctx: context.WithoutCancel(ctx), p: p, plan: plan}
		if err = s.sends.Do(ctx, u); err == nil {
			m, dup, err = u.m, u.dup, u.err
		}
	}
	if err != nil && store.IsUniqueViolation(err) && p.ClientMsgID != "" {
		// A concurrent retry of the same client id won the race.
		m, dup, err = s.existing(ctx, s.db, p)
		if err == nil && !dup {
			err = errors.New("chat: client id conflict without a stored message")
		}
	}
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

func (s *Service) prepare(in SendInput) (*prepared, error) {
	if in.SenderKind == "" {
		in.SenderKind = SenderUser
		if in.SenderID == "" {
			in.SenderKind, in.SenderID = SenderSystem, SenderSystem
		}
	}
	if len(in.ClientMsgID) > 64 || (in.ClientMsgID != "" && !printableASCII(in.ClientMsgID)) {
		return nil, fail(CodeInvalidRequest, "a client message id is 1 to 64 printable ASCII characters")
	}
	body, err := s.normalize(in.Kind, in.Body)
	if err != nil {
		return nil, err
	}
	return &prepared{SendInput: in, body: body}, nil
}

func (s *Service) sendInTx(ctx context.Context, tx *store.Tx, p *prepared, plan sendPlan) (Message, bool, error) {
	m, dup, _, err := s.sendStaged(ctx, tx, p, plan)
	return m, dup, err
}

// sendStaged is sendInTx that also says whether a failure left the
// transaction as it found it (clean): a rejection (a chat error code)
// decided before the message took its seq. Anything else — a database
// error, which on PostgreSQL aborts the transaction, or a failure once the
// seq is taken — must be rolled back.
func (s *Service) sendStaged(ctx context.Context, tx *store.Tx, p *prepared, plan sendPlan) (m Message, dup, clean bool, err error) {
	defer func() { clean = err != nil && clean && Code(err) != "" }()
	if plan.check != nil {
		if err := plan.check(ctx, tx, p); err != nil {
			return Message{}, false, true, err
		}
	}
	p.hash = bodyHash(p.ConversationID, p.Kind, p.body)
	if m, dup, err := s.existing(ctx, tx, p); err != nil || dup {
		return m, dup, true, err
	}
	if plan.rate != "" {
		if err := s.takeToken(ctx, tx, plan.rate, plan.rateLimit); err != nil {
			return Message{}, false, true, err
		}
	}
	// insertTx's own rejection (no such conversation) comes before its
	// first write.
	if m, err = s.insertTx(ctx, tx, p); err != nil {
		return Message{}, false, true, err
	}
	if plan.after != nil {
		if err := plan.after(ctx, tx, m); err != nil {
			return Message{}, false, false, err
		}
	}
	return m, false, false, nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Send posts a message of any kind for the host: system notes, order cards,
// transfers and red packets (chat money), cards. A user sender must be able
// to post in the conversation; no rate limit applies (the caller has its
// own rules). Use UserSend for what users type.
func (s *Service) Send(ctx context.Context, in SendInput) (Message, error) {
	return s.send(ctx, in, s.hostPlan())
}

// hostPlan checks that a user sender may post; brand staff post as the brand.
func (s *Service) hostPlan() sendPlan {
	return sendPlan{check: func(ctx context.Context, tx *store.Tx, p *prepared) error {
		if p.SenderKind != SenderUser && p.SenderKind != SenderBrand {
			return nil
		}
		c, err := s.access(ctx, tx, p.SenderID, p.ConversationID)
		if err != nil {
			return err
		}
		if c.Role == RoleStaff {
			p.SenderKind, p.brandOrgID = SenderBrand, c.BrandOrgID
		}
		return nil
	}}
}

// SendTx is Send inside the caller's transaction, for changes that must
// commit with their message (chat money posts a transfer card in the
// ledger's transaction). It does not publish: after the transaction commits,
// call Announce with the message unless dup is true (a retried client id
// returned the original). Two concurrent first sends of one client id make
// the caller's transaction fail with a unique violation; retry it.
func (s *Service) SendTx(ctx context.Context, tx *store.Tx, in SendInput) (m Message, dup bool, err error) {
	p, err := s.prepare(in)
	if err != nil {
		return Message{}, false, err
	}
	return s.sendInTx(ctx, tx, p, s.hostPlan())
}

// restated announces that the state a host message shows has changed (a
// transfer accepted, declined or expired; a red packet finished or
// expired) as an edit event with the message as stored, so open pages
// render it again. The message is the one senderID posted with
// clientMsgID; nothing is announced if there is none.
func (s *Service) restated(ctx context.Context, convID, senderID, clientMsgID string) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE sender_id = $1 AND client_msg_id = $2`,
		senderID, clientMsgID))
	if err != nil || m.ConversationID != convID {
		return
	}
	s.publishMessage(ctx, EventEdit, m)
}

// Announce publishes a message committed through SendTx.
func (s *Service) Announce(ctx context.Context, m Message) { s.publishMessage(ctx, EventMessage, m) }

// UserSend is what a user posts through the API: text or an image they
// uploaded, rate-limited per user. Brand staff in a service conversation
// post as the brand. A shopper's message in a service conversation opens
// the app's messaging window and is handed to the app by a job.
func (s *Service) UserSend(ctx context.Context, userID, convID, kind string, body json.RawMessage, clientMsgID string) (Message, error) {
	if kind != MsgText && kind != MsgImage {
		return Message{}, fail(CodeInvalid, "users send text and image messages; %q is posted by the host", truncate(kind, 40))
	}
	in := SendInput{ConversationID: convID, SenderID: userID, SenderKind: SenderUser, Kind: kind, Body: body, ClientMsgID: clientMsgID}
	return s.send(ctx, in, s.userPlan(userID, convID, kind))
}

// userPlan checks a user's send: a member (or the brand's staff, who post
// as the brand), an image they uploaded, within the user's rate; a
// shopper's message opens the app's window.
func (s *Service) userPlan(userID, convID, kind string) sendPlan {
	var conv Conversation
	return sendPlan{
		rate: "user:" + userID, rateLimit: s.opts.UserRate,
		check: func(ctx context.Context, tx *store.Tx, p *prepared) error {
			var err error
			if conv, err = s.access(ctx, tx, userID, convID); err != nil {
				return err
			}
			if conv.Role == RoleStaff {
				p.SenderKind, p.brandOrgID = SenderBrand, conv.BrandOrgID
			}
			if kind == MsgImage {
				return s.completeImage(ctx, tx, userID, p)
			}
			return nil
		},
		after: func(ctx context.Context, tx *store.Tx, m Message) error {
			if conv.Kind != KindService || conv.ShopperID == "" {
				return nil
			}
			if conv.Role == RoleStaff {
				return s.answeredTx(ctx, tx, conv.BrandOrgID, conv.ShopperID, userID)
			}
			if userID != conv.ShopperID {
				return nil
			}
			if _, err := s.assignTx(ctx, tx, conv.BrandOrgID, conv.ShopperID); err != nil {
				return err
			}
			return s.shopperPostedTx(ctx, tx, conv, m)
		},
	}
}

// Message returns one message of a conversation the user may read.
func (s *Service) Message(ctx context.Context, userID, convID string, seq int64) (Message, error) {
	if _, err := s.access(ctx, s.db, userID, convID); err != nil {
		return Message{}, err
	}
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE conversation_id = $1 AND seq = $2`, convID, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fail(CodeNotFound, "no such message")
	}
	return m, err
}

func (s *Service) publishMessage(ctx context.Context, typ string, m Message) {
	to, err := s.Recipients(ctx, m.ConversationID)
	if err != nil {
		s.log.Error("chat: recipients", "conversation", m.ConversationID, "error", err.Error())
		return
	}
	mm := m
	s.pub.Publish(ctx, Event{Type: typ, ConversationID: m.ConversationID, Seq: m.Seq, Message: &mm, UserID: m.SenderID, At: s.now().UTC(), Members: to})
}

// publishMember announces a membership change; extra are recipients who
// are no longer members (the one who left or was removed).
func (s *Service) publishMember(ctx context.Context, convID, userID string, extra []string) {
	to, err := s.Recipients(ctx, convID)
	if err != nil {
		s.log.Error("chat: recipients", "conversation", convID, "error", err.Error())
		return
	}
	to = append(to, extra...)
	s.pub.Publish(ctx, Event{Type: EventMember, ConversationID: convID, UserID: userID, At: s.now().UTC(), Members: to})
}
