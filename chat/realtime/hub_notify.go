package realtime

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/soukhq/souk/chat"
)

// Channel is the PostgreSQL NOTIFY channel the nodes share.
const Channel = "souk_chat"

// notice is the NOTIFY payload: small, and never the message body (a node
// loads that from the database, once, if it has recipients).
type notice struct {
	Node    string   `json:"n"`
	Type    string   `json:"t"`
	Conv    string   `json:"c"`
	Seq     int64    `json:"s,omitempty"`
	User    string   `json:"u,omitempty"`
	At      int64    `json:"a,omitempty"` // Unix µs
	Members []string `json:"m,omitempty"`
}

// notify queues an event for the other nodes; one goroutine sends the
// queue in order, many notices per round trip (see notifier). Publishing
// waits only if that queue is full.
func (h *Hub) notify(ctx context.Context, ev *chat.Event) {
	n := notice{Node: h.node, Type: ev.Type, Conv: ev.ConversationID, Seq: ev.Seq, User: ev.UserID, Members: ev.Members}
	if !ev.At.IsZero() {
		n.At = ev.At.UnixMicro()
	}
	b, _ := json.Marshal(n)
	if len(b) > h.cfg.NotifyLimit {
		n.Members = nil // receivers look them up
		b, _ = json.Marshal(n)
	}
	select {
	case h.outbox <- string(b):
	case <-h.ctx.Done():
	case <-ctx.Done():
		h.Stats.NotifyErrors.Add(1)
	}
}

// notifier sends queued notices after their commits, in order, batching
// whatever has queued into one statement (one round trip, one commit of
// PostgreSQL's notification queue). If a send fails the other nodes' clients
// still get the messages: the next message in the conversation reveals the
// hole and they fill it from the database, and a reconnect resumes from it.
func (h *Hub) notifier() {
	batch := make([]string, 0, 64)
	for {
		select {
		case <-h.ctx.Done():
			return
		case p := <-h.outbox:
			batch = append(batch[:0], p)
		}
	more:
		for len(batch) < cap(batch) {
			select {
			case p := <-h.outbox:
				batch = append(batch, p)
			default:
				break more
			}
		}
		ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
		_, err := h.db.PG.Exec(ctx, `SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, i) ORDER BY i`, Channel, batch)
		cancel()
		if err != nil && h.ctx.Err() == nil {
			h.Stats.NotifyErrors.Add(1)
			h.log.Warn("chat notify", "notices", len(batch), "error", err.Error())
		}
	}
}

// listen holds a dedicated connection (outside the pool) on LISTEN
// souk_chat and reconnects when it fails. After a reconnect every local
// socket re-syncs from the database: notifications sent while the
// listener was away are gone.
func (h *Hub) listen(ready chan<- struct{}) {
	first := true
	for h.ctx.Err() == nil {
		err := h.listenOnce(func() {
			if first {
				first = false
				close(ready)
				return
			}
			h.Stats.Resyncs.Add(1)
			h.resyncAll()
		})
		if h.ctx.Err() != nil {
			return
		}
		h.log.Warn("chat listener lost; reconnecting", "error", errString(err))
		select {
		case <-h.ctx.Done():
			return
		case <-time.After(h.cfg.ListenRetry):
		}
	}
}

func (h *Hub) listenOnce(listening func()) error {
	cfg := h.db.PG.Config().ConnConfig.Copy()
	// Named, so operators (and the tests) can find the listener.
	cfg.RuntimeParams["application_name"] = "souk-chat-listen-" + h.node
	conn, err := pgx.ConnectConfig(h.ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(h.ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(h.ctx)
		if err != nil {
			return err
		}
		h.received(n.Payload)
	}
}

// received delivers another node's event to this node's sockets.
func (h *Hub) received(payload string) {
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil || n.Node == h.node {
		return
	}
	h.Stats.Notified.Add(1)
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	members := n.Members
	if members == nil {
		var err error
		if members, err = h.src.Recipients(ctx, n.Conv); err != nil {
			h.log.Error("chat notify: members", "conversation_id", n.Conv, "error", err.Error())
			return
		}
		if n.Type == chat.EventMember && n.User != "" && !slices.Contains(members, n.User) {
			members = append(members, n.User) // the one who left hears of it
		}
	}
	local := h.local(members)
	if len(local) == 0 {
		return
	}
	ev := &chat.Event{Type: n.Type, ConversationID: n.Conv, Seq: n.Seq, UserID: n.User, Members: local}
	if n.At != 0 {
		ev.At = time.UnixMicro(n.At).UTC()
	}
	switch n.Type {
	case chat.EventMessage, chat.EventEdit, chat.EventRecall:
		// Load the message once for every local recipient, as one of them
		// sees it; without it each socket reads it itself.
		if m, err := h.src.Message(ctx, local[0], n.Conv, n.Seq); err == nil {
			ev.Message = &m
		}
	}
	h.dispatch(ev, local)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
