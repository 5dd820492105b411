package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/chat"
)

// maxChatImageUpload caps an image upload body (chat's MaxImageBytes
// default); the service re-checks its own limit.
const maxChatImageUpload = 10 << 20

type convPathInput struct {
	ConvID string `path:"convId" maxLength:"64"`
}

type convOutput struct{ Body chat.Conversation }

type listConversationsInput struct{ PageParams }

type convMembersInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	PageParams
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
	ImageAlt        string `json:"image_alt,omitempty" maxLength:"1200" doc:"kind image: a description of the image for people who cannot see it (at most 300 characters); receivers get it as the body's alt"`
	ClientMessageID string `json:"client_message_id,omitempty" maxLength:"64" doc:"Makes the send idempotent: the same id with the same content returns the original message; with different content, 409 client_id_reused"`
}

func (b sendBody) body() json.RawMessage {
	if b.Kind == chat.MsgImage {
		raw, _ := json.Marshal(map[string]string{"key": b.ImageKey, "alt": b.ImageAlt})
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
	PageParams
}

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

type chatImageOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

type serviceInput struct {
	InstallationID string `path:"installationId" maxLength:"64"`
}

type inboxInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

func (s *Server) registerChat() {
	if s.Chat == nil {
		return
	}
	Register(s, User, opCreateDirectConversation, s.createDirectConversation)
	Register(s, User, opCreateGroup, s.createGroup)
	Register(s, User, opListConversations, s.listConversations)
	Register(s, User, opGetConversation, s.getConversation)
	Register(s, User, opListConversationMembers, s.listConversationMembers)
	Register(s, User, opInviteConversationMembers, s.inviteConversationMembers)
	Register(s, User, opLeaveConversation, s.leaveConversation)
	Register(s, User, opRemoveConversationMember, s.removeConversationMember)
	Register(s, User, opSetConversationMemberRole, s.setConversationMemberRole)
	Register(s, User, opRenameConversation, s.renameConversation)
	Register(s, User, opSendMessage, s.sendMessage)
	Register(s, User, opListMessages, s.listMessages)
	Register(s, User, opGetMessage, s.getMessage)
	Register(s, User, opEditMessage, s.editMessage)
	Register(s, User, opRecallMessage, s.recallMessage)
	Register(s, User, opGetMessageImage, s.getMessageImage)
	Register(s, User, opMarkRead, s.markRead)
	Register(s, User, opSendTyping, s.sendTyping)
	Register(s, User, opUploadChatImage, s.uploadChatImage)
	Register(s, User, opOpenServiceConversation, s.openServiceConversation)
	Register(s, brandAgents, opBrandChatInbox, s.brandChatInbox)
	Register(s, brandAgents, opBrandSendMessage, s.brandSendMessage)
}

func me(ctx context.Context) string { return caller(ctx).User.ID }

var opCreateDirectConversation = huma.Operation{
	OperationID: "create-direct-conversation",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/direct",
	Tags:        []string{"chat"},
	Summary:     "Open the direct conversation with another user (one per pair: an existing one is returned)",
}

func (s *Server) createDirectConversation(ctx context.Context, in *createDirectInput) (*convOutput, error) {
	c, err := s.Chat.CreateDirect(ctx, me(ctx), in.Body.UserID)
	if err != nil {
		return nil, err
	}
	return &convOutput{Body: c}, nil
}

var opCreateGroup = huma.Operation{
	OperationID:   "create-group",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/groups",
	Tags:          []string{"chat"},
	Summary:       "Create a group you own",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createGroup(ctx context.Context, in *createGroupInput) (*convOutput, error) {
	c, err := s.Chat.CreateGroup(ctx, me(ctx), in.Body.Title, in.Body.MemberIDs)
	if err != nil {
		return nil, err
	}
	return &convOutput{Body: c}, nil
}

var opListConversations = huma.Operation{
	OperationID: "list-conversations",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations",
	Tags:        []string{"chat"},
	Summary:     "My conversations, most recent first, with last seq and my read marker",
}

func (s *Server) listConversations(ctx context.Context, in *listConversationsInput) (*pageOutput[chat.Conversation],
	error) {
	list, err := s.Chat.Conversations(ctx, me(ctx))
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, conversationID)
}

func conversationID(c chat.Conversation) string { return c.ID }

var opGetConversation = huma.Operation{
	OperationID: "get-conversation",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations/{convId}",
	Tags:        []string{"chat"},
	Summary:     "One conversation you are in (or, as brand staff, one of your brand's service conversations)",
}

func (s *Server) getConversation(ctx context.Context, in *convPathInput) (*convOutput, error) {
	c, err := s.Chat.Get(ctx, me(ctx), in.ConvID)
	if err != nil {
		return nil, err
	}
	return &convOutput{Body: c}, nil
}

var opListConversationMembers = huma.Operation{
	OperationID: "list-conversation-members",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations/{convId}/members",
	Tags:        []string{"chat"},
	Summary:     "The members of a conversation",
}

func (s *Server) listConversationMembers(ctx context.Context,
	in *convMembersInput) (*pageOutput[chat.ConversationMember], error) {
	m, err := s.Chat.Members(ctx, me(ctx), in.ConvID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, m, func(m chat.ConversationMember) string { return m.UserID })
}

var opInviteConversationMembers = huma.Operation{
	OperationID: "invite-conversation-members",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/conversations/{convId}/members",
	Tags:        []string{"chat"},
	Summary:     "Add users to a group (owner and admins; up to the group's member cap)",
}

func (s *Server) inviteConversationMembers(ctx context.Context, in *inviteInput) (*convMembersOutput, error) {
	m, err := s.Chat.Invite(ctx, me(ctx), in.ConvID, in.Body.UserIDs)
	if err != nil {
		return nil, err
	}
	return membersOut(m), nil
}

var opLeaveConversation = huma.Operation{
	OperationID:   "leave-conversation",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/conversations/{convId}/leave",
	Tags:          []string{"chat"},
	Summary:       "Leave a group (an owner hands it to the longest-standing admin, else member)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) leaveConversation(ctx context.Context, in *convPathInput) (*struct{}, error) {
	return nil, s.Chat.Leave(ctx, me(ctx), in.ConvID)
}

var opRemoveConversationMember = huma.Operation{
	OperationID:   "remove-conversation-member",
	Method:        http.MethodDelete,
	Path:          "/api/v1/chat/conversations/{convId}/members/{userId}",
	Tags:          []string{"chat"},
	Summary:       "Remove a member from a group (the owner removes anyone, admins remove plain members)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) removeConversationMember(ctx context.Context, in *convMemberPathInput) (*struct{}, error) {
	return nil, s.Chat.Remove(ctx, me(ctx), in.ConvID, in.UserID)
}

var opSetConversationMemberRole = huma.Operation{
	OperationID:   "set-conversation-member-role",
	Method:        http.MethodPut,
	Path:          "/api/v1/chat/conversations/{convId}/members/{userId}/role",
	Tags:          []string{"chat"},
	Summary:       "Promote a member to admin or demote an admin (owner only)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) setConversationMemberRole(ctx context.Context, in *setConvRoleInput) (*struct{}, error) {
	return nil, s.Chat.SetRole(ctx, me(ctx), in.ConvID, in.UserID, in.Body.Role)
}

type renameConvInput struct {
	ConvID string `path:"convId" maxLength:"64"`
	Body   struct {
		Title string `json:"title" maxLength:"400" doc:"the group's new title, 1 to 100 characters"`
	}
}

var opRenameConversation = huma.Operation{
	OperationID: "rename-conversation",
	Method:      http.MethodPatch,
	Path:        "/api/v1/chat/conversations/{convId}",
	Tags:        []string{"chat"},
	Summary:     "Rename a group (owner and admins); the members see a system message",
}

func (s *Server) renameConversation(ctx context.Context, in *renameConvInput) (*convOutput, error) {
	c, err := s.Chat.Rename(ctx, me(ctx), in.ConvID, in.Body.Title)
	if err != nil {
		return nil, err
	}
	return &convOutput{Body: c}, nil
}

var opSendMessage = huma.Operation{
	OperationID:   "send-message",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/conversations/{convId}/messages",
	Tags:          []string{"chat"},
	Summary:       "Send a text or image message (brand staff in a service conversation send as the brand)",
	Description:   "Rate-limited per user (429 rate_limited with Retry-After). Idempotent with client_message_id.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) sendMessage(ctx context.Context, in *sendInput) (*messageOutput, error) {
	m, err := s.Chat.UserSend(ctx, me(ctx), in.ConvID, in.Body.Kind, in.Body.body(), in.Body.ClientMessageID)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}

var opListMessages = huma.Operation{
	OperationID: "list-messages",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations/{convId}/messages",
	Tags:        []string{"chat"},
	Summary:     "Message history by seq: before (backwards, default the newest) or after (forwards)",
}

// listMessages pages a conversation newest first; a message's cursor is its
// seq, so starting_after=seq reads older messages and ending_before=seq the
// newer ones (catching up).
func (s *Server) listMessages(ctx context.Context, in *historyInput) (*pageOutput[chat.Message], error) {
	p := in.PageParams
	if p.StartingAfter != "" && p.EndingBefore != "" {
		return nil, Fail(http.StatusBadRequest, "invalid_request", "pass starting_after or ending_before, not both")
	}
	q := chat.HistoryQuery{Limit: pageLimit(p)}
	for _, c := range []struct {
		val string
		dst *int64
	}{{p.StartingAfter, &q.Before}, {p.EndingBefore, &q.After}} {
		if c.val == "" {
			continue
		}
		seq, err := strconv.ParseInt(c.val, 10, 64)
		if err != nil || seq < 1 {
			return nil, Fail(http.StatusBadRequest, "invalid_cursor", "a message's cursor is its seq")
		}
		*c.dst = seq
	}
	h, err := s.Chat.History(ctx, me(ctx), in.ConvID, q)
	if err != nil {
		return nil, err
	}
	slices.Reverse(h.Messages)
	return &pageOutput[chat.Message]{Body: Page[chat.Message]{Data: nonNil(h.Messages), HasMore: h.HasMore}}, nil
}

var opGetMessage = huma.Operation{
	OperationID: "get-message",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations/{convId}/messages/{seq}",
	Tags:        []string{"chat"},
	Summary:     "One message of a conversation you are in",
}

func (s *Server) getMessage(ctx context.Context, in *messagePathInput) (*messageOutput, error) {
	h, err := s.Chat.History(ctx, me(ctx), in.ConvID, chat.HistoryQuery{Before: in.Seq + 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(h.Messages) != 1 || h.Messages[0].Seq != in.Seq {
		return nil, chat.ErrNotFound
	}
	return &messageOutput{Body: h.Messages[0]}, nil
}

var opEditMessage = huma.Operation{
	OperationID: "edit-message",
	Method:      http.MethodPatch,
	Path:        "/api/v1/chat/conversations/{convId}/messages/{seq}",
	Tags:        []string{"chat"},
	Summary:     "Edit your own text message within the edit window (2 minutes)",
}

func (s *Server) editMessage(ctx context.Context, in *editInput) (*messageOutput, error) {
	m, err := s.Chat.Edit(ctx, me(ctx), in.ConvID, in.Seq, in.Body.Text)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}

var opRecallMessage = huma.Operation{
	OperationID: "recall-message",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/conversations/{convId}/messages/{seq}/recall",
	Tags:        []string{"chat"},
	Summary: "Recall your own text or image message within the edit window (its content becomes a " +
		"tombstone; the seq stays)",
}

func (s *Server) recallMessage(ctx context.Context, in *messagePathInput) (*messageOutput, error) {
	m, err := s.Chat.Recall(ctx, me(ctx), in.ConvID, in.Seq)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}

var opGetMessageImage = huma.Operation{
	OperationID: "get-message-image",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/conversations/{convId}/messages/{seq}/image",
	Tags:        []string{"chat"},
	Summary:     "The image of an image message",
	Responses: map[string]*huma.Response{"200": {Description: "The image", Content: map[string]*huma.MediaType{
		"image/png": {}, "image/jpeg": {}, "image/gif": {}, "image/webp": {}}}},
}

func (s *Server) getMessageImage(ctx context.Context, in *messagePathInput) (*chatImageOutput, error) {
	rc, info, err := s.Chat.OpenImage(ctx, me(ctx), in.ConvID, in.Seq)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxChatImageUpload+1))
	if err != nil {
		return nil, err
	}
	return &chatImageOutput{ContentType: info.ContentType, CacheControl: "private, max-age=86400", Body: b}, nil
}

var opMarkRead = huma.Operation{
	OperationID: "mark-read",
	Method:      http.MethodPut,
	Path:        "/api/v1/chat/conversations/{convId}/read",
	Tags:        []string{"chat"},
	Summary:     "Move my read marker forward (never back; clamped to the last seq)",
}

func (s *Server) markRead(ctx context.Context, in *readInput) (*readOutput, error) {
	seq, err := s.Chat.MarkRead(ctx, me(ctx), in.ConvID, in.Body.Seq)
	if err != nil {
		return nil, err
	}
	out := &readOutput{}
	out.Body.ReadSeq = seq
	return out, nil
}

var opSendTyping = huma.Operation{
	OperationID:   "send-typing",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/conversations/{convId}/typing",
	Tags:          []string{"chat"},
	Summary:       "Tell the other readers you are typing (delivered in realtime, not stored)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) sendTyping(ctx context.Context, in *convPathInput) (*struct{}, error) {
	return nil, s.Chat.Typing(ctx, me(ctx), in.ConvID)
}

var opUploadChatImage = huma.Operation{
	OperationID:   "upload-chat-image",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/images",
	Tags:          []string{"chat"},
	Summary:       "Upload an image to send (PNG, JPEG, GIF or WebP; the bytes must match the Content-Type)",
	DefaultStatus: http.StatusCreated,
	MaxBodyBytes:  maxChatImageUpload,
}

func (s *Server) uploadChatImage(ctx context.Context, in *imageUploadInput) (*imageUploadOutput, error) {
	img, err := s.Chat.UploadImage(ctx, me(ctx), bytes.NewReader(in.RawBody), in.ContentType)
	if err != nil {
		return nil, err
	}
	return &imageUploadOutput{Body: img}, nil
}

var opOpenServiceConversation = huma.Operation{
	OperationID: "open-service-conversation",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/service/{installationId}",
	Tags:        []string{"chat"},
	Summary:     "Open (or get) my service conversation with a brand's installed app",
}

func (s *Server) openServiceConversation(ctx context.Context, in *serviceInput) (*convOutput, error) {
	c, err := s.Chat.OpenService(ctx, me(ctx), in.InstallationID)
	if err != nil {
		return nil, err
	}
	return &convOutput{Body: c}, nil
}

var opBrandChatInbox = huma.Operation{
	OperationID: "brand-chat-inbox",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/chat/inbox",
	Tags:        []string{"chat"},
	Summary:     "The brand's service conversations, most recent first, with my read markers",
}

func (s *Server) brandChatInbox(ctx context.Context, in *inboxInput) (*pageOutput[chat.Conversation], error) {
	list, err := s.Chat.BrandInbox(ctx, me(ctx), in.OrgID, chat.MaxPage)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, conversationID)
}

var opBrandSendMessage = huma.Operation{
	OperationID:   "brand-send-message",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/chat/conversations/{convId}/messages",
	Tags:          []string{"chat"},
	Summary:       "Answer one of the brand's service conversations as the brand",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) brandSendMessage(ctx context.Context, in *brandSendInput) (*messageOutput, error) {
	m, err := s.Chat.BrandSend(ctx, me(ctx), in.OrgID, in.ConvID, in.Body.Kind, in.Body.body(), in.Body.ClientMessageID)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}

func membersOut(m []chat.ConversationMember) *convMembersOutput {
	out := &convMembersOutput{}
	out.Body.Members = m
	if out.Body.Members == nil {
		out.Body.Members = []chat.ConversationMember{}
	}
	return out
}
