package chat

import (
	"cmp"
	"context"
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
// Nothing is announced and no caller returns before the commit. Then the
// messages are published in seq order (recipients read in the transaction,
// one query per batch), which is the order sockets want them in.
func (s *Service) commitSends(ctx context.Context, units []*sendUnit) {
	ordered := slices.Clone(units)
	slices.SortStableFunc(ordered, func(a, b *sendUnit) int { return cmp.Compare(a.p.ConversationID, b.p.ConversationID) })
	var members map[string][]string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		members = nil
		if len(ordered) == 1 {
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
