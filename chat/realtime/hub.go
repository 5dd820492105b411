// Package realtime delivers chat events to WebSocket clients: every
// connected device of every member of a conversation receives new
// messages, edits, recalls, read markers, typing and membership changes.
//
// The Hub fans out in process by user id. With several nodes on one
// PostgreSQL database, each node also NOTIFYs the others on channel
// souk_chat and LISTENs on a dedicated connection; a node that receives a
// notification loads the message once and delivers it to its own sockets.
// On SQLite (one node) the in-process hub is all there is.
//
// Nothing is lost and nothing is duplicated: a client resumes with the last
// seq it has per conversation, the server sends exactly what follows from
// the database, then live events, dropping any live message whose seq it
// has already sent and filling any hole in the sequence from the database.
// A lost notification, a listener reconnect or a slow client that had to
// be disconnected all end in a read from the database, never a gap.
package realtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
)

// Config tunes the hub; zero values take the defaults.
type Config struct {
	// SendQueue is how many events may wait for one slow connection before
	// it is disconnected (default 256).
	SendQueue int
	// WriteWait bounds one write to a client (default 10s).
	WriteWait time.Duration
	// PingPeriod is how often the server pings; a client that has sent
	// nothing (not even a pong) for PongWait is dropped (defaults 25s, 60s).
	PingPeriod, PongWait time.Duration
	// ResumeWait is how long a new connection may take to send its first
	// resume frame (default 10s).
	ResumeWait time.Duration
	// Page is how many messages one catch-up query reads (default 200).
	Page int
	// NotifyLimit is the largest NOTIFY payload that carries the member
	// list; above it nodes look members up (default 7000 bytes; PostgreSQL
	// refuses payloads of 8000).
	NotifyLimit int
	// ListenRetry is the pause before re-opening a failed LISTEN connection
	// (default 1s).
	ListenRetry time.Duration
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.SendQueue <= 0 {
		c.SendQueue = 256
	}
	def(&c.WriteWait, 10*time.Second)
	def(&c.PingPeriod, 25*time.Second)
	def(&c.PongWait, 60*time.Second)
	def(&c.ResumeWait, 10*time.Second)
	def(&c.ListenRetry, time.Second)
	if c.Page <= 0 {
		c.Page = 200
	}
	if c.NotifyLimit <= 0 {
		c.NotifyLimit = 7000
	}
}

// Hub is one node's realtime delivery. It implements chat.Publisher.
type Hub struct {
	cfg  Config
	db   *store.DB
	src  Source
	log  *slog.Logger
	node string

	mu        sync.RWMutex
	users     map[string]map[*conn]struct{}
	rooms     map[string]map[*conn]struct{} // live rooms' watchers (hub_rooms.go)
	roomCheck RoomCheck
	closed    bool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	outbox chan string // NOTIFY payloads waiting for the notifier

	// Counters, for metrics and tests.
	Stats Stats
}

// Stats counts what the hub did.
type Stats struct {
	Connections  atomic.Int64 // open now
	Delivered    atomic.Int64 // frames written to clients
	SlowDropped  atomic.Int64 // connections closed because their queue filled
	Filled       atomic.Int64 // messages read from the database to close a gap
	Notified     atomic.Int64 // notifications received from other nodes
	Resyncs      atomic.Int64 // listener reconnects that re-synced every socket
	NotifyErrors atomic.Int64
}

// New starts a hub. On PostgreSQL it starts listening for other nodes at
// once; Close stops it and disconnects every client.
func New(db *store.DB, src Source, log *slog.Logger, cfg Config) *Hub {
	cfg.defaults()
	if log == nil {
		log = slog.Default()
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	h := &Hub{cfg: cfg, db: db, src: src, log: log, node: hex.EncodeToString(b[:]), users: map[string]map[*conn]struct{}{}}
	h.ctx, h.cancel = context.WithCancel(context.Background())
	if db != nil && db.PG != nil {
		h.outbox = make(chan string, 4096)
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.notifier()
		}()
		ready := make(chan struct{})
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.listen(ready)
		}()
		// Wait briefly for the first LISTEN so a node does not miss what
		// others send right after it starts; if PostgreSQL is slow the
		// listener keeps trying in the background.
		select {
		case <-ready:
		case <-time.After(5 * time.Second):
		}
	}
	return h
}

// Node is this hub's random id (NOTIFY payloads carry it so a node skips
// its own events).
func (h *Hub) Node() string { return h.node }

// Close disconnects every client (close code 1001, going away) and stops
// listening.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	var all []*conn
	for _, cs := range h.users {
		for c := range cs {
			all = append(all, c)
		}
	}
	h.mu.Unlock()
	for _, c := range all {
		c.stop(closeGoingAway, "server shutting down")
	}
	h.cancel()
	h.wg.Wait()
}

// Publish delivers an event committed by package chat to this node's
// sockets and, on PostgreSQL, to the other nodes. It never blocks on a
// client.
func (h *Hub) Publish(ctx context.Context, ev chat.Event) {
	h.dispatch(&ev, ev.Members)
	if h.db != nil && h.db.PG != nil {
		h.notify(ctx, &ev)
	}
}

// item is one event queued for connections; the frame is encoded once and
// shared by every recipient.
type item struct {
	ev     *chat.Event
	frame  []byte
	resync bool
	room   bool      // a live room's frame: written as it is
	at     time.Time // when the hub got the event (fan-out latency)
}

func (h *Hub) dispatch(ev *chat.Event, members []string) {
	it := &item{ev: ev, frame: encodeEvent(ev), at: time.Now()}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, u := range members {
		if ev.Type == chat.EventTyping && u == ev.UserID {
			continue // one's own typing is not news
		}
		for c := range h.users[u] {
			c.offer(it)
		}
	}
}

// hasLocal reports which of users have a socket on this node.
func (h *Hub) local(users []string) []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []string
	for _, u := range users {
		if len(h.users[u]) > 0 {
			out = append(out, u)
		}
	}
	return out
}

// resyncAll asks every socket to re-read what it may have missed from the
// database (after the listener lost its connection).
func (h *Hub) resyncAll() {
	it := &item{resync: true}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, cs := range h.users {
		for c := range cs {
			c.offer(it)
		}
	}
}

func (h *Hub) add(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	cs := h.users[c.user]
	if cs == nil {
		cs = map[*conn]struct{}{}
		h.users[c.user] = cs
	}
	cs[c] = struct{}{}
	h.Stats.Connections.Add(1)
	connections.Inc()
	return true
}

func (h *Hub) remove(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for r := range c.rooms {
		h.unwatchLocked(c, r)
	}
	if cs := h.users[c.user]; cs != nil {
		if _, ok := cs[c]; ok {
			delete(cs, c)
			h.Stats.Connections.Add(-1)
			connections.Dec()
		}
		if len(cs) == 0 {
			delete(h.users, c.user)
		}
	}
}

// Frame is one server → client frame (docs/CHAT_PROTOCOL.md).
type Frame struct {
	Type           string `json:"type"`
	ConversationID string `json:"conversation_id,omitempty"`
	Seq            int64  `json:"seq,omitempty"`
	UserID         string `json:"user_id,omitempty"`
	// At is when the event happened: RFC 3339 with its offset (UTC), as
	// every time in the REST API.
	At      *time.Time    `json:"at,omitempty"`
	Message *chat.Message `json:"message,omitempty"`
	Code    string        `json:"code,omitempty"`
	Error   string        `json:"error,omitempty"`
}

func encodeEvent(ev *chat.Event) []byte {
	f := Frame{Type: ev.Type, ConversationID: ev.ConversationID, Seq: ev.Seq, UserID: ev.UserID, Message: ev.Message}
	if !ev.At.IsZero() {
		at := ev.At.UTC()
		f.At = &at
	}
	b, err := json.Marshal(f)
	if err != nil {
		// A message body that cannot be encoded is delivered by the
		// connection reading it from the database instead.
		return nil
	}
	return b
}
