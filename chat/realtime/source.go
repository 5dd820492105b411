package realtime

import (
	"context"
	"time"
)

// Event types, as package chat publishes them.
const (
	TypeMessage = "message"
	TypeEdit    = "edit"
	TypeRecall  = "recall"
	TypeRead    = "read"
	TypeTyping  = "typing"
	TypeMember  = "member"
)

// Event is one change in a conversation (mirrors chat.Event).
type Event struct {
	Type           string
	ConversationID string
	Seq            int64
	Message        any
	UserID         string
	At             time.Time
	Members        []string
}

// Msg is one stored message as the hub needs it: its sequence number and
// what the client receives.
type Msg struct {
	Seq  int64
	Body any
}

// Source is what the hub reads from and asks of package chat. Every method
// enforces membership: a user only ever sees conversations they belong to.
type Source interface {
	// ConversationIDs lists the user's conversations with their latest seq.
	ConversationIDs(ctx context.Context, userID string) (map[string]int64, error)
	// MessagesAfter returns up to limit messages with seq > after, in order.
	MessagesAfter(ctx context.Context, userID, convID string, after int64, limit int) ([]Msg, error)
	// Members lists the user ids in a conversation.
	Members(ctx context.Context, convID string) ([]string, error)
	// MarkRead and Typing are what a client's frames ask for.
	MarkRead(ctx context.Context, userID, convID string, seq int64) error
	Typing(ctx context.Context, userID, convID string) error
}
