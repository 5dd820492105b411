package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// events keeps what the service published, in order.
type events struct {
	mu  sync.Mutex
	evs []Event
}

func (e *events) Publish(_ context.Context, ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evs = append(e.evs, ev)
}

func batchUser(t testing.TB, db *store.DB) string {
	t.Helper()
	id := store.NewID("usr")
	if _, err := db.ExecContext(context.Background(), `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`,
		id, id+"@example.com", store.Now()); err != nil {
		t.Fatal(err)
	}
	return id
}

func textUnit(t testing.TB, s *Service, userID, convID, txt, clientID string) *sendUnit {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"text": txt})
	p, err := s.prepare(SendInput{ConversationID: convID, SenderID: userID, SenderKind: SenderUser, Kind: MsgText, Body: body, ClientMsgID: clientID})
	if err != nil {
		t.Fatal(err)
	}
	return &sendUnit{ctx: context.Background(), p: p, plan: s.userPlan(userID, convID, MsgText)}
}

func lastSeq(t *testing.T, db *store.DB, convID string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), `SELECT last_seq FROM chat_conversations WHERE id = $1`, convID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// seqs returns the conversation's stored seqs in order.
func seqs(t *testing.T, db *store.DB, convID string) []int64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT seq FROM chat_messages WHERE conversation_id = $1 ORDER BY seq`, convID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func wantGapFree(t *testing.T, db *store.DB, convID string) {
	t.Helper()
	got, last := seqs(t, db, convID), lastSeq(t, db, convID)
	if int64(len(got)) != last {
		t.Fatalf("%s: last_seq %d but %d messages: %v", convID, last, len(got), got)
	}
	for i, n := range got {
		if n != int64(i+1) {
			t.Fatalf("%s: seqs have a gap or a duplicate: %v", convID, got)
		}
	}
}

// One batch carrying sends that are rejected for every reason, and two
// whose plan refuses them after they took their seq (in a savepoint: one
// trips the database, one is refused like an app over its quota): each
// failure stays with its send, the others commit in queue order with
// consecutive seqs in one transaction, and only they are published, in seq
// order.
func TestBatchKeepsEachSendsOutcome(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pub := &events{}
		s := New(db, Options{Publisher: pub, UserRate: RateLimit{Burst: 3, Per: time.Hour}})
		t.Cleanup(s.Close)
		a, b, c, outsider := batchUser(t, db), batchUser(t, db), batchUser(t, db), batchUser(t, db)
		g1, err := s.CreateGroup(ctx, a, "one", []string{b})
		if err != nil {
			t.Fatal(err)
		}
		g2, err := s.CreateGroup(ctx, a, "two", []string{c})
		if err != nil {
			t.Fatal(err)
		}
		base1, base2 := lastSeq(t, db, g1.ID), lastSeq(t, db, g2.ID)
		pub.evs = nil

		broken := textUnit(t, s, c, g2.ID, "breaks after its insert", "")
		broken.plan.rejectsLate = true
		broken.plan.after = func(ctx context.Context, tx *store.Tx, _ Message) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO no_such_table (x) VALUES (1)`)
			return err
		}
		refused := textUnit(t, s, c, g2.ID, "over quota", "")
		refused.plan.rejectsLate = true
		refused.plan.after = func(context.Context, *store.Tx, Message) error { return fail(CodeQuotaExceeded, "over quota") }
		units := []*sendUnit{
			textUnit(t, s, a, g1.ID, "a1", "c-a1"),        // 0 ok
			textUnit(t, s, outsider, g1.ID, "let me", ""), // 1 not a member
			textUnit(t, s, a, g2.ID, "a2", "c-a2"),        // 2 ok
			textUnit(t, s, b, g1.ID, "b1", ""),            // 3 ok
			broken,                                        // 4 database error after its seq
			textUnit(t, s, b, g1.ID, "b2", ""),            // 5 ok
			textUnit(t, s, b, g1.ID, "b3", ""),            // 6 ok (b's third and last token)
			textUnit(t, s, b, g1.ID, "b4", ""),            // 7 rate-limited
			textUnit(t, s, a, g1.ID, "other", "c-a1"),     // 8 client id reused
			textUnit(t, s, a, g1.ID, "a1", "c-a1"),        // 9 retry of 0: its original
			textUnit(t, s, a, "cnv_missing", "x", ""),     // 10 no such conversation
			textUnit(t, s, a, g2.ID, "a3", ""),            // 11 ok, after the broken one
			refused,                                       // 12 refused after its seq
		}
		s.commitSends(ctx, units)

		for i, code := range map[int]string{1: CodeNotFound, 7: CodeRateLimited, 8: CodeClientIDReused, 10: CodeNotFound, 12: CodeQuotaExceeded} {
			if Code(units[i].err) != code {
				t.Fatalf("unit %d: err %v, want %s", i, units[i].err, code)
			}
		}
		if units[4].err == nil || Code(units[4].err) != "" {
			t.Fatalf("broken unit: err %v, want the database's", units[4].err)
		}
		want := map[int]int64{0: base1 + 1, 3: base1 + 2, 5: base1 + 3, 6: base1 + 4, 2: base2 + 1, 11: base2 + 2}
		for i, seq := range want {
			if u := units[i]; u.err != nil || u.dup || u.m.Seq != seq {
				t.Fatalf("unit %d: %+v dup=%v err=%v, want seq %d", i, u.m, u.dup, u.err, seq)
			}
		}
		if u := units[9]; u.err != nil || !u.dup || u.m.ID != units[0].m.ID {
			t.Fatalf("retry in the same batch: %+v dup=%v err=%v, want %s", u.m, u.dup, u.err, units[0].m.ID)
		}
		wantGapFree(t, db, g1.ID)
		wantGapFree(t, db, g2.ID)
		if st := s.SendStats(); st.Batches != 0 {
			t.Fatalf("commitSends was called directly, yet the batcher ran: %+v", st)
		}
		if got := lastSeq(t, db, g1.ID); got != base1+4 {
			t.Fatalf("g1 last_seq %d, want %d", got, base1+4)
		}
		var published []string
		for _, ev := range pub.evs {
			published = append(published, fmt.Sprintf("%s/%d", ev.Message.Body, ev.Seq))
			if len(ev.Members) != 2 || !slices.IsSorted(ev.Members) || !slices.Contains(ev.Members, a) {
				t.Fatalf("event members %v", ev.Members)
			}
		}
		wantPub := []string{
			fmt.Sprintf(`{"text":"a1"}/%d`, base1+1), fmt.Sprintf(`{"text":"a2"}/%d`, base2+1), fmt.Sprintf(`{"text":"b1"}/%d`, base1+2),
			fmt.Sprintf(`{"text":"b2"}/%d`, base1+3), fmt.Sprintf(`{"text":"b3"}/%d`, base1+4), fmt.Sprintf(`{"text":"a3"}/%d`, base2+2),
		}
		if !slices.Equal(published, wantPub) {
			t.Fatalf("published %v, want %v", published, wantPub)
		}
	})
}

// When the batch's transaction fails — a send trips the database after its
// seq, or the engine keeps asking for a retry — every send is tried again
// alone: only the one at fault fails, and the seqs stay gap-free.
func TestBatchFailureRetriesSendsAlone(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db, Options{UserRate: RateLimit{Burst: 100, Per: time.Second}})
		t.Cleanup(s.Close)
		a, b := batchUser(t, db), batchUser(t, db)
		g, err := s.CreateGroup(ctx, a, "g", []string{b})
		if err != nil {
			t.Fatal(err)
		}
		base := lastSeq(t, db, g.ID)
		busy := &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
		bad := textUnit(t, s, b, g.ID, "always retryable", "")
		bad.plan.check = func(context.Context, *store.Tx, *prepared) error { return busy }
		broken := textUnit(t, s, a, g.ID, "breaks after its insert", "")
		broken.plan.after = func(ctx context.Context, tx *store.Tx, _ Message) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO no_such_table (x) VALUES (1)`)
			return err
		}
		units := []*sendUnit{textUnit(t, s, a, g.ID, "one", ""), bad, broken, textUnit(t, s, b, g.ID, "two", "")}
		s.commitSends(ctx, units)
		if !errors.Is(bad.err, busy) {
			t.Fatalf("bad unit: %v", bad.err)
		}
		if broken.err == nil || Code(broken.err) != "" {
			t.Fatalf("broken unit: %v", broken.err)
		}
		if units[0].err != nil || units[0].m.Seq != base+1 || units[3].err != nil || units[3].m.Seq != base+2 {
			t.Fatalf("good units: %+v %v / %+v %v", units[0].m, units[0].err, units[3].m, units[3].err)
		}
		wantGapFree(t, db, g.ID)
	})
}

// A batch with no send that may be refused after its seq runs as one
// statement per step (sendBatch): every rejection still stays with its
// send — an outsider, a missing conversation, a host send to a conversation
// that does not exist, the user's rate, a client id reused in the batch and
// before it — a retry gets its original (from an earlier batch or this
// one), and the rest commit with consecutive seqs in queue order.
func TestWholeBatchKeepsEachSendsOutcome(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pub := &events{}
		s := New(db, Options{Publisher: pub, UserRate: RateLimit{Burst: 3, Per: time.Hour}})
		t.Cleanup(s.Close)
		a, b, c, outsider := batchUser(t, db), batchUser(t, db), batchUser(t, db), batchUser(t, db)
		g1, err := s.CreateGroup(ctx, a, "one", []string{b})
		if err != nil {
			t.Fatal(err)
		}
		g2, err := s.CreateGroup(ctx, a, "two", []string{c})
		if err != nil {
			t.Fatal(err)
		}
		earlier := textUnit(t, s, c, g2.ID, "earlier", "c-earlier")
		s.commitSends(ctx, []*sendUnit{earlier})
		if earlier.err != nil {
			t.Fatal(earlier.err)
		}
		base1, base2 := lastSeq(t, db, g1.ID), lastSeq(t, db, g2.ID)
		pub.evs = nil
		hostBody, _ := json.Marshal(map[string]string{"note": "x"})
		hostP, err := s.prepare(SendInput{ConversationID: "cnv_gone", Kind: MsgSystem, Body: hostBody})
		if err != nil {
			t.Fatal(err)
		}
		units := []*sendUnit{
			textUnit(t, s, a, g1.ID, "a1", "c-a1"),           // 0 ok
			textUnit(t, s, outsider, g1.ID, "let me", ""),    // 1 not a member
			textUnit(t, s, a, g2.ID, "a2", "c-a2"),           // 2 ok
			textUnit(t, s, b, g1.ID, "b1", ""),               // 3 ok
			textUnit(t, s, b, g1.ID, "b2", ""),               // 4 ok
			textUnit(t, s, b, g1.ID, "b3", ""),               // 5 ok (b's third and last token)
			textUnit(t, s, b, g1.ID, "b4", ""),               // 6 rate-limited
			textUnit(t, s, a, g1.ID, "other", "c-a1"),        // 7 client id reused in the batch
			textUnit(t, s, a, g1.ID, "a1", "c-a1"),           // 8 retry of 0: its original
			textUnit(t, s, a, "cnv_missing", "x", ""),        // 9 no such conversation
			textUnit(t, s, c, g2.ID, "earlier", "c-earlier"), // 10 retry of an earlier batch's send
			textUnit(t, s, c, g2.ID, "changed", "c-earlier"), // 11 reuse of an earlier batch's client id
			{ctx: ctx, p: hostP, plan: s.hostPlan()},         // 12 host send, no such conversation
			textUnit(t, s, c, g2.ID, "c1", ""),               // 13 ok
		}
		s.commitSends(ctx, units)

		for i, code := range map[int]string{1: CodeNotFound, 6: CodeRateLimited, 7: CodeClientIDReused, 9: CodeNotFound, 11: CodeClientIDReused, 12: CodeNotFound} {
			if Code(units[i].err) != code {
				t.Fatalf("unit %d: err %v, want %s", i, units[i].err, code)
			}
		}
		want := map[int]int64{0: base1 + 1, 3: base1 + 2, 4: base1 + 3, 5: base1 + 4, 2: base2 + 1, 13: base2 + 2}
		for i, seq := range want {
			if u := units[i]; u.err != nil || u.dup || u.m.Seq != seq {
				t.Fatalf("unit %d: %+v dup=%v err=%v, want seq %d", i, u.m, u.dup, u.err, seq)
			}
			got, err := s.Message(ctx, a, units[i].p.ConversationID, want[i])
			if err != nil || got.ID != units[i].m.ID || string(got.Body) != string(units[i].m.Body) {
				t.Fatalf("unit %d stored as %+v (%v), returned %+v", i, got, err, units[i].m)
			}
		}
		if u := units[8]; u.err != nil || !u.dup || u.m.ID != units[0].m.ID || u.m.Seq != base1+1 {
			t.Fatalf("retry in the same batch: %+v dup=%v err=%v, want %+v", u.m, u.dup, u.err, units[0].m)
		}
		if u := units[10]; u.err != nil || !u.dup || u.m.ID != earlier.m.ID || u.m.Seq != earlier.m.Seq {
			t.Fatalf("retry of an earlier send: %+v dup=%v err=%v, want %+v", u.m, u.dup, u.err, earlier.m)
		}
		wantGapFree(t, db, g1.ID)
		wantGapFree(t, db, g2.ID)
		var published []string
		for _, ev := range pub.evs {
			published = append(published, fmt.Sprintf("%s/%d", ev.Message.Body, ev.Seq))
		}
		wantPub := []string{
			fmt.Sprintf(`{"text":"a1"}/%d`, base1+1), fmt.Sprintf(`{"text":"a2"}/%d`, base2+1), fmt.Sprintf(`{"text":"b1"}/%d`, base1+2),
			fmt.Sprintf(`{"text":"b2"}/%d`, base1+3), fmt.Sprintf(`{"text":"b3"}/%d`, base1+4), fmt.Sprintf(`{"text":"c1"}/%d`, base2+2),
		}
		if !slices.Equal(published, wantPub) {
			t.Fatalf("published %v, want %v", published, wantPub)
		}
		// The bucket was charged once per send that went through: b has
		// no token left, and a's next send still goes through.
		more := []*sendUnit{textUnit(t, s, b, g1.ID, "b5", ""), textUnit(t, s, a, g1.ID, "a4", "")}
		s.commitSends(ctx, more)
		if Code(more[0].err) != CodeRateLimited || more[1].err != nil || more[1].m.Seq != base1+5 {
			t.Fatalf("next batch: %v / %+v %v", more[0].err, more[1].m, more[1].err)
		}
	})
}
