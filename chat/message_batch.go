package chat

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/soukhq/souk/store"
)

// sendUnit is one send waiting for, then carried by, a batch.
type sendUnit struct {
	ctx  context.Context // the caller's, without its cancellation
	p    *prepared
	plan sendPlan

	m   Message
	dup bool
	err error
}

// commitSends is group commit for sends: the batcher hands it the sends
// that queued up while the previous batch committed, and it commits them in
// one transaction, so one commit (on SQLite the one writer's turn and its
// WAL write) serves them all. Each send keeps its own outcome:
//
//   - A send that is rejected before it takes its seq (not a member,
//     rate-limited, a reused client id, no such conversation) has changed
//     nothing: it fails alone and its batch-mates go on. A send whose plan
//     may refuse it later (an app's window and quota) runs in a savepoint
//     that is rolled back alone, so it gives its seq back. Sends are not
//     wrapped in savepoints otherwise: on PostgreSQL each costs two round
//     trips and a subtransaction.
//   - A database error, or a failure after the seq was taken, fails the
//     batch's transaction; it is then retried send by send (below), so the
//     conversation's sequence stays gap-free and only that send fails.
//   - Sends to one conversation take their seqs in the order they were
//     queued; conversations are visited in id order, so two batches (two
//     nodes on PostgreSQL) lock conversation rows in the same order.
//   - If the batch itself fails (the commit, or a savepoint that cannot be
//     rolled back), each send is tried again in a transaction of its own,
//     so nothing that would succeed alone fails for its company.
//
// A batch in which no send may be refused after taking its seq (no app
// send with a window or quota) runs as sendBatch: the same outcomes, with
// one statement per step for the whole batch instead of several per send.
// Otherwise the sends run one by one in the transaction, as above.
//
// Nothing is announced and no caller returns before the commit. Then the
// messages are published in seq order (recipients read in the transaction,
// one query per batch), which is the order sockets want them in.
func (s *Service) commitSends(ctx context.Context, units []*sendUnit) {
	ordered := slices.Clone(units)
	slices.SortStableFunc(ordered, func(a, b *sendUnit) int { return cmp.Compare(a.p.ConversationID, b.p.ConversationID) })
	whole := len(ordered) > 1 && !s.stepwise
	for _, u := range ordered {
		whole = whole && !u.plan.rejectsLate
	}
	if whole {
		s.prepareBatch(ctx)
	}
	var members map[string][]string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		members = nil
		if whole {
			if err := s.sendBatch(ctx, tx, ordered); err != nil {
				return err
			}
		} else if len(ordered) == 1 {
			// Alone, the send's error rolls the transaction back itself.
			u := ordered[0]
			u.m, u.dup, u.err = s.sendInTx(u.ctx, tx, u.p, u.plan)
			if u.err != nil {
				return u.err
			}
		} else {
			for _, u := range ordered {
				if u.plan.rejectsLate {
					if err := s.sendInSavepoint(tx, u); err != nil {
						return err
					}
					continue
				}
				var clean bool
				u.m, u.dup, clean, u.err = s.sendStaged(u.ctx, tx, u.p, u.plan)
				if u.err != nil && !clean {
					return u.err
				}
			}
		}
		var err error
		members, err = s.recipientsTx(ctx, tx, ordered)
		return err
	})
	if err != nil {
		if len(ordered) == 1 {
			ordered[0].m, ordered[0].dup, ordered[0].err = Message{}, false, err
			return
		}
		for _, u := range units {
			s.commitSends(ctx, []*sendUnit{u})
		}
		return
	}
	for _, u := range units {
		if u.err == nil && !u.dup {
			m := u.m
			s.pub.Publish(u.ctx, Event{Type: EventMessage, ConversationID: m.ConversationID, Seq: m.Seq, Message: &m,
				UserID: m.SenderID, At: s.now().UTC(), Members: members[m.ConversationID]})
		}
	}
}

// sendBatch is a batch's transaction when no send in it may be refused
// after taking its seq: each step is one statement for the whole batch,
// whatever its size, instead of one (or several) per send. In order:
// the senders' memberships (one read; access falls back to its own query
// for anyone else), each send's plan check, the stored messages of its
// client ids (one read), the rate buckets (one upsert, charged in memory
// and written back in one update), the conversations' seqs (one update
// that adds each conversation's count and returns the new last seq; on
// PostgreSQL after locking the rows in id order), and the messages (one
// insert). Sends are visited in the batch's order, so the outcomes are
// those of running them one by one in one transaction: a retry of a client
// id sent earlier in the batch gets that message, a reuse with other
// content client_id_reused, and a user's sends are charged in turn.
func (s *Service) sendBatch(ctx context.Context, tx *store.Tx, units []*sendUnit) error {
	for _, u := range units {
		u.m, u.dup, u.err = Message{}, false, nil
	}
	seen, err := s.prefetchAccess(ctx, tx, units)
	if err != nil {
		return err
	}
	var live []*sendUnit
	for _, u := range units {
		if u.plan.check != nil {
			if err := u.plan.check(withAccess(u.ctx, seen), tx, u.p); err != nil {
				if Code(err) == "" {
					return err
				}
				u.err = err
				continue
			}
		}
		u.p.hash = bodyHash(u.p.ConversationID, u.p.Kind, u.p.body)
		live = append(live, u)
	}
	stored, err := s.storedByClientID(ctx, tx, live)
	if err != nil {
		return err
	}
	now := s.nowUS()
	buckets, err := s.loadBuckets(ctx, tx, live, now)
	if err != nil {
		return err
	}
	// Decide each send in order; sent maps client ids sent in this batch.
	sent := map[accessKey]*sendUnit{}
	var ins []*sendUnit
	retries := map[*sendUnit]*sendUnit{} // a retry in the batch → its first send
	count := map[string]int64{}
	for _, u := range live {
		if id := u.p.ClientMsgID; id != "" {
			k := accessKey{u.p.SenderID, id}
			if sm, ok := stored[k]; ok {
				u.m, u.dup, u.err = s.sameClientMsg(sm.m, sm.hash, u.p)
				continue
			}
			if first, ok := sent[k]; ok {
				if _, u.dup, u.err = s.sameClientMsg(first.m, first.p.hash, u.p); u.err == nil {
					retries[u] = first // its message once first has its seq
				}
				continue
			}
		}
		if u.plan.rate != "" {
			if err := buckets[u.plan.rate].take(now, u.plan.rateLimit); err != nil {
				u.err = err
				continue
			}
		}
		u.m = Message{ID: store.NewID("msg"), ConversationID: u.p.ConversationID, SenderKind: u.p.SenderKind, SenderID: u.p.SenderID,
			BrandOrgID: u.p.brandOrgID, Kind: u.p.Kind, Body: json.RawMessage(u.p.body), ClientMsgID: u.p.ClientMsgID, CreatedAt: micros(now)}
		if u.p.ClientMsgID != "" {
			sent[accessKey{u.p.SenderID, u.p.ClientMsgID}] = u
		}
		count[u.p.ConversationID]++
		ins = append(ins, u)
	}
	if err := s.saveBuckets(ctx, tx, buckets, now); err != nil {
		return err
	}
	if len(ins) == 0 {
		return nil
	}
	last, err := s.takeSeqs(ctx, tx, count, now)
	if err != nil {
		return err
	}
	// Seqs run up to each conversation's new last seq, in batch order.
	next := map[string]int64{}
	for c, n := range last {
		next[c] = n - count[c] + 1
	}
	rows := make([][10]any, 0, len(ins))
	kept := ins[:0]
	for _, u := range ins {
		seq, ok := next[u.p.ConversationID]
		if !ok {
			// Only a host send skips access: its conversation is gone.
			u.m, u.err = Message{}, fail(CodeNotFound, "no such conversation")
			continue
		}
		next[u.p.ConversationID] = seq + 1
		u.m.Seq = seq
		m := u.m
		rows = append(rows, [10]any{m.ID, m.ConversationID, m.Seq, m.SenderKind, m.SenderID, nullStr(m.BrandOrgID), m.Kind, string(u.p.body), nullStr(m.ClientMsgID), u.p.hash})
		kept = append(kept, u)
	}
	if len(rows) > 0 {
		arg, err := jsonArg(rows)
		if err != nil {
			return err
		}
		if err := s.bexec(ctx, tx, s.bsql.insert, arg, now); err != nil {
			return err
		}
	}
	for u, first := range retries {
		u.m, u.err = first.m, first.err
		u.dup = u.err == nil
	}
	for _, u := range kept {
		if u.plan.after != nil {
			if err := u.plan.after(u.ctx, tx, u.m); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameClientMsg is the outcome of a send whose client id already names m:
// m itself when the content is the same, client_id_reused when not.
func (s *Service) sameClientMsg(m Message, hash string, p *prepared) (Message, bool, error) {
	if hash != p.hash {
		return Message{}, false, fail(CodeClientIDReused, "client message id %q was already used for a different message", truncate(p.ClientMsgID, 64))
	}
	return m, true, nil
}

// takeSeqs adds count[c] to each conversation's last seq in one statement
// and returns the new last seqs (a conversation that does not exist is
// missing from the result).
func (s *Service) takeSeqs(ctx context.Context, tx *store.Tx, count map[string]int64, now int64) (map[string]int64, error) {
	type row struct {
		C string `json:"c"`
		N int64  `json:"n"`
	}
	convs := make([]row, 0, len(count))
	for c, n := range count {
		convs = append(convs, row{c, n})
	}
	slices.SortFunc(convs, func(a, b row) int { return cmp.Compare(a.C, b.C) })
	if s.bsql.lockConvs != "" && len(convs) > 1 {
		ids := make([]string, len(convs))
		for i, r := range convs {
			ids[i] = r.C
		}
		arg, err := jsonArg(ids)
		if err != nil {
			return nil, err
		}
		rows, err := s.bq(ctx, tx, s.bsql.lockConvs, arg)
		if err != nil {
			return nil, err
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	arg, err := jsonArg(convs)
	if err != nil {
		return nil, err
	}
	rows, err := s.bq(ctx, tx, s.bsql.seqs, arg, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int64, len(convs))
	for rows.Next() {
		var c string
		var n int64
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}

// sendInSavepoint runs one send of a batch in a savepoint. Its rejection is
// its own (the savepoint is rolled back); an error returned is the
// batch's: a retryable engine error, or a savepoint that could not be
// rolled back.
func (s *Service) sendInSavepoint(tx *store.Tx, u *sendUnit) error {
	ctx := u.ctx
	if _, err := tx.ExecContext(ctx, `SAVEPOINT chat_send`); err != nil {
		return err
	}
	u.m, u.dup, u.err = s.sendInTx(ctx, tx, u.p, u.plan)
	if u.err == nil {
		_, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT chat_send`)
		return err
	}
	if store.IsRetryable(u.err) {
		return u.err
	}
	if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT chat_send`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT chat_send`)
	return err
}

// recipientsTx returns, for every conversation that got a new message in
// the batch, who receives it (as Recipients), read in one query.
func (s *Service) recipientsTx(ctx context.Context, tx *store.Tx, units []*sendUnit) (map[string][]string, error) {
	var ids []any
	seen := map[string]bool{}
	for _, u := range units {
		if c := u.m.ConversationID; u.err == nil && !u.dup && !seen[c] {
			seen[c] = true
			ids = append(ids, c)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var in strings.Builder
	for i := range ids {
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteString("$" + strconv.Itoa(i+1))
	}
	rows, err := tx.QueryContext(ctx, `SELECT conversation_id, user_id FROM chat_members WHERE conversation_id IN (`+in.String()+`)
		UNION SELECT c.id, m.user_id FROM chat_conversations c JOIN org_members m ON m.org_id = c.brand_org_id
			WHERE c.id IN (`+in.String()+`) AND c.kind = 'service' AND m.role IN ('owner', 'manager', 'agent')`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string][]string, len(ids))
	for rows.Next() {
		var conv, user string
		if err := rows.Scan(&conv, &user); err != nil {
			return nil, err
		}
		out[conv] = append(out[conv], user)
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out, rows.Err()
}
