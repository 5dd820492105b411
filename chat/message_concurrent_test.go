package chat_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// convSeqs returns a conversation's seqs in order and its last_seq.
func convSeqs(t *testing.T, db *store.DB, convID string) ([]int64, int64) {
	t.Helper()
	var last int64
	if err := db.QueryRowContext(ctx, `SELECT last_seq FROM chat_conversations WHERE id = $1`, convID).Scan(&last); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT seq FROM chat_messages WHERE conversation_id = $1 ORDER BY seq`, convID)
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
	return out, last
}

func wantGapFree(t *testing.T, db *store.DB, convID string) int64 {
	t.Helper()
	got, last := convSeqs(t, db, convID)
	if int64(len(got)) != last {
		t.Fatalf("%s: last_seq %d but %d messages", convID, last, len(got))
	}
	for i, n := range got {
		if n != int64(i+1) {
			t.Fatalf("%s: seqs with a gap or a duplicate: %v", convID, got)
		}
	}
	return last
}

// Many people sending at once in three groups, every send retried
// concurrently with its client id, and an outsider's sends mixed in: every
// member's send succeeds exactly once (a retry returns the original), the
// outsider's fail without touching anything, each conversation's seqs run
// 1..last with no gap, and every message is published once, in seq order.
func TestConcurrentSendsShareCommitsAndKeepOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(o *chat.Options) { o.UserRate = chat.RateLimit{Burst: 1 << 20, Per: time.Second} })
		t.Cleanup(e.svc.Close)
		outsider := e.user(t, "outsider")
		const groups, members, sends = 3, 4, 8
		var convs []string
		var users [][]string
		for g := range groups {
			var us []string
			for m := range members {
				us = append(us, e.user(t, fmt.Sprintf("g%dm%d", g, m)))
			}
			c := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, us[0], fmt.Sprintf("group %d", g), us[1:]))
			convs, users = append(convs, c.ID), append(users, us)
		}
		e.pub.take()

		type result struct {
			m   chat.Message
			err error
		}
		var mu sync.Mutex
		got := map[string][]result{} // client id → both attempts
		var wg sync.WaitGroup
		for g := range groups {
			for _, u := range users[g] {
				for i := range sends {
					cid := fmt.Sprintf("%s-%d", u, i)
					for range 2 { // the send and its concurrent retry
						wg.Add(1)
						go func() {
							defer wg.Done()
							m, err := e.svc.UserSend(ctx, u, convs[g], chat.MsgText, text(cid), cid)
							mu.Lock()
							got[cid] = append(got[cid], result{m, err})
							mu.Unlock()
						}()
					}
				}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.UserSend(ctx, outsider, convs[g], chat.MsgText, text("let me in"), "")
				if chat.Code(err) != chat.CodeNotFound {
					t.Errorf("outsider's send: %v", err)
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}

		ids := map[string]chat.Message{}
		for cid, rs := range got {
			if len(rs) != 2 || rs[0].err != nil || rs[1].err != nil || rs[0].m.ID != rs[1].m.ID || rs[0].m.Seq != rs[1].m.Seq {
				t.Fatalf("%s: %+v", cid, rs)
			}
			ids[rs[0].m.ID] = rs[0].m
		}
		if len(ids) != groups*members*sends {
			t.Fatalf("%d distinct messages, want %d", len(ids), groups*members*sends)
		}
		for g, c := range convs {
			last := wantGapFree(t, db, c)
			if want := int64(1 + members*sends); last != want { // the group_created note, then the sends
				t.Fatalf("group %d: last_seq %d, want %d", g, last, want)
			}
		}
		// Published once each, in seq order per conversation.
		lastPub := map[string]int64{}
		seen := map[string]bool{}
		for _, ev := range e.pub.take() {
			if ev.Type != chat.EventMessage {
				continue
			}
			if ev.Seq <= lastPub[ev.ConversationID] || seen[ev.Message.ID] {
				t.Fatalf("published out of order or twice: %s seq %d after %d", ev.Message.ID, ev.Seq, lastPub[ev.ConversationID])
			}
			if m, ok := ids[ev.Message.ID]; !ok || m.Seq != ev.Seq || len(ev.Members) != members {
				t.Fatalf("published %+v (members %v), sent %+v", ev.Message, ev.Members, m)
			}
			lastPub[ev.ConversationID], seen[ev.Message.ID] = ev.Seq, true
		}
		if len(seen) != len(ids) {
			t.Fatalf("published %d messages, sent %d", len(seen), len(ids))
		}
		st := e.svc.SendStats()
		t.Logf("%d sends in %d transactions (mean %.1f)", st.Items, st.Batches, st.MeanBatch)
	})
}

const crashEnv = "SOUK_CHAT_CRASH_CHILD"

// TestMain turns the test binary into TestSendCrashRecovery's child when
// crashEnv is set; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		crashChild(spec)
	}
	os.Exit(m.Run())
}

// crashChild sends messages from every member of a group at once until it
// is killed, printing each acknowledged one. spec is
// "database|conversation|user,user,…".
func crashChild(spec string) {
	f := strings.Split(spec, "|")
	var opts store.Options
	if strings.HasPrefix(f[0], "postgres") {
		opts.DatabaseURL = f[0]
	} else {
		opts.DataDir = f[0]
	}
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	svc := chat.New(db, chat.Options{UserRate: chat.RateLimit{Burst: 1 << 20, Per: time.Second}})
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for _, u := range strings.Split(f[2], ",") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				cid := fmt.Sprintf("%s-%d", u, i)
				m, err := svc.UserSend(context.Background(), u, f[1], chat.MsgText, text(cid), cid)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintf(out, "ack %s %s %s %d\n", u, cid, m.ID, m.Seq)
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestSendCrashRecovery kills a process with SIGKILL while its members are
// sending concurrently (so sends share commits): after a restart every
// acknowledged message is there with its seq, the sequence has no gap, and
// retrying an acknowledged client id returns the original.
func TestSendCrashRecovery(t *testing.T) {
	backends := map[string]func(t *testing.T) store.Options{
		"sqlite":   func(t *testing.T) store.Options { return store.Options{DataDir: t.TempDir()} },
		"postgres": func(t *testing.T) store.Options { return store.Options{DatabaseURL: storetest.PostgresURL(t)} },
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			opts := open(t)
			db, err := store.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, db)
			var us []string
			for i := range 6 {
				us = append(us, e.user(t, fmt.Sprintf("m%d", i)))
			}
			conv := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, us[0], "crash", us[1:]))
			e.svc.Close()
			db.Close()

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashEnv+"="+opts.DatabaseURL+opts.DataDir+"|"+conv.ID+"|"+strings.Join(us, ","))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			type ack struct {
				user, id string
				seq      int64
			}
			acks := map[string]ack{}
			sc := bufio.NewScanner(stdout)
			deadline := time.Now().Add(30 * time.Second)
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) == 5 && f[0] == "ack" {
					seq, _ := strconv.ParseInt(f[4], 10, 64)
					acks[f[2]] = ack{f[1], f[3], seq}
				}
				if len(acks) >= 300 || time.Now().After(deadline) {
					break
				}
			}
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			if len(acks) < 50 {
				t.Fatalf("only %d acknowledged sends before the kill", len(acks))
			}

			db, err = store.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			e = newEnv(t, db, func(o *chat.Options) { o.UserRate = chat.RateLimit{Burst: 1 << 20, Per: time.Second} })
			defer e.svc.Close()
			last := wantGapFree(t, db, conv.ID)
			for cid, a := range acks {
				m, err := e.svc.Message(ctx, a.user, conv.ID, a.seq)
				if err != nil || m.ID != a.id || m.ClientMsgID != cid {
					t.Fatalf("acknowledged %s (%s, seq %d) after restart: %+v, %v", cid, a.id, a.seq, m, err)
				}
				again, err := e.svc.UserSend(ctx, a.user, conv.ID, chat.MsgText, text(cid), cid)
				if err != nil || again.ID != a.id || again.Seq != a.seq {
					t.Fatalf("retry of %s: %+v, %v", cid, again, err)
				}
			}
			if _, after := convSeqs(t, db, conv.ID); after != last {
				t.Fatalf("retries added messages: last_seq %d → %d", last, after)
			}
			t.Logf("%d acknowledged before SIGKILL, %d messages stored", len(acks), last-1)
		})
	}
}
