package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/store"
)

// InboxItem is one service conversation in a brand's shared inbox, with
// who serves its shopper and whether the shopper waits for an answer.
type InboxItem struct {
	Conversation
	AgentID      string     `json:"agent_id,omitempty"`
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
}

// InboxQuery filters the shared inbox.
type InboxQuery struct {
	// AgentID lists the conversations of that staff member's shoppers.
	AgentID string
	// Unassigned lists the conversations of shoppers nobody serves.
	Unassigned bool
	// Waiting lists only shoppers waiting for an answer.
	Waiting bool
	// Before pages: conversations whose last message is older than the
	// conversation BeforeID's (ties broken by id), as the list is ordered.
	BeforeID string
	Limit    int // default and maximum MaxPage
}

// ServiceInbox is BrandInbox with assignments: the brand's service
// conversations, most recent first, as the staff member userID sees them.
func (s *Service) ServiceInbox(ctx context.Context, userID, brandOrgID string, q InboxQuery) ([]InboxItem, error) {
	if ok, err := s.isStaff(ctx, s.db, userID, brandOrgID); err != nil || !ok {
		return nil, notFoundIf(err, !ok, "no such brand")
	}
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	where := ""
	args := []any{brandOrgID, userID, q.Limit}
	switch {
	case q.Unassigned:
		where = ` AND a.agent_id IS NULL`
	case q.AgentID != "":
		args = append(args, q.AgentID)
		where = ` AND a.agent_id = $4`
	}
	if q.Waiting {
		where += ` AND a.waiting_since > 0`
	}
	if q.BeforeID != "" {
		args = append(args, q.BeforeID)
		n := fmt.Sprintf("$%d", len(args))
		where += ` AND EXISTS (SELECT 1 FROM chat_conversations p WHERE p.id = ` + n + `
			AND (c.last_message_at < p.last_message_at OR (c.last_message_at = p.last_message_at AND c.id > p.id)))`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+convColumns+`, COALESCE(r.read_seq, 0), COALESCE(a.agent_id, ''), COALESCE(a.waiting_since, 0)
		FROM chat_conversations c
		LEFT JOIN chat_reads r ON r.conversation_id = c.id AND r.user_id = $2
		LEFT JOIN cs_assignments a ON a.brand_org_id = c.brand_org_id AND a.shopper_id = c.shopper_id
		WHERE c.kind = 'service' AND c.brand_org_id = $1`+where+` ORDER BY c.last_message_at DESC, c.id LIMIT $3`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InboxItem{}
	for rows.Next() {
		var read, waiting int64
		var it InboxItem
		it.Conversation, err = scanConv(rows, &read, &it.AgentID, &waiting)
		if err != nil {
			return nil, err
		}
		it.Role, it.ReadSeq, it.Unread = RoleStaff, read, max(it.LastSeq-read, 0)
		if waiting > 0 {
			t := micros(waiting)
			it.WaitingSince = &t
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// AgentActivity is one staff member's customer-service figures.
type AgentActivity struct {
	UserID  string `json:"user_id"`
	Role    string `json:"role"`
	OnDuty  bool   `json:"on_duty"`
	Leaving bool   `json:"leaving"`
	// Shoppers served now, conversations with them, shoppers waiting.
	Shoppers      int64 `json:"shoppers"`
	Conversations int64 `json:"conversations"`
	Waiting       int64 `json:"waiting"`
	// Answered counts answers to a waiting shopper; AvgResponse is their
	// mean first-response time (0 when none).
	Answered    int64         `json:"answered"`
	AvgResponse time.Duration `json:"avg_response_us"`
}

// Activity lists every staff member's customer-service figures (owners
// and managers only), agents first.
func (s *Service) Activity(ctx context.Context, actorID, brandOrgID string) ([]AgentActivity, error) {
	if err := s.managerOf(ctx, s.db, actorID, brandOrgID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, m.role,
			COALESCE(ag.on_duty, CASE WHEN m.role = 'agent' THEN 1 ELSE 0 END), COALESCE(ag.leaving, 0),
			(SELECT COUNT(*) FROM cs_assignments a WHERE a.brand_org_id = m.org_id AND a.agent_id = m.user_id),
			(SELECT COUNT(*) FROM cs_assignments a JOIN chat_conversations c ON c.kind = 'service' AND c.brand_org_id = a.brand_org_id AND c.shopper_id = a.shopper_id
				WHERE a.brand_org_id = m.org_id AND a.agent_id = m.user_id),
			(SELECT COUNT(*) FROM cs_assignments a WHERE a.brand_org_id = m.org_id AND a.agent_id = m.user_id AND a.waiting_since > 0),
			COALESCE(ag.answered, 0), COALESCE(ag.response_us_total, 0)
		FROM org_members m LEFT JOIN cs_agents ag ON ag.brand_org_id = m.org_id AND ag.user_id = m.user_id
		WHERE m.org_id = $1 AND m.role IN ('owner', 'manager', 'agent')
		ORDER BY CASE WHEN m.role = 'agent' THEN 0 ELSE 1 END, m.user_id`, brandOrgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AgentActivity{}
	for rows.Next() {
		var a AgentActivity
		var duty, leaving int
		var total int64
		if err := rows.Scan(&a.UserID, &a.Role, &duty, &leaving, &a.Shoppers, &a.Conversations, &a.Waiting, &a.Answered, &total); err != nil {
			return nil, err
		}
		a.OnDuty, a.Leaving = duty == 1, leaving == 1
		if a.Answered > 0 {
			a.AvgResponse = time.Duration(total/a.Answered) * time.Microsecond
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// QuickReply is a canned answer the brand's staff send with one click.
type QuickReply struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// QuickReplies lists the brand's quick replies, oldest first (any staff).
func (s *Service) QuickReplies(ctx context.Context, userID, brandOrgID string) ([]QuickReply, error) {
	if ok, err := s.isStaff(ctx, s.db, userID, brandOrgID); err != nil || !ok {
		return nil, notFoundIf(err, !ok, "no such brand")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, body, created_at FROM cs_quick_replies WHERE brand_org_id = $1 ORDER BY created_at, id LIMIT 200`, brandOrgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []QuickReply{}
	for rows.Next() {
		var q QuickReply
		var at int64
		if err := rows.Scan(&q.ID, &q.Title, &q.Body, &at); err != nil {
			return nil, err
		}
		q.CreatedAt = micros(at)
		out = append(out, q)
	}
	return out, rows.Err()
}

// AddQuickReply adds a quick reply (owners and managers): a title of 1 to
// 60 characters and a text of 1 to 1,000.
func (s *Service) AddQuickReply(ctx context.Context, actorID, brandOrgID, title, body string) (QuickReply, error) {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if n := utf8.RuneCountInString(title); n == 0 || n > 60 {
		return QuickReply{}, fail(CodeInvalidRequest, "a quick reply's title has 1 to 60 characters")
	}
	if n := utf8.RuneCountInString(body); n == 0 || n > 1000 {
		return QuickReply{}, fail(CodeInvalidRequest, "a quick reply's text has 1 to 1000 characters")
	}
	if err := s.managerOf(ctx, s.db, actorID, brandOrgID); err != nil {
		return QuickReply{}, err
	}
	q := QuickReply{ID: store.NewID("qr"), Title: title, Body: body, CreatedAt: micros(s.nowUS())}
	_, err := s.db.ExecContext(ctx, `INSERT INTO cs_quick_replies (id, brand_org_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
		q.ID, brandOrgID, q.Title, q.Body, q.CreatedAt.UnixMicro())
	return q, err
}

// DeleteQuickReply removes one (owners and managers).
func (s *Service) DeleteQuickReply(ctx context.Context, actorID, brandOrgID, id string) error {
	if err := s.managerOf(ctx, s.db, actorID, brandOrgID); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM cs_quick_replies WHERE brand_org_id = $1 AND id = $2`, brandOrgID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fail(CodeNotFound, "no such quick reply")
	}
	return nil
}

// QuickReplyText is one quick reply's text (any staff of the brand).
func (s *Service) QuickReplyText(ctx context.Context, userID, brandOrgID, id string) (string, error) {
	if ok, err := s.isStaff(ctx, s.db, userID, brandOrgID); err != nil || !ok {
		return "", notFoundIf(err, !ok, "no such brand")
	}
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT body FROM cs_quick_replies WHERE brand_org_id = $1 AND id = $2`, brandOrgID, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fail(CodeNotFound, "no such quick reply")
	}
	return body, err
}

// BrandSendCard is a staff member sending a mini-program card of one of
// the brand's installations in a service conversation, as the brand. The
// installation must belong to the brand (Options.Installations).
func (s *Service) BrandSendCard(ctx context.Context, userID, brandOrgID, convID, installationID, title, page, clientMsgID string) (Message, error) {
	c, err := s.access(ctx, s.db, userID, convID)
	if err != nil {
		return Message{}, err
	}
	if c.Kind != KindService || c.BrandOrgID != brandOrgID || c.Role != RoleStaff {
		return Message{}, fail(CodeNotFound, "no such conversation in this brand's inbox")
	}
	if s.opts.Installations == nil {
		return Message{}, errors.New("chat: no installation lookup configured")
	}
	owner, err := s.opts.Installations(ctx, installationID)
	if errors.Is(err, store.ErrNotFound) || Code(err) == CodeNotFound || (err == nil && owner != brandOrgID) {
		return Message{}, fail(CodeNotFound, "no such installation of this brand")
	}
	if err != nil {
		return Message{}, err
	}
	view, _ := json.Marshal(map[string]any{"type": "text", "text": title})
	body, err := json.Marshal(cardBody{InstallationID: installationID, Title: title, View: view, Open: CardOpen{Page: page}})
	if err != nil {
		return Message{}, err
	}
	in := SendInput{ConversationID: convID, SenderID: userID, SenderKind: SenderUser, Kind: MsgMiniProgramCard, Body: body, ClientMsgID: clientMsgID}
	return s.send(ctx, in, sendPlan{rate: "user:" + userID, rateLimit: s.opts.UserRate,
		check: func(ctx context.Context, tx *store.Tx, p *prepared) error {
			p.SenderKind, p.brandOrgID = SenderBrand, brandOrgID
			return nil
		},
		after: func(ctx context.Context, tx *store.Tx, m Message) error {
			if c.ShopperID == "" {
				return nil
			}
			return s.answeredTx(ctx, tx, brandOrgID, c.ShopperID, userID)
		}})
}
