package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

// clock is a test clock the service reads through Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// recorder is a Publisher that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []chat.Event
}

func (r *recorder) Publish(_ context.Context, ev chat.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *recorder) take() []chat.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.events
	r.events = nil
	return out
}

type env struct {
	db   *store.DB
	svc  *chat.Service
	clk  *clock
	pub  *recorder
	q    *jobs.Queue
	apps *appRecorder
}

type appRecorder struct {
	mu   sync.Mutex
	seen []string // installation|shopper|text
	fn   func(ctx context.Context, inst, shopper string, m chat.Message) error
}

func (a *appRecorder) OnShopperMessage(ctx context.Context, inst, shopper string, m chat.Message) error {
	a.mu.Lock()
	a.seen = append(a.seen, inst+"|"+shopper+"|"+string(m.Body))
	fn := a.fn
	a.mu.Unlock()
	if fn != nil {
		return fn(ctx, inst, shopper, m)
	}
	return nil
}

func newEnv(t *testing.T, db *store.DB, tweak ...func(*chat.Options)) *env {
	t.Helper()
	bs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bs.Close() })
	e := &env{db: db, clk: &clock{t: time.Now()}, pub: &recorder{}, q: jobs.New(db, nil), apps: &appRecorder{}}
	opts := chat.Options{Blobs: bs, Jobs: e.q, Publisher: e.pub, AppHandler: e.apps, Now: e.clk.Now,
		Installations: func(ctx context.Context, id string) (string, error) {
			if id == "ins_acme" {
				return "org_acme", nil
			}
			return "", store.ErrNotFound
		}}
	for _, f := range tweak {
		f(&opts)
	}
	e.svc = chat.New(db, opts)
	return e
}

// user inserts a user row directly (no password hashing in chat tests).
func (e *env) user(t *testing.T, name string) string {
	t.Helper()
	id := store.NewID("usr")
	if _, err := e.db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`,
		id, name+"-"+id+"@example.com", store.Now()); err != nil {
		t.Fatal(err)
	}
	return id
}

// brand creates the org org_acme with staff in the given roles.
func (e *env) brand(t *testing.T, staff map[string]string) {
	t.Helper()
	owner := ""
	for u, r := range staff {
		if r == "owner" {
			owner = u
		}
	}
	if _, err := e.db.ExecContext(ctx, `INSERT INTO orgs (id, kind, name, created_by, created_at) VALUES ('org_acme', 'brand', 'Acme', $1, $2)`, owner, store.Now()); err != nil {
		t.Fatal(err)
	}
	for u, r := range staff {
		if _, err := e.db.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, created_at) VALUES ('org_acme', $1, $2, $3)`, u, r, store.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func text(s string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"text": s})
	return b
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := chat.Code(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDirectConversationIsOnePerPairAndMembersOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b, outsider := e.user(t, "a"), e.user(t, "b"), e.user(t, "out")
		c1 := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		c2 := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, b, a))
		if c1.ID != c2.ID || c1.Kind != chat.KindDirect || len(c1.Members) != 2 {
			t.Fatalf("direct twice: %+v %+v", c1, c2)
		}
		_, err := e.svc.CreateDirect(ctx, a, a)
		wantCode(t, err, chat.CodeInvalidRequest)
		_, err = e.svc.CreateDirect(ctx, a, "usr_nobody")
		wantCode(t, err, chat.CodeNotFound)

		must[chat.Message](t)(e.svc.UserSend(ctx, a, c1.ID, chat.MsgText, text("hi"), "c1"))
		before := e.count(t, "chat_messages")
		// An outsider can neither read nor post, and learns nothing.
		_, err = e.svc.Get(ctx, outsider, c1.ID)
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.History(ctx, outsider, c1.ID, chat.HistoryQuery{})
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.MessagesAfter(ctx, outsider, c1.ID, 0, 10)
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.UserSend(ctx, outsider, c1.ID, chat.MsgText, text("let me in"), "x1")
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.MarkRead(ctx, outsider, c1.ID, 1)
		wantCode(t, err, chat.CodeNotFound)
		wantCode(t, e.svc.Typing(ctx, outsider, c1.ID), chat.CodeNotFound)
		_, err = e.svc.Send(ctx, chat.SendInput{ConversationID: c1.ID, SenderID: outsider, Kind: chat.MsgTransfer, Body: json.RawMessage(`{"amount":"1.00"}`)})
		wantCode(t, err, chat.CodeNotFound)
		if n := e.count(t, "chat_messages"); n != before {
			t.Fatalf("outsider changed messages: %d → %d", before, n)
		}
		if n := e.count(t, "chat_reads"); n != 0 {
			t.Fatalf("outsider left a read marker")
		}
		// Users send text and image only; host kinds are refused.
		for _, k := range []string{chat.MsgSystem, chat.MsgTransfer, chat.MsgRedPacket, chat.MsgOrderCard, chat.MsgMiniProgramCard, "bogus"} {
			_, err = e.svc.UserSend(ctx, a, c1.ID, k, json.RawMessage(`{"text":"x"}`), "")
			wantCode(t, err, chat.CodeInvalid)
		}
		list := must[[]chat.Conversation](t)(e.svc.Conversations(ctx, b))
		if len(list) != 1 || list[0].LastSeq != 1 || list[0].Unread != 1 {
			t.Fatalf("b's list: %+v", list)
		}
	})
}

func TestIdempotentSend(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		m1 := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("hello"), "cli-1"))
		e.pub.take()
		m2 := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, json.RawMessage(`{ "text" : "hello" }`), "cli-1"))
		if m1.ID != m2.ID || m1.Seq != m2.Seq {
			t.Fatalf("retry gave another message: %+v vs %+v", m1, m2)
		}
		if evs := e.pub.take(); len(evs) != 0 {
			t.Fatalf("a retry published again: %+v", evs)
		}
		_, err := e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("something else"), "cli-1")
		wantCode(t, err, chat.CodeClientIDReused)
		// The same client id from another sender is another message.
		m3 := must[chat.Message](t)(e.svc.UserSend(ctx, b, c.ID, chat.MsgText, text("hello"), "cli-1"))
		if m3.ID == m1.ID || m3.Seq != 2 {
			t.Fatalf("b's message: %+v", m3)
		}
		// Concurrent retries of one client id store one message.
		var wg sync.WaitGroup
		ids := make([]string, 8)
		errs := make([]error, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m, err := e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("race"), "cli-race")
				ids[i], errs[i] = m.ID, err
			}()
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("concurrent retry %d: %v %s vs %s", i, errs[i], ids[i], ids[0])
			}
		}
		if n := e.count(t, "chat_messages"); n != 3 {
			t.Fatalf("%d messages, want 3", n)
		}
		page := must[chat.MessagePage](t)(e.svc.History(ctx, a, c.ID, chat.HistoryQuery{}))
		for i, m := range page.Messages {
			if m.Seq != int64(i+1) {
				t.Fatalf("seqs have a gap: %+v", page.Messages)
			}
		}
	})
}

func TestSeqGapFreeUnderConcurrentSenders(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner := e.user(t, "owner")
		var members []string
		for i := range 19 {
			members = append(members, e.user(t, fmt.Sprint("m", i)))
		}
		g := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, owner, "Twenty", members))
		senders := append([]string{owner}, members...)
		const each = 5
		var wg sync.WaitGroup
		errc := make(chan error, len(senders)*each)
		for _, u := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					if _, err := e.svc.UserSend(ctx, u, g.ID, chat.MsgText, text(fmt.Sprint(u, i)), fmt.Sprint("k", i)); err != nil {
						errc <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		total := int64(1 + len(senders)*each) // the group_created note is seq 1
		all := must[[]chat.Message](t)(e.svc.MessagesAfter(ctx, owner, g.ID, 0, chat.MaxPage))
		if int64(len(all)) != total {
			t.Fatalf("%d messages, want %d", len(all), total)
		}
		last := map[string]string{}
		for i, m := range all {
			if m.Seq != int64(i+1) {
				t.Fatalf("message %d has seq %d", i, m.Seq)
			}
			// Each sender's own messages keep their order.
			var b struct{ Text string }
			_ = json.Unmarshal(m.Body, &b)
			if prev, ok := last[m.SenderID]; ok && prev >= b.Text {
				t.Fatalf("sender %s out of order: %q then %q", m.SenderID, prev, b.Text)
			}
			last[m.SenderID] = b.Text
		}
		got := must[chat.Conversation](t)(e.svc.Get(ctx, owner, g.ID))
		if got.LastSeq != total {
			t.Fatalf("last seq %d, want %d", got.LastSeq, total)
		}
	})
}

func TestHistoryPagesBothWays(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(o *chat.Options) { o.UserRate = chat.RateLimit{Burst: 1000, Per: time.Second} })
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		for i := 1; i <= 25; i++ {
			must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text(fmt.Sprint("m", i)), ""))
		}
		seqs := func(p chat.MessagePage) (out []int64) {
			for _, m := range p.Messages {
				out = append(out, m.Seq)
			}
			return out
		}
		p := must[chat.MessagePage](t)(e.svc.History(ctx, b, c.ID, chat.HistoryQuery{Limit: 10}))
		if fmt.Sprint(seqs(p)) != "[16 17 18 19 20 21 22 23 24 25]" || !p.HasMore || p.LastSeq != 25 {
			t.Fatalf("newest page: %v %v", seqs(p), p.HasMore)
		}
		p = must[chat.MessagePage](t)(e.svc.History(ctx, b, c.ID, chat.HistoryQuery{Before: 16, Limit: 10}))
		if fmt.Sprint(seqs(p)) != "[6 7 8 9 10 11 12 13 14 15]" || !p.HasMore {
			t.Fatalf("older page: %v", seqs(p))
		}
		p = must[chat.MessagePage](t)(e.svc.History(ctx, b, c.ID, chat.HistoryQuery{Before: 6, Limit: 10}))
		if fmt.Sprint(seqs(p)) != "[1 2 3 4 5]" || p.HasMore {
			t.Fatalf("oldest page: %v %v", seqs(p), p.HasMore)
		}
		p = must[chat.MessagePage](t)(e.svc.History(ctx, b, c.ID, chat.HistoryQuery{After: 5, Limit: 10}))
		if fmt.Sprint(seqs(p)) != "[6 7 8 9 10 11 12 13 14 15]" || !p.HasMore {
			t.Fatalf("forward page: %v", seqs(p))
		}
		p = must[chat.MessagePage](t)(e.svc.History(ctx, b, c.ID, chat.HistoryQuery{After: 20, Limit: 10}))
		if fmt.Sprint(seqs(p)) != "[21 22 23 24 25]" || p.HasMore {
			t.Fatalf("last forward page: %v %v", seqs(p), p.HasMore)
		}
		after := must[[]chat.Message](t)(e.svc.MessagesAfter(ctx, b, c.ID, 23, 10))
		if len(after) != 2 || after[0].Seq != 24 {
			t.Fatalf("after 23: %+v", after)
		}
		_, err := e.svc.History(ctx, b, c.ID, chat.HistoryQuery{Limit: chat.MaxPage + 1})
		wantCode(t, err, chat.CodeInvalidRequest)
	})
}

func TestReadMarkersAreMonotonic(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		for i := range 5 {
			must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text(fmt.Sprint(i)), ""))
		}
		e.pub.take()
		if got := must[int64](t)(e.svc.MarkRead(ctx, b, c.ID, 3)); got != 3 {
			t.Fatalf("read 3 → %d", got)
		}
		if got := must[int64](t)(e.svc.MarkRead(ctx, b, c.ID, 2)); got != 3 {
			t.Fatalf("read back to 2 → %d, want 3", got)
		}
		if got := must[int64](t)(e.svc.MarkRead(ctx, b, c.ID, 99)); got != 5 {
			t.Fatalf("read past the end → %d, want the last seq 5", got)
		}
		evs := e.pub.take()
		if len(evs) != 2 || evs[0].Type != chat.EventRead || evs[0].Seq != 3 || evs[1].Seq != 5 || len(evs[0].Members) != 2 {
			t.Fatalf("read events (only advances publish): %+v", evs)
		}
		got := must[chat.Conversation](t)(e.svc.Get(ctx, b, c.ID))
		if got.ReadSeq != 5 || got.Unread != 0 {
			t.Fatalf("b's view: %+v", got)
		}
		other := must[chat.Conversation](t)(e.svc.Get(ctx, a, c.ID))
		if other.ReadSeq != 0 || other.Unread != 5 {
			t.Fatalf("a's marker moved with b's: %+v", other)
		}
		_, err := e.svc.MarkRead(ctx, b, c.ID, -1)
		wantCode(t, err, chat.CodeInvalidRequest)
	})
}

func TestEditAndRecallWithinWindow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		m := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("helo"), "e1"))
		_, err := e.svc.Edit(ctx, b, c.ID, m.Seq, "not yours")
		wantCode(t, err, chat.CodeForbidden)
		ed := must[chat.Message](t)(e.svc.Edit(ctx, a, c.ID, m.Seq, "hello"))
		if string(ed.Body) != `{"text":"hello"}` || ed.EditedAt == nil || ed.Seq != m.Seq {
			t.Fatalf("edited: %+v", ed)
		}
		// A retry of the original send still returns the (edited) original.
		again := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("helo"), "e1"))
		if again.ID != m.ID {
			t.Fatalf("retry after edit: %+v", again)
		}
		e.clk.Add(2*time.Minute + time.Second)
		_, err = e.svc.Edit(ctx, a, c.ID, m.Seq, "too late")
		wantCode(t, err, chat.CodeEditWindow)
		_, err = e.svc.Recall(ctx, a, c.ID, m.Seq)
		wantCode(t, err, chat.CodeEditWindow)

		m2 := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("oops"), "e2"))
		e.pub.take()
		rc := must[chat.Message](t)(e.svc.Recall(ctx, a, c.ID, m2.Seq))
		if string(rc.Body) != `{"recalled":true}` || rc.RecalledAt == nil || rc.Seq != m2.Seq {
			t.Fatalf("recalled: %+v", rc)
		}
		if evs := e.pub.take(); len(evs) != 1 || evs[0].Type != chat.EventRecall || evs[0].Seq != m2.Seq {
			t.Fatalf("recall events: %+v", evs)
		}
		stored := must[chat.Message](t)(e.svc.Message(ctx, b, c.ID, m2.Seq))
		if string(stored.Body) != `{"recalled":true}` {
			t.Fatalf("stored after recall: %s", stored.Body)
		}
		_, err = e.svc.Edit(ctx, a, c.ID, m2.Seq, "back")
		wantCode(t, err, chat.CodeInvalidRequest)
		page := must[chat.MessagePage](t)(e.svc.History(ctx, a, c.ID, chat.HistoryQuery{}))
		if len(page.Messages) != 2 || page.LastSeq != 2 {
			t.Fatalf("recall changed the seq line: %+v", page)
		}
	})
}

func TestGroupAdminRulesAndCap(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(o *chat.Options) { o.GroupMemberCap = 4 })
		owner, adm, m1, m2, m3, out := e.user(t, "owner"), e.user(t, "adm"), e.user(t, "m1"), e.user(t, "m2"), e.user(t, "m3"), e.user(t, "out")
		_, err := e.svc.CreateGroup(ctx, owner, "Too big", []string{adm, m1, m2, m3})
		wantCode(t, err, chat.CodeMemberCap)
		_, err = e.svc.CreateGroup(ctx, owner, "  ", []string{adm})
		wantCode(t, err, chat.CodeInvalidRequest)
		g := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, owner, "Club", []string{adm, m1}))
		if g.Role != chat.RoleOwner || len(g.Members) != 3 {
			t.Fatalf("group: %+v", g)
		}
		// Plain members cannot invite, remove or promote; outsiders get not_found.
		_, err = e.svc.Invite(ctx, m1, g.ID, []string{m2})
		wantCode(t, err, chat.CodeForbidden)
		_, err = e.svc.Invite(ctx, out, g.ID, []string{m2})
		wantCode(t, err, chat.CodeNotFound)
		wantCode(t, e.svc.SetRole(ctx, adm, g.ID, m1, chat.RoleAdmin), chat.CodeForbidden)
		if err := e.svc.SetRole(ctx, owner, g.ID, adm, chat.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		// An admin invites up to the cap, and no further.
		must[[]chat.ConversationMember](t)(e.svc.Invite(ctx, adm, g.ID, []string{m2}))
		_, err = e.svc.Invite(ctx, adm, g.ID, []string{m3})
		wantCode(t, err, chat.CodeMemberCap)
		// An admin removes plain members but not the owner.
		wantCode(t, e.svc.Remove(ctx, adm, g.ID, owner), chat.CodeForbidden)
		wantCode(t, e.svc.Remove(ctx, m1, g.ID, m2), chat.CodeForbidden)
		if err := e.svc.Remove(ctx, adm, g.ID, m2); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.History(ctx, m2, g.ID, chat.HistoryQuery{})
		wantCode(t, err, chat.CodeNotFound)
		// The owner leaves: the admin inherits the group.
		if err := e.svc.Leave(ctx, owner, g.ID); err != nil {
			t.Fatal(err)
		}
		mem := must[[]chat.ConversationMember](t)(e.svc.Members(ctx, adm, g.ID))
		roles := map[string]string{}
		for _, m := range mem {
			roles[m.UserID] = m.Role
		}
		if len(mem) != 2 || roles[adm] != chat.RoleOwner || roles[m1] != chat.RoleMember {
			t.Fatalf("after the owner left: %+v", mem)
		}
		_, err = e.svc.UserSend(ctx, owner, g.ID, chat.MsgText, text("still here?"), "")
		wantCode(t, err, chat.CodeNotFound)
		// Membership changes are system messages in the seq line.
		all := must[[]chat.Message](t)(e.svc.MessagesAfter(ctx, adm, g.ID, 0, 50))
		var events []string
		for _, m := range all {
			var b struct{ Event string }
			_ = json.Unmarshal(m.Body, &b)
			events = append(events, b.Event)
		}
		if fmt.Sprint(events) != "[group_created role_changed members_added member_removed member_left]" {
			t.Fatalf("system messages: %v", events)
		}
		// Direct conversations have no member changes.
		d := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, adm, m1))
		_, err = e.svc.Invite(ctx, adm, d.ID, []string{m3})
		wantCode(t, err, chat.CodeInvalidRequest)
	})
}

func TestRateLimitPerUser(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		for i := range 20 {
			must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text(fmt.Sprint(i)), fmt.Sprint("r", i)))
		}
		_, err := e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("21st"), "r20")
		wantCode(t, err, chat.CodeRateLimited)
		var ce *chat.Error
		if !asError(err, &ce) || ce.RetryAfter <= 0 || ce.RetryAfter > 500*time.Millisecond+time.Millisecond {
			t.Fatalf("retry after %v", ce)
		}
		// A retry of an already-sent message is not a new send.
		must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("3"), "r3"))
		// b has its own budget.
		must[chat.Message](t)(e.svc.UserSend(ctx, b, c.ID, chat.MsgText, text("b"), ""))
		e.clk.Add(ce.RetryAfter)
		must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("21st"), "r20"))
		_, err = e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("22nd"), "r21")
		wantCode(t, err, chat.CodeRateLimited)
		if n := e.count(t, "chat_messages"); n != 22 {
			t.Fatalf("%d messages, want 22", n)
		}
	})
}

func TestMessageSizeLimits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		big := make([]byte, 4<<10+1)
		for i := range big {
			big[i] = 'x'
		}
		_, err := e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text(string(big)), "")
		wantCode(t, err, chat.CodeTooLarge)
		must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text(string(big[1:])), ""))
		for _, body := range []string{`{"text":""}`, `{"text":"  "}`, `{"text":1}`, `{"text":"x","extra":1}`, `[]`, `{"text":"x"} {}`} {
			_, err = e.svc.UserSend(ctx, a, c.ID, chat.MsgText, json.RawMessage(body), "")
			wantCode(t, err, chat.CodeInvalid)
		}
		_, err = e.svc.UserSend(ctx, a, c.ID, chat.MsgText, text("x"), "bad id with spaces")
		wantCode(t, err, chat.CodeInvalidRequest)
		if n := e.count(t, "chat_messages"); n != 1 {
			t.Fatalf("%d messages, want 1", n)
		}
	})
}
