package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
)

// maxChatImageUpload caps an image upload body (chat's MaxImageBytes
// default); the service re-checks its own limit.
const maxChatImageUpload = 10 << 20

type convPathInput struct {
	ConvID string `path:"convId" maxLength:"64"`
}

type convOutput struct{ Body chat.Conversation }

type convsOutput struct {
	Body struct {
		Conversations []chat.Conversation `json:"conversations"`
	}
}

type convMembersOutput struct {
	Body struct {
		Members []chat.ConversationMember `json:"members"`
	}
}

type createDirectInput struct {
	Body struct {
		UserID string `json:"user_id" minLength:"1" maxLength:"64" doc:"The other user"`
	}
}

type createGroupInput struct {
	Body struct {
		Title     string   `json:"title" minLength:"1" maxLength:"400" doc:"1 to 100 characters"`
		MemberIDs []string `json:"member_ids,omitempty" maxItems:"1000" doc:"Users to add besides you (you become the owner)"`
	}
}

type inviteInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Body   struct {
		UserIDs []string `json:"user_ids" minItems:"1" maxItems:"500"`
	}
}

type convMemberPathInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	UserID string `path:"userId" maxLength:"64"`
}

type setConvRoleInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	UserID string `path:"userId" maxLength:"64"`
	Body   struct {
		Role string `json:"role" enum:"admin,member"`
	}
}

// sendBody is what a user posts: a text, or the key of an image they
// uploaded. Other kinds are posted by the host.
type sendBody struct {
	Kind            string `json:"kind" enum:"text,image"`
	Text            string `json:"text,omitempty" maxLength:"16384" doc:"kind text: the text (at most 4 KiB of UTF-8)"`
	ImageKey        string `json:"image_key,omitempty" maxLength:"256" doc:"kind image: the key returned by the image upload"`
	ClientMessageID string `json:"client_message_id,omitempty" maxLength:"64" doc:"Makes the send idempotent: the same id with the same content returns the original message; with different content, 409 client_id_reused"`
}

func (b sendBody) body() json.RawMessage {
	if b.Kind == chat.MsgImage {
		raw, _ := json.Marshal(map[string]string{"key": b.ImageKey})
		return raw
	}
	raw, _ := json.Marshal(map[string]string{"text": b.Text})
	return raw
}

type sendInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Body   sendBody
}

type brandSendInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	ConvID string `path:"convId" maxLength:"64"`
	Body   sendBody
}

type messageOutput struct{ Body chat.Message }

type historyInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Before int64  `query:"before" minimum:"0" doc:"Messages before this seq, newest page first (0: the newest)"`
	After  int64  `query:"after" minimum:"0" doc:"Messages after this seq, oldest first (catching up)"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"Page size, 1-200 (default 50)"`
}

type historyOutput struct{ Body chat.MessagePage }

type messagePathInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Seq    int64  `path:"seq" minimum:"1"`
}

type editInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Seq    int64  `path:"seq" minimum:"1"`
	Body   struct {
		Text string `json:"text" minLength:"1" maxLength:"16384"`
	}
}

type readInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Body   struct {
		Seq int64 `json:"seq" minimum:"0" doc:"The last seq read; markers never move back"`
	}
}

type readOutput struct {
	Body struct {
		ReadSeq int64 `json:"read_seq"`
	}
}

type imageUploadInput struct {
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"image/png" doc:"The image bytes (PNG, JPEG, GIF or WebP), sent with their Content-Type"`
}

type imageUploadOutput struct{ Body chat.Upload }

type imageOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

type serviceInput struct {
	InstallationID string `path:"installationId" maxLength:"64"`
}

type inboxInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Limit int    `query:"limit" minimum:"0" maximum:"200"`
}

func (s *Server) registerChat() {
	if s.Chat == nil {
		return
	}
	tags := []string{"chat"}
	brandStaff := OrgMember(identity.OrgBrand, identity.MemberOwner, identity.MemberManager, identity.MemberAgent)
	me := func(ctx context.Context) string { return caller(ctx).User.ID }

	Register(s, User, huma.Operation{OperationID: "create-direct-conversation", Method: http.MethodPost, Path: "/api/v1/chat/direct", Tags: tags,
		Summary: "Open the direct conversation with another user (one per pair: an existing one is returned)"},
		func(ctx context.Context, in *createDirectInput) (*convOutput, error) {
			c, err := s.Chat.CreateDirect(ctx, me(ctx), in.Body.UserID)
			if err != nil {
				return nil, err
			}
			return &convOutput{Body: c}, nil
		})

	Register(s, User, huma.Operation{OperationID: "create-group", Method: http.MethodPost, Path: "/api/v1/chat/groups", Tags: tags,
		Summary: "Create a group you own", DefaultStatus: http.StatusCreated},
		func(ctx context.Context, in *createGroupInput) (*convOutput, error) {
			c, err := s.Chat.CreateGroup(ctx, me(ctx), in.Body.Title, in.Body.MemberIDs)
			if err != nil {
				return nil, err
			}
			return &convOutput{Body: c}, nil
		})

	Register(s, User, huma.Operation{OperationID: "list-conversations", Method: http.MethodGet, Path: "/api/v1/chat/conversations", Tags: tags,
		Summary: "My conversations, most recent first, with last seq and my read marker"},
		func(ctx context.Context, in *empty) (*convsOutput, error) {
			list, err := s.Chat.Conversations(ctx, me(ctx))
			if err != nil {
				return nil, err
			}
			out := &convsOutput{}
			out.Body.Conversations = list
			if out.Body.Conversations == nil {
				out.Body.Conversations = []chat.Conversation{}
			}
			return out, nil
		})

	Register(s, User, huma.Operation{OperationID: "get-conversation", Method: http.MethodGet, Path: "/api/v1/chat/conversations/{convId}", Tags: tags,
		Summary: "One conversation you are in (or, as brand staff, one of your brand's service conversations)"},
		func(ctx context.Context, in *convPathInput) (*convOutput, error) {
			c, err := s.Chat.Get(ctx, me(ctx), in.ConvID)
			if err != nil {
				return nil, err
			}
			return &convOutput{Body: c}, nil
		})

	Register(s, User, huma.Operation{OperationID: "list-conversation-members", Method: http.MethodGet, Path: "/api/v1/chat/conversations/{convId}/members", Tags: tags,
		Summary: "The members of a conversation"},
		func(ctx context.Context, in *convPathInput) (*convMembersOutput, error) {
			m, err := s.Chat.Members(ctx, me(ctx), in.ConvID)
			if err != nil {
				return nil, err
			}
			return membersOut(m), nil
		})

	Register(s, User, huma.Operation{OperationID: "invite-conversation-members", Method: http.MethodPost, Path: "/api/v1/chat/conversations/{convId}/members", Tags: tags,
		Summary: "Add users to a group (owner and admins; up to the group's member cap)"},
		func(ctx context.Context, in *inviteInput) (*convMembersOutput, error) {
			m, err := s.Chat.Invite(ctx, me(ctx), in.ConvID, in.Body.UserIDs)
			if err != nil {
				return nil, err
			}
			return membersOut(m), nil
		})

	Register(s, User, huma.Operation{OperationID: "leave-conversation", Method: http.MethodPost, Path: "/api/v1/chat/conversations/{convId}/leave", Tags: tags,
		Summary: "Leave a group (an owner hands it to the longest-standing admin, else member)", DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, in *convPathInput) (*struct{}, error) {
			return nil, s.Chat.Leave(ctx, me(ctx), in.ConvID)
		})

	Register(s, User, huma.Operation{OperationID: "remove-conversation-member", Method: http.MethodDelete, Path: "/api/v1/chat/conversations/{convId}/members/{userId}", Tags: tags,
		Summary: "Remove a member from a group (the owner removes anyone, admins remove plain members)", DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, in *convMemberPathInput) (*struct{}, error) {
			return nil, s.Chat.Remove(ctx, me(ctx), in.ConvID, in.UserID)
		})

	Register(s, User, huma.Operation{OperationID: "set-conversation-member-role", Method: http.MethodPut, Path: "/api/v1/chat/conversations/{convId}/members/{userId}/role", Tags: tags,
		Summary: "Promote a member to admin or demote an admin (owner only)", DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, in *setConvRoleInput) (*struct{}, error) {
			return nil, s.Chat.SetRole(ctx, me(ctx), in.ConvID, in.UserID, in.Body.Role)
		})

	Register(s, User, huma.Operation{OperationID: "send-message", Method: http.MethodPost, Path: "/api/v1/chat/conversations/{convId}/messages", Tags: tags,
		Summary:     "Send a text or image message (brand staff in a service conversation send as the brand)",
		Description: "Rate-limited per user (429 rate_limited with Retry-After). Idempotent with client_message_id.", DefaultStatus: http.StatusCreated},
		func(ctx context.Context, in *sendInput) (*messageOutput, error) {
			m, err := s.Chat.UserSend(ctx, me(ctx), in.ConvID, in.Body.Kind, in.Body.body(), in.Body.ClientMessageID)
			if err != nil {
				return nil, err
			}
			return &messageOutput{Body: m}, nil
		})

	Register(s, User, huma.Operation{OperationID: "list-messages", Method: http.MethodGet, Path: "/api/v1/chat/conversations/{convId}/messages", Tags: tags,
		Summary: "Message history by seq: before (backwards, default the newest) or after (forwards)"},
		func(ctx context.Context, in *historyInput) (*historyOutput, error) {
			p, err := s.Chat.History(ctx, me(ctx), in.ConvID, chat.HistoryQuery{Before: in.Before, After: in.After, Limit: in.Limit})
			if err != nil {
				return nil, err
			}
			return &historyOutput{Body: p}, nil
		})

	Register(s, User, huma.Operation{OperationID: "edit-message", Method: http.MethodPatch, Path: "/api/v1/chat/conversations/{convId}/messages/{seq}", Tags: tags,
		Summary: "Edit your own text message within the edit window (2 minutes)"},
		func(ctx context.Context, in *editInput) (*messageOutput, error) {
			m, err := s.Chat.Edit(ctx, me(ctx), in.ConvID, in.Seq, in.Body.Text)
			if err != nil {
				return nil, err
			}
			return &messageOutput{Body: m}, nil
		})

	Register(s, User, huma.Operation{OperationID: "recall-message", Method: http.MethodPost, Path: "/api/v1/chat/conversations/{convId}/messages/{seq}/recall", Tags: tags,
		Summary: "Recall your own text or image message within the edit window (its content becomes a tombstone; the seq stays)"},
		func(ctx context.Context, in *messagePathInput) (*messageOutput, error) {
			m, err := s.Chat.Recall(ctx, me(ctx), in.ConvID, in.Seq)
			if err != nil {
				return nil, err
			}
			return &messageOutput{Body: m}, nil
		})

	Register(s, User, huma.Operation{OperationID: "get-message-image", Method: http.MethodGet, Path: "/api/v1/chat/conversations/{convId}/messages/{seq}/image", Tags: tags,
		Summary: "The image of an image message",
		Responses: map[string]*huma.Response{"200": {Description: "The image", Content: map[string]*huma.MediaType{
			"image/png": {}, "image/jpeg": {}, "image/gif": {}, "image/webp": {}}}}},
		func(ctx context.Context, in *messagePathInput) (*imageOutput, error) {
			rc, info, err := s.Chat.OpenImage(ctx, me(ctx), in.ConvID, in.Seq)
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			b, err := io.ReadAll(io.LimitReader(rc, maxChatImageUpload+1))
			if err != nil {
				return nil, err
			}
			return &imageOutput{ContentType: info.ContentType, CacheControl: "private, max-age=86400", Body: b}, nil
		})

	Register(s, User, huma.Operation{OperationID: "mark-read", Method: http.MethodPut, Path: "/api/v1/chat/conversations/{convId}/read", Tags: tags,
		Summary: "Move my read marker forward (never back; clamped to the last seq)"},
		func(ctx context.Context, in *readInput) (*readOutput, error) {
			seq, err := s.Chat.MarkRead(ctx, me(ctx), in.ConvID, in.Body.Seq)
			if err != nil {
				return nil, err
			}
			out := &readOutput{}
			out.Body.ReadSeq = seq
			return out, nil
		})

	Register(s, User, huma.Operation{OperationID: "send-typing", Method: http.MethodPost, Path: "/api/v1/chat/conversations/{convId}/typing", Tags: tags,
		Summary: "Tell the other readers you are typing (delivered in realtime, not stored)", DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, in *convPathInput) (*struct{}, error) {
			return nil, s.Chat.Typing(ctx, me(ctx), in.ConvID)
		})

	Register(s, User, huma.Operation{OperationID: "upload-chat-image", Method: http.MethodPost, Path: "/api/v1/chat/images", Tags: tags,
		Summary:       "Upload an image to send (PNG, JPEG, GIF or WebP; the bytes must match the Content-Type)",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: maxChatImageUpload},
		func(ctx context.Context, in *imageUploadInput) (*imageUploadOutput, error) {
			img, err := s.Chat.UploadImage(ctx, me(ctx), bytes.NewReader(in.RawBody), in.ContentType)
			if err != nil {
				return nil, err
			}
			return &imageUploadOutput{Body: img}, nil
		})

	Register(s, User, huma.Operation{OperationID: "open-service-conversation", Method: http.MethodPost, Path: "/api/v1/chat/service/{installationId}", Tags: tags,
		Summary: "Open (or get) my service conversation with a brand's installed app"},
		func(ctx context.Context, in *serviceInput) (*convOutput, error) {
			c, err := s.Chat.OpenService(ctx, me(ctx), in.InstallationID)
			if err != nil {
				return nil, err
			}
			return &convOutput{Body: c}, nil
		})

	Register(s, brandStaff, huma.Operation{OperationID: "brand-chat-inbox", Method: http.MethodGet, Path: "/api/v1/orgs/{orgId}/chat/inbox", Tags: tags,
		Summary: "The brand's service conversations, most recent first, with my read markers"},
		func(ctx context.Context, in *inboxInput) (*convsOutput, error) {
			list, err := s.Chat.BrandInbox(ctx, me(ctx), in.OrgID, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &convsOutput{}
			out.Body.Conversations = list
			return out, nil
		})

	Register(s, brandStaff, huma.Operation{OperationID: "brand-send-message", Method: http.MethodPost, Path: "/api/v1/orgs/{orgId}/chat/conversations/{convId}/messages", Tags: tags,
		Summary: "Answer one of the brand's service conversations as the brand", DefaultStatus: http.StatusCreated},
		func(ctx context.Context, in *brandSendInput) (*messageOutput, error) {
			m, err := s.Chat.BrandSend(ctx, me(ctx), in.OrgID, in.ConvID, in.Body.Kind, in.Body.body(), in.Body.ClientMessageID)
			if err != nil {
				return nil, err
			}
			return &messageOutput{Body: m}, nil
		})
}

func membersOut(m []chat.ConversationMember) *convMembersOutput {
	out := &convMembersOutput{}
	out.Body.Members = m
	if out.Body.Members == nil {
		out.Body.Members = []chat.ConversationMember{}
	}
	return out
}
