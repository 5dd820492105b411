package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/soukhq/souk/store"
)

// MaxPage bounds one page of history.
const MaxPage = 200

// HistoryQuery pages a conversation by seq. With After set the page holds
// the messages right after it, oldest first (catching up); otherwise the
// messages right before Before (0: the newest), also returned oldest first.
type HistoryQuery struct {
	Before, After int64
	Limit         int // 1..MaxPage, default 50
}

// MessagePage is one page of messages, in seq order. HasMore says whether more
// messages lie beyond the page in the direction paged.
type MessagePage struct {
	Messages []Message `json:"messages"`
	HasMore  bool      `json:"has_more"`
	LastSeq  int64     `json:"last_seq"`
}

// History returns a page of a conversation the user may read.
func (s *Service) History(ctx context.Context, userID, convID string, q HistoryQuery) (MessagePage, error) {
	c, err := s.access(ctx, s.db, userID, convID)
	if err != nil {
		return MessagePage{}, err
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if q.Before < 0 || q.After < 0 || q.Limit > MaxPage {
		return MessagePage{}, fail(CodeInvalidRequest, "before and after are seqs (0 or more); limit is 1 to %d", MaxPage)
	}
	var rows *sql.Rows
	if q.After > 0 {
		upper := q.Before
		if upper == 0 {
			upper = c.LastSeq + 1
		}
		rows, err = s.db.QueryContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE conversation_id = $1 AND seq > $2 AND seq < $3
			ORDER BY seq LIMIT $4`, convID, q.After, upper, q.Limit+1)
	} else {
		upper := q.Before
		if upper == 0 {
			upper = c.LastSeq + 1
		}
		rows, err = s.db.QueryContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE conversation_id = $1 AND seq < $2
			ORDER BY seq DESC LIMIT $3`, convID, upper, q.Limit+1)
	}
	if err != nil {
		return MessagePage{}, err
	}
	defer rows.Close()
	p := MessagePage{Messages: []Message{}, LastSeq: c.LastSeq}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return MessagePage{}, err
		}
		p.Messages = append(p.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return MessagePage{}, err
	}
	if len(p.Messages) > q.Limit {
		p.HasMore = true
		p.Messages = p.Messages[:q.Limit]
	}
	if q.After == 0 {
		slices.Reverse(p.Messages)
	}
	return p, nil
}

// MessagesAfter returns up to limit messages after afterSeq, in order: what
// a reconnecting client missed. Edits and recalls show in the returned
// rows (their content is current), so one catch-up covers them too.
func (s *Service) MessagesAfter(ctx context.Context, userID, convID string, afterSeq int64, limit int) ([]Message, error) {
	if afterSeq < 0 {
		afterSeq = 0
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	c, err := s.access(ctx, s.db, userID, convID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE conversation_id = $1 AND seq > $2 AND seq <= $3
		ORDER BY seq LIMIT $4`, convID, afterSeq, c.LastSeq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkRead moves the user's read marker to seq (clamped to the last seq);
// markers never move back. It returns the marker as stored.
func (s *Service) MarkRead(ctx context.Context, userID, convID string, seq int64) (int64, error) {
	if seq < 0 {
		return 0, fail(CodeInvalidRequest, "seq must be 0 or more")
	}
	var stored int64
	advanced := false
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.access(ctx, tx, userID, convID)
		if err != nil {
			return err
		}
		seq = min(seq, c.LastSeq)
		err = tx.QueryRowContext(ctx, `INSERT INTO chat_reads (conversation_id, user_id, read_seq, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (conversation_id, user_id) DO UPDATE SET
				read_seq = CASE WHEN excluded.read_seq > chat_reads.read_seq THEN excluded.read_seq ELSE chat_reads.read_seq END,
				updated_at = CASE WHEN excluded.read_seq > chat_reads.read_seq THEN excluded.updated_at ELSE chat_reads.updated_at END
			RETURNING read_seq`, convID, userID, seq, s.nowUS()).Scan(&stored)
		advanced = stored == seq && seq > c.ReadSeq
		return err
	})
	if err != nil {
		return 0, err
	}
	if advanced {
		if to, err := s.Recipients(ctx, convID); err == nil {
			s.pub.Publish(ctx, Event{Type: EventRead, ConversationID: convID, Seq: stored, UserID: userID, At: s.now().UTC(), Members: to})
		}
	}
	return stored, nil
}

// Typing tells the other readers the user is typing. Nothing is stored.
func (s *Service) Typing(ctx context.Context, userID, convID string) error {
	if _, err := s.access(ctx, s.db, userID, convID); err != nil {
		return err
	}
	to, err := s.Recipients(ctx, convID)
	if err != nil {
		return err
	}
	s.pub.Publish(ctx, Event{Type: EventTyping, ConversationID: convID, UserID: userID, At: s.now().UTC(), Members: to})
	return nil
}

// ownMessage loads a message the user sent, for edit and recall, and
// checks it is still inside the edit window.
func (s *Service) ownMessage(ctx context.Context, tx *store.Tx, userID, convID string, seq int64) (Message, error) {
	if _, err := s.access(ctx, tx, userID, convID); err != nil {
		return Message{}, err
	}
	m, err := scanMessage(tx.QueryRowContext(ctx, `SELECT `+msgColumns+` FROM chat_messages WHERE conversation_id = $1 AND seq = $2`, convID, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fail(CodeNotFound, "no such message")
	}
	if err != nil {
		return m, err
	}
	if m.SenderID != userID || (m.SenderKind != SenderUser && m.SenderKind != SenderBrand) {
		return m, fail(CodeForbidden, "you can change only your own messages")
	}
	if m.RecalledAt != nil {
		return m, fail(CodeInvalidRequest, "the message was recalled")
	}
	if s.now().Sub(m.CreatedAt) > s.opts.EditWindow {
		return m, fail(CodeEditWindow, "messages can be changed for %s after sending", s.opts.EditWindow)
	}
	return m, nil
}

// Edit replaces the text of the user's own text message within the edit
// window. The seq stays; edited_at is set.
func (s *Service) Edit(ctx context.Context, userID, convID string, seq int64, text string) (Message, error) {
	body, err := s.normalize(MsgText, mustJSON(textBody{Text: text}))
	if err != nil {
		return Message{}, err
	}
	var m Message
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if m, err = s.ownMessage(ctx, tx, userID, convID, seq); err != nil {
			return err
		}
		if m.Kind != MsgText {
			return fail(CodeInvalid, "only text messages can be edited")
		}
		now := s.nowUS()
		if _, err := tx.ExecContext(ctx, `UPDATE chat_messages SET body = $2, edited_at = $3 WHERE id = $1`, m.ID, string(body), now); err != nil {
			return err
		}
		m.Body, m.EditedAt = body, optMicros(&now)
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	s.publishMessage(ctx, EventEdit, m)
	return m, nil
}

// recalledBody is the tombstone a recalled message keeps.
var recalledBody = json.RawMessage(`{"recalled":true}`)

// Recall withdraws the user's own text or image message within the edit
// window: the content is replaced by a tombstone, the seq stays.
func (s *Service) Recall(ctx context.Context, userID, convID string, seq int64) (Message, error) {
	var m Message
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if m, err = s.ownMessage(ctx, tx, userID, convID, seq); err != nil {
			return err
		}
		if m.Kind != MsgText && m.Kind != MsgImage {
			return fail(CodeInvalid, "only text and image messages can be recalled")
		}
		now := s.nowUS()
		if _, err := tx.ExecContext(ctx, `UPDATE chat_messages SET body = $2, recalled_at = $3 WHERE id = $1`, m.ID, string(recalledBody), now); err != nil {
			return err
		}
		m.Body, m.RecalledAt = recalledBody, optMicros(&now)
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	s.publishMessage(ctx, EventRecall, m)
	return m, nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
