package chat_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func (e *env) assigned(t *testing.T, staff, shopper string) chat.Assignment {
	t.Helper()
	return must[chat.Assignment](t)(e.svc.Assignment(ctx, staff, "org_acme", shopper))
}

// writes opens the shopper's service conversation and posts a message.
func (e *env) writes(t *testing.T, shopper, msg string) chat.Conversation {
	t.Helper()
	c := must[chat.Conversation](t)(e.svc.OpenService(ctx, shopper, "ins_acme"))
	must[chat.Message](t)(e.svc.UserSend(ctx, shopper, c.ID, chat.MsgText, text(msg), ""))
	return c
}

func handovers(t *testing.T, e *env, staff, convID string) []map[string]any {
	t.Helper()
	pg := must[chat.MessagePage](t)(e.svc.History(ctx, staff, convID, chat.HistoryQuery{Limit: chat.MaxPage}))
	var out []map[string]any
	for _, m := range pg.Messages {
		var b map[string]any
		if m.Kind == chat.MsgSystem && json.Unmarshal(m.Body, &b) == nil && b["event"] == "service_handover" {
			out = append(out, b)
		}
	}
	return out
}

// Shoppers who write are assigned by round robin among agents on duty
// (owners and managers are off duty unless they say otherwise), keep their
// agent, go to the one who answered them when nobody was on duty, move with
// a note when a manager reassigns them (one or in bulk), when their agent
// is marked as leaving, and when their agent is removed from the brand
// (identity's removal runs the handover in its transaction); the history
// stays. Agents may not reassign or see activity. Both backends.
func TestServiceAssignmentAndHandover(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, a1, a2, a3 := e.user(t, "owner"), e.user(t, "agent1"), e.user(t, "agent2"), e.user(t, "agent3")
		if a1 > a2 {
			a1, a2 = a2, a1 // round robin breaks ties by id
		}
		stranger := e.user(t, "stranger")
		e.brand(t, map[string]string{owner: "owner", a1: "agent", a2: "agent"})
		var shoppers []string
		var convs []chat.Conversation
		for i := range 4 {
			s := e.user(t, fmt.Sprintf("shopper%d", i))
			shoppers = append(shoppers, s)
			convs = append(convs, e.writes(t, s, "hello"))
		}
		want := []string{a1, a2, a1, a2}
		for i, s := range shoppers {
			a := e.assigned(t, owner, s)
			if a.AgentID != want[i] || a.Source != chat.AssignRoundRobin || a.WaitingSince == nil {
				t.Fatalf("shopper %d: %+v, want agent %s by round robin, waiting", i, a, want[i])
			}
		}
		// A shopper keeps their agent.
		e.writes(t, shoppers[0], "still there?")
		if a := e.assigned(t, owner, shoppers[0]); a.AgentID != a1 {
			t.Fatalf("shopper 0 moved: %+v", a)
		}
		mine := must[[]chat.InboxItem](t)(e.svc.ServiceInbox(ctx, a1, "org_acme", chat.InboxQuery{AgentID: a1}))
		if len(mine) != 2 {
			t.Fatalf("a1's inbox: %d conversations", len(mine))
		}

		// Nobody on duty: the shopper waits unassigned; whoever answers takes them.
		must[struct{}](t)(struct{}{}, e.svc.SetOnDuty(ctx, a1, "org_acme", a1, false))
		must[struct{}](t)(struct{}{}, e.svc.SetOnDuty(ctx, owner, "org_acme", a2, false))
		late := e.user(t, "late")
		lateConv := e.writes(t, late, "anyone?")
		if a := e.assigned(t, owner, late); a.AgentID != "" {
			t.Fatalf("assigned with nobody on duty: %+v", a)
		}
		un := must[[]chat.InboxItem](t)(e.svc.ServiceInbox(ctx, a2, "org_acme", chat.InboxQuery{Unassigned: true}))
		if len(un) != 1 || un[0].ID != lateConv.ID || un[0].WaitingSince == nil {
			t.Fatalf("unassigned: %+v", un)
		}
		e.clk.Add(90 * time.Second)
		must[chat.Message](t)(e.svc.BrandSend(ctx, a2, "org_acme", lateConv.ID, chat.MsgText, text("here"), ""))
		if a := e.assigned(t, owner, late); a.AgentID != a2 || a.Source != chat.AssignAnswered || a.WaitingSince != nil || a.LastAnsweredBy != a2 {
			t.Fatalf("after a2 answered: %+v", a)
		}
		must[struct{}](t)(struct{}{}, e.svc.SetOnDuty(ctx, a1, "org_acme", a1, true))
		must[struct{}](t)(struct{}{}, e.svc.SetOnDuty(ctx, a2, "org_acme", a2, true))

		// Agents may not reassign; strangers learn nothing.
		_, err := e.svc.Reassign(ctx, a1, "org_acme", []string{shoppers[1]}, a1)
		wantCode(t, err, chat.CodeForbidden)
		_, err = e.svc.Reassign(ctx, stranger, "org_acme", []string{shoppers[1]}, stranger)
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.Activity(ctx, a1, "org_acme")
		wantCode(t, err, chat.CodeForbidden)
		_, err = e.svc.Reassign(ctx, owner, "org_acme", []string{shoppers[1]}, stranger)
		wantCode(t, err, chat.CodeInvalidRequest)

		// Bulk: the owner gives shoppers 1 and 3 (a2's) to a1.
		before := must[chat.MessagePage](t)(e.svc.History(ctx, owner, convs[1].ID, chat.HistoryQuery{}))
		if n := must[int](t)(e.svc.Reassign(ctx, owner, "org_acme", []string{shoppers[1], shoppers[3]}, a1)); n != 2 {
			t.Fatalf("reassigned %d", n)
		}
		for _, i := range []int{1, 3} {
			if a := e.assigned(t, owner, shoppers[i]); a.AgentID != a1 || a.Source != chat.AssignManager {
				t.Fatalf("shopper %d after bulk: %+v", i, a)
			}
			if h := handovers(t, e, owner, convs[i].ID); len(h) != 1 || h[0]["from"] != a2 || h[0]["to"] != a1 || h[0]["reason"] != "reassigned" {
				t.Fatalf("shopper %d notes: %v", i, h)
			}
		}
		after := must[chat.MessagePage](t)(e.svc.History(ctx, owner, convs[1].ID, chat.HistoryQuery{}))
		if len(after.Messages) != len(before.Messages)+1 || after.Messages[0].ID != before.Messages[0].ID {
			t.Fatalf("history changed: %d → %d messages", len(before.Messages), len(after.Messages))
		}

		// a1 (shoppers 0–3) is marked as leaving: all go to a2, the only
		// agent on duty; a1 takes no new shoppers.
		if n := must[int](t)(e.svc.MarkLeaving(ctx, owner, "org_acme", a1)); n != 4 {
			t.Fatalf("moved %d, want 4", n)
		}
		for i, s := range shoppers {
			if a := e.assigned(t, owner, s); a.AgentID != a2 || a.Source != chat.AssignHandover {
				t.Fatalf("shopper %d after a1 left: %+v", i, a)
			}
		}
		if h := handovers(t, e, owner, convs[0].ID); len(h) != 1 || h[0]["reason"] != "leaving" || h[0]["from"] != a1 {
			t.Fatalf("notes: %v", h)
		}
		next := e.user(t, "next")
		e.writes(t, next, "hi")
		if a := e.assigned(t, owner, next); a.AgentID != a2 {
			t.Fatalf("a leaving agent took a shopper: %+v", a)
		}
		// Only a manager brings a leaving agent back.
		wantCode(t, e.svc.SetOnDuty(ctx, a1, "org_acme", a1, true), chat.CodeForbidden)
		if on := must[bool](t)(e.svc.OnDuty(ctx, a1, "org_acme")); on {
			t.Fatal("a leaving agent put themselves on duty")
		}

		// a3 joins; a2 is removed through identity: a2's shoppers (six) go
		// to a3 — a1 is leaving, the owner off duty — in the removal's
		// transaction, and a2's contact code dies.
		if _, err := db.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, created_at) VALUES ('org_acme', $1, 'agent', $2)`, a3, store.Now()); err != nil {
			t.Fatal(err)
		}
		code := must[string](t)(e.svc.ContactCode(ctx, a2, "org_acme"))
		ids := identity.New(db)
		ids.MemberRemoved = e.svc.MemberRemoved
		e.pub.take()
		if err := ids.RemoveMember(ctx, owner, "org_acme", a2); err != nil {
			t.Fatal(err)
		}
		for _, s := range append(shoppers, late, next) {
			if a := e.assigned(t, owner, s); a.AgentID != a3 {
				t.Fatalf("after a2's removal: %+v", a)
			}
		}
		if h := handovers(t, e, owner, lateConv.ID); len(h) != 1 || h[len(h)-1]["reason"] != "removed" || h[0]["to"] != a3 {
			t.Fatalf("late's notes: %v", h)
		}
		if n := len(e.pub.take()); n < 6 {
			t.Fatalf("%d notes announced after the removal, want 6 or more", n)
		}
		_, err = e.svc.LookupContact(ctx, code)
		wantCode(t, err, chat.CodeNotFound)
		// The shopper's next message reaches a3.
		e.clk.Add(time.Second)
		e.writes(t, late, "new question")
		items := must[[]chat.InboxItem](t)(e.svc.ServiceInbox(ctx, a3, "org_acme", chat.InboxQuery{AgentID: a3, Waiting: true}))
		if len(items) != 6 || items[0].ID != lateConv.ID { // newest first
			t.Fatalf("a3's waiting shoppers: %+v", items)
		}

		act := must[[]chat.AgentActivity](t)(e.svc.Activity(ctx, owner, "org_acme"))
		got := map[string]chat.AgentActivity{}
		for _, a := range act {
			got[a.UserID] = a
		}
		if g := got[a3]; g.Shoppers != 6 || g.Conversations != 6 || g.Waiting != 6 || !g.OnDuty {
			t.Fatalf("a3's activity: %+v", g)
		}
		if g := got[a1]; !g.Leaving || g.Shoppers != 0 {
			t.Fatalf("a1's activity: %+v", g)
		}
		if _, ok := got[a2]; ok {
			t.Fatalf("a removed member listed: %+v", act)
		}
	})
}

// The answering staff member's response time is the shopper's wait; a
// contact code connects a shopper to its staff member at once (moving them
// from another with a note), and a new shopper without a conversation gets
// one. Both backends.
func TestServiceContactCodeAndResponseTime(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, a1, a2, shopper, fresh := e.user(t, "owner"), e.user(t, "a1"), e.user(t, "a2"), e.user(t, "shopper"), e.user(t, "fresh")
		if a1 > a2 {
			a1, a2 = a2, a1
		}
		e.brand(t, map[string]string{owner: "owner", a1: "agent", a2: "agent"})
		c := e.writes(t, shopper, "hello")
		if a := e.assigned(t, owner, shopper); a.AgentID != a1 {
			t.Fatalf("%+v", a)
		}
		e.clk.Add(2 * time.Minute)
		must[chat.Message](t)(e.svc.BrandSend(ctx, a1, "org_acme", c.ID, chat.MsgText, text("hi"), ""))
		must[chat.Message](t)(e.svc.BrandSend(ctx, a1, "org_acme", c.ID, chat.MsgText, text("anything else?"), ""))
		act := must[[]chat.AgentActivity](t)(e.svc.Activity(ctx, owner, "org_acme"))
		for _, a := range act {
			if a.UserID == a1 && (a.Answered != 1 || a.AvgResponse != 2*time.Minute || a.Waiting != 0) {
				t.Fatalf("a1's activity: %+v", a)
			}
		}

		code := must[string](t)(e.svc.ContactCode(ctx, a2, "org_acme"))
		if again := must[string](t)(e.svc.ContactCode(ctx, a2, "org_acme")); again != code || len(code) < 16 {
			t.Fatalf("contact code %q then %q", code, again)
		}
		_, err := e.svc.ContactCode(ctx, shopper, "org_acme")
		wantCode(t, err, chat.CodeNotFound)
		conv, who := must2(t)(e.svc.OpenContact(ctx, shopper, code, "ins_acme"))
		if conv.ID != c.ID || who.AgentID != a2 {
			t.Fatalf("contact opened %s for %s", conv.ID, who.AgentID)
		}
		if a := e.assigned(t, owner, shopper); a.AgentID != a2 || a.Source != chat.AssignContact {
			t.Fatalf("after the contact code: %+v", a)
		}
		if h := handovers(t, e, owner, c.ID); len(h) != 1 || h[0]["from"] != a1 || h[0]["to"] != a2 {
			t.Fatalf("notes %v", h)
		}
		fc, _ := must2(t)(e.svc.OpenContact(ctx, fresh, code, "ins_acme"))
		if fc.Kind != chat.KindService || fc.ShopperID != fresh || fc.InstallationID != "ins_acme" {
			t.Fatalf("fresh shopper's conversation: %+v", fc)
		}
		if a := e.assigned(t, owner, fresh); a.AgentID != a2 {
			t.Fatalf("fresh: %+v", a)
		}
		// A brand without a storefront: the conversation is with the brand.
		other := e.user(t, "other")
		bc, _ := must2(t)(e.svc.OpenContact(ctx, other, code, ""))
		if bc.Kind != chat.KindService || bc.BrandOrgID != "org_acme" || bc.InstallationID != "" {
			t.Fatalf("brand-level conversation: %+v", bc)
		}
		must[chat.Message](t)(e.svc.UserSend(ctx, other, bc.ID, chat.MsgText, text("hi"), ""))
		_, _, err = e.svc.OpenContact(ctx, shopper, "nope", "ins_acme")
		wantCode(t, err, chat.CodeNotFound)

		// Quick replies: managers write them, everyone uses them.
		_, err = e.svc.AddQuickReply(ctx, a1, "org_acme", "Hours", "9 to 5")
		wantCode(t, err, chat.CodeForbidden)
		_, err = e.svc.AddQuickReply(ctx, owner, "org_acme", "", "9 to 5")
		wantCode(t, err, chat.CodeInvalidRequest)
		q := must[chat.QuickReply](t)(e.svc.AddQuickReply(ctx, owner, "org_acme", "Hours", "We answer 9 to 5."))
		if got := must[string](t)(e.svc.QuickReplyText(ctx, a1, "org_acme", q.ID)); got != "We answer 9 to 5." {
			t.Fatalf("quick reply %q", got)
		}
		if qs := must[[]chat.QuickReply](t)(e.svc.QuickReplies(ctx, a2, "org_acme")); len(qs) != 1 {
			t.Fatalf("quick replies %+v", qs)
		}
		wantCode(t, e.svc.DeleteQuickReply(ctx, a1, "org_acme", q.ID), chat.CodeForbidden)
		if err := e.svc.DeleteQuickReply(ctx, owner, "org_acme", q.ID); err != nil {
			t.Fatal(err)
		}

		// A card of the brand's installation, sent as the brand.
		m := must[chat.Message](t)(e.svc.BrandSendCard(ctx, a2, "org_acme", c.ID, "ins_acme", "Our shop", "home", ""))
		if m.Kind != chat.MsgMiniProgramCard || m.SenderKind != chat.SenderBrand {
			t.Fatalf("card %+v", m)
		}
		_, err = e.svc.BrandSendCard(ctx, a2, "org_acme", c.ID, "ins_other", "Theirs", "home", "")
		wantCode(t, err, chat.CodeNotFound)
	})
}

func must2(t *testing.T) func(c chat.Conversation, who chat.Contact, err error) (chat.Conversation, chat.Contact) {
	return func(c chat.Conversation, who chat.Contact, err error) (chat.Conversation, chat.Contact) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c, who
	}
}

// Messages at once: one shopper writing in two conversations with the
// brand at the same moment is assigned once; twelve new shoppers writing at
// once are dealt out strictly in turn (six each). Both backends.
func TestServiceAssignmentConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, a1, a2 := e.user(t, "owner"), e.user(t, "a1"), e.user(t, "a2")
		e.brand(t, map[string]string{owner: "owner", a1: "agent", a2: "agent"})
		shopper := e.user(t, "shopper")
		c1 := must[chat.Conversation](t)(e.svc.EnsureServiceConversation(ctx, shopper, "org_acme", "ins_acme"))
		c2 := must[chat.Conversation](t)(e.svc.EnsureServiceConversation(ctx, shopper, "org_acme", "ins_acme_two"))
		var wg sync.WaitGroup
		errs := make(chan error, 32)
		for i, c := range []chat.Conversation{c1, c2, c1, c2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.UserSend(ctx, shopper, c.ID, chat.MsgText, text(fmt.Sprint("at once ", i)), "")
				errs <- err
			}()
		}
		wg.Wait()
		var shoppers []string
		for i := range 12 {
			shoppers = append(shoppers, e.user(t, fmt.Sprint("s", i)))
		}
		for _, s := range shoppers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := e.svc.EnsureServiceConversation(ctx, s, "org_acme", "ins_acme")
				if err == nil {
					_, err = e.svc.UserSend(ctx, s, c.ID, chat.MsgText, text("hi"), "")
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var rows int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cs_assignments WHERE shopper_id = $1`, shopper).Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("%d assignment rows for one shopper, %v", rows, err)
		}
		first := e.assigned(t, owner, shopper)
		if first.AgentID == "" || first.Source != chat.AssignRoundRobin {
			t.Fatalf("the shopper writing twice at once: %+v", first)
		}
		count := map[string]int{first.AgentID: 1}
		for _, s := range shoppers {
			count[e.assigned(t, owner, s).AgentID]++
		}
		// 13 shoppers in strict turns: 7 and 6.
		if len(count) != 2 || count[a1]+count[a2] != 13 || count[a1] < 6 || count[a2] < 6 {
			t.Fatalf("round robin under load: %v (a1 %s, a2 %s)", count, a1, a2)
		}
		var turn int
		if err := db.QueryRowContext(ctx, `SELECT turn FROM cs_brands WHERE brand_org_id = 'org_acme'`).Scan(&turn); err != nil || turn != 13 {
			t.Fatalf("turns taken: %d, %v (one per new shopper)", turn, err)
		}
	})
}

// The inbox pages by its order (newest activity first, ties by id): the
// pages together list every conversation once, even when several share a
// time. Both backends.
func TestServiceInboxPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, agent := e.user(t, "owner"), e.user(t, "agent")
		e.brand(t, map[string]string{owner: "owner", agent: "agent"})
		want := map[string]bool{}
		for i := range 7 {
			if i%3 == 0 {
				e.clk.Add(time.Second) // some conversations share a time
			}
			want[e.writes(t, e.user(t, fmt.Sprint("s", i)), "hi").ID] = true
		}
		seen := map[string]bool{}
		before, pages := "", 0
		for {
			items := must[[]chat.InboxItem](t)(e.svc.ServiceInbox(ctx, agent, "org_acme", chat.InboxQuery{AgentID: agent, BeforeID: before, Limit: 3}))
			if len(items) == 0 {
				break
			}
			pages++
			for _, it := range items {
				if seen[it.ID] || !want[it.ID] {
					t.Fatalf("page %d lists %s again or wrongly", pages, it.ID)
				}
				seen[it.ID] = true
			}
			before = items[len(items)-1].ID
		}
		if len(seen) != 7 || pages != 3 {
			t.Fatalf("%d conversations in %d pages", len(seen), pages)
		}
	})
}
