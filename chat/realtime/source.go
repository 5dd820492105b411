package realtime

import (
	"context"

	"github.com/soukhq/souk/chat"
)

// Source is what the hub reads from and asks of package chat; *chat.Service
// is the one used outside tests of this package. Every method that takes a
// user enforces membership: a user only ever reads conversations they
// belong to (or, for service conversations, staff of).
type Source interface {
	// Conversations lists the user's conversations with their last seq.
	Conversations(ctx context.Context, userID string) ([]chat.Conversation, error)
	// MessagesAfter returns up to limit messages with seq > after, in order.
	MessagesAfter(ctx context.Context, userID, convID string, after int64, limit int) ([]chat.Message, error)
	// Access returns a conversation the user may read (with its last
	// seq), or a chat error.
	Access(ctx context.Context, userID, convID string) (chat.Conversation, error)
	// Message loads one message as userID sees it.
	Message(ctx context.Context, userID, convID string, seq int64) (chat.Message, error)
	// Recipients lists who receives a conversation's events.
	Recipients(ctx context.Context, convID string) ([]string, error)
	// MarkRead and Typing are what a client's frames ask for; chat
	// publishes the resulting events.
	MarkRead(ctx context.Context, userID, convID string, seq int64) (int64, error)
	Typing(ctx context.Context, userID, convID string) error
}

var (
	_ Source         = (*chat.Service)(nil)
	_ chat.Publisher = (*Hub)(nil)
)
