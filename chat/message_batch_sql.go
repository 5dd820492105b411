package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/soukhq/souk/store"
)

// A batch's statements take their rows as one JSON array parameter, so each
// is one statement with one fixed text whatever the batch's size: prepared
// once on the SQLite writer (batchStmts), cached by pgx on PostgreSQL.
// The engines differ only in the function that turns the array into rows.
type batchSQL struct {
	access, existing, buckets, charge, seqs, lockConvs, insert string
}

func newBatchSQL(d store.Dialect) batchSQL {
	each := func(p string) string { return `json_each(` + p + `)` }
	if d == store.Postgres {
		each = func(p string) string { return `jsonb_array_elements(` + p + `::jsonb)` }
	}
	q := batchSQL{
		// access for every (conversation, member) pair of the batch.
		access: `SELECT ` + convColumns + `, m.user_id, m.role, r.read_seq
			FROM chat_members m JOIN chat_conversations c ON c.id = m.conversation_id
			LEFT JOIN chat_reads r ON r.conversation_id = m.conversation_id AND r.user_id = m.user_id
			WHERE (m.conversation_id, m.user_id) IN (SELECT value->>0, value->>1 FROM ` + each(`$1`) + `)`,
		// stored messages of the batch's (sender, client id) pairs.
		existing: `SELECT ` + msgColumns + `, body_hash FROM chat_messages
			WHERE (sender_id, client_msg_id) IN (SELECT value->>0, value->>1 FROM ` + each(`$1`) + `)`,
		// the batch's token buckets, created full when new.
		buckets: `INSERT INTO chat_rate_buckets (subject, tokens, updated_at)
			SELECT value->>'s', CAST(value->>'t' AS BIGINT), $2 FROM ` + each(`$1`) + ` WHERE true
			ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject RETURNING subject, tokens, updated_at`,
		seqs: `UPDATE chat_conversations SET last_seq = last_seq + CAST(v.value->>'n' AS BIGINT), last_message_at = $2
			FROM ` + each(`$1`) + ` AS v WHERE chat_conversations.id = v.value->>'c'
			RETURNING chat_conversations.id, chat_conversations.last_seq`,
		insert: `INSERT INTO chat_messages (id, conversation_id, seq, sender_kind, sender_id, brand_org_id, kind, body, client_msg_id, body_hash, created_at)
			SELECT value->>0, value->>1, CAST(value->>2 AS BIGINT), value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, $2
			FROM ` + each(`$1`),
	}
	if d == store.Postgres {
		q.charge = `UPDATE chat_rate_buckets SET tokens = CAST(v.value->>'t' AS BIGINT), updated_at = $2
			FROM ` + each(`$1`) + ` AS v WHERE chat_rate_buckets.subject = v.value->>'s'`
		// Two nodes' batches lock conversation rows in id order.
		q.lockConvs = `SELECT id FROM chat_conversations WHERE id IN (SELECT value->>0 FROM ` + each(`$1`) + `) ORDER BY id FOR UPDATE`
	} else {
		q.charge = `UPDATE chat_rate_buckets SET tokens = CAST(v.value->>'t' AS INTEGER), updated_at = $2
			FROM ` + each(`$1`) + ` AS v WHERE chat_rate_buckets.subject = v.value->>'s'`
	}
	return q
}

// batchStmts holds the batch statements prepared on the SQLite writer.
type batchStmts struct {
	once sync.Once
	byQ  map[string]*sql.Stmt
}

// prepareBatch prepares the batch statements once, outside any transaction
// (on SQLite it waits for the writer). If that fails, batches run the text.
func (s *Service) prepareBatch(ctx context.Context) {
	if s.db.Dialect != store.SQLite {
		return
	}
	s.stmts.once.Do(func() {
		m := map[string]*sql.Stmt{}
		for _, q := range []string{s.bsql.access, s.bsql.existing, s.bsql.buckets, s.bsql.charge, s.bsql.seqs, s.bsql.insert} {
			st, err := s.db.PrepareWrite(context.WithoutCancel(ctx), q)
			if err != nil {
				for _, st := range m {
					st.Close()
				}
				s.log.Warn("chat: prepare batch statements", "error", err.Error())
				return
			}
			m[q] = st
		}
		s.stmts.byQ = m
	})
}

func (s *Service) closeBatchStmts() {
	for _, st := range s.stmts.byQ {
		st.Close()
	}
}

// bq runs one of the batch queries in tx, prepared when it can be.
func (s *Service) bq(ctx context.Context, tx *store.Tx, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmts.byQ[q]; st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

func (s *Service) bexec(ctx context.Context, tx *store.Tx, q string, args ...any) error {
	var err error
	if st := s.stmts.byQ[q]; st != nil {
		_, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	} else {
		_, err = tx.ExecContext(ctx, q, args...)
	}
	return err
}

func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// accessKey is a (user, conversation) pair.
type accessKey struct{ user, conv string }

type accessCacheKey struct{}

// withAccess lets access answer from the batch's one read of its senders'
// memberships.
func withAccess(ctx context.Context, m map[accessKey]Conversation) context.Context {
	if len(m) == 0 {
		return ctx
	}
	return context.WithValue(ctx, accessCacheKey{}, m)
}

func cachedAccess(ctx context.Context, userID, convID string) (Conversation, bool) {
	m, _ := ctx.Value(accessCacheKey{}).(map[accessKey]Conversation)
	c, ok := m[accessKey{userID, convID}]
	return c, ok
}

// prefetchAccess reads, in one query, the conversation and role of every
// user sender of the batch who is a member. Others (brand staff of a
// service conversation, outsiders) are looked up one by one as before.
func (s *Service) prefetchAccess(ctx context.Context, tx *store.Tx, units []*sendUnit) (map[accessKey]Conversation, error) {
	var pairs [][2]string
	seen := map[accessKey]bool{}
	for _, u := range units {
		k := accessKey{u.p.SenderID, u.p.ConversationID}
		if u.plan.check != nil && (u.p.SenderKind == SenderUser || u.p.SenderKind == SenderBrand) && !seen[k] {
			seen[k] = true
			pairs = append(pairs, [2]string{k.conv, k.user})
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	arg, err := jsonArg(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := s.bq(ctx, tx, s.bsql.access, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[accessKey]Conversation, len(pairs))
	for rows.Next() {
		var user string
		var role sql.NullString
		var read sql.NullInt64
		c, err := scanConv(rows, &user, &role, &read)
		if err != nil {
			return nil, err
		}
		if c.Role = role.String; c.Role == "" {
			continue
		}
		c.ReadSeq = read.Int64
		c.Unread = max(c.LastSeq-c.ReadSeq, 0)
		out[accessKey{user, c.ID}] = c
	}
	return out, rows.Err()
}

// storedByClientID returns the stored messages of the batch's (sender,
// client id) pairs, with their body hashes, in one query.
func (s *Service) storedByClientID(ctx context.Context, tx *store.Tx, units []*sendUnit) (map[accessKey]storedMsg, error) {
	var pairs [][2]string
	for _, u := range units {
		if u.p.ClientMsgID != "" {
			pairs = append(pairs, [2]string{u.p.SenderID, u.p.ClientMsgID})
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	arg, err := jsonArg(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := s.bq(ctx, tx, s.bsql.existing, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[accessKey]storedMsg{}
	for rows.Next() {
		var sm storedMsg
		if sm.m, err = scanMessage(scanPlus{rows, &sm.hash}); err != nil {
			return nil, err
		}
		out[accessKey{sm.m.SenderID, sm.m.ClientMsgID}] = sm
	}
	return out, rows.Err()
}

type storedMsg struct {
	m    Message
	hash string
}

// bucket is a token bucket read once per batch and charged in memory.
type bucket struct {
	tokens, updated int64
	charged         bool
}

// loadBuckets reads (creating full ones) the buckets the batch charges.
func (s *Service) loadBuckets(ctx context.Context, tx *store.Tx, units []*sendUnit, now int64) (map[string]*bucket, error) {
	type row struct {
		S string `json:"s"`
		T int64  `json:"t"`
	}
	var subjects []row
	seen := map[string]bool{}
	for _, u := range units {
		if r := u.plan.rate; r != "" && !seen[r] {
			seen[r] = true
			subjects = append(subjects, row{r, int64(u.plan.rateLimit.Burst) * tokenUnit})
		}
	}
	if len(subjects) == 0 {
		return nil, nil
	}
	// In subject order, so two nodes' batches lock buckets in one order.
	slices.SortFunc(subjects, func(a, b row) int { return strings.Compare(a.S, b.S) })
	arg, err := jsonArg(subjects)
	if err != nil {
		return nil, err
	}
	rows, err := s.bq(ctx, tx, s.bsql.buckets, arg, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]*bucket, len(subjects))
	for rows.Next() {
		var subj string
		b := &bucket{}
		if err := rows.Scan(&subj, &b.tokens, &b.updated); err != nil {
			return nil, err
		}
		out[subj] = b
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) != len(subjects) {
		return nil, errors.New("chat: a rate bucket was not returned")
	}
	return out, nil
}

// saveBuckets writes back the buckets the batch charged, in one statement.
func (s *Service) saveBuckets(ctx context.Context, tx *store.Tx, buckets map[string]*bucket, now int64) error {
	type row struct {
		S string `json:"s"`
		T int64  `json:"t"`
	}
	var charged []row
	for subj, b := range buckets {
		if b.charged {
			charged = append(charged, row{subj, b.tokens})
		}
	}
	if len(charged) == 0 {
		return nil
	}
	arg, err := jsonArg(charged)
	if err != nil {
		return err
	}
	return s.bexec(ctx, tx, s.bsql.charge, arg, now)
}
