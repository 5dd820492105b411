package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
)

// Transfers and red packets in chat. PINs travel in request bodies only;
// the request log never records bodies.

// TransferView is a person-to-person transfer.
type TransferView struct {
	ID             string     `json:"id"`
	ClientID       string     `json:"client_id"`
	SenderID       string     `json:"sender_id"`
	ReceiverID     string     `json:"receiver_id"`
	ConversationID string     `json:"conversation_id,omitempty"`
	Currency       string     `json:"currency"`
	Amount         string     `json:"amount"`
	Note           string     `json:"note,omitempty"`
	Status         string     `json:"status" enum:"pending,accepted,declined,expired"`
	ExpiresAt      time.Time  `json:"expires_at" doc:"Unix microseconds; a pending transfer returns to the sender then"`
	CreatedAt      time.Time  `json:"created_at"`
	ResolvedAt     *time.Time `json:"resolved_at,omitempty"`
}

func transferView(t payments.PeerTransfer) TransferView {
	return TransferView{ID: t.ID, ClientID: t.ClientID, SenderID: t.SenderID, ReceiverID: t.ReceiverID,
		ConversationID: t.Ref,
		Currency:       t.Currency, Amount: formatMinor(t.Currency, int64(t.Amount)), Note: t.Note, Status: t.Status,
		ExpiresAt: ts(t.ExpiresAt), CreatedAt: ts(t.CreatedAt), ResolvedAt: tsPtr(t.ResolvedAt)}
}

// RedPacketClaimView is one member's share of a red packet.
type RedPacketClaimView struct {
	ClaimerID string    `json:"claimer_id"`
	Amount    string    `json:"amount"`
	ClaimedAt time.Time `json:"claimed_at"`
	Luckiest  bool      `json:"luckiest,omitempty" doc:"The largest share of a finished random packet"`
}

// RedPacketView is a red packet with its claims.
type RedPacketView struct {
	ID             string               `json:"id"`
	ClientID       string               `json:"client_id"`
	SenderID       string               `json:"sender_id"`
	ConversationID string               `json:"conversation_id"`
	Currency       string               `json:"currency"`
	Total          string               `json:"total"`
	Shares         int                  `json:"shares"`
	Mode           string               `json:"mode" enum:"equal,random"`
	Greeting       string               `json:"greeting,omitempty"`
	Status         string               `json:"status" enum:"active,finished,expired"`
	ClaimedCount   int                  `json:"claimed_count"`
	ClaimedAmount  string               `json:"claimed_amount"`
	Refunded       string               `json:"refunded" doc:"What went back to the sender at expiry"`
	ExpiresAt      time.Time            `json:"expires_at"`
	CreatedAt      time.Time            `json:"created_at"`
	FinishedAt     *time.Time           `json:"finished_at,omitempty"`
	Claims         []RedPacketClaimView `json:"claims"`
}

func claimView(cur string, c payments.RedPacketClaim) RedPacketClaimView {
	return RedPacketClaimView{ClaimerID: c.ClaimerID, Amount: formatMinor(cur, int64(c.Amount)),
		ClaimedAt: ts(c.ClaimedAt), Luckiest: c.Luckiest}
}

func redPacketView(p payments.RedPacket) RedPacketView {
	v := RedPacketView{ID: p.ID, ClientID: p.ClientID, SenderID: p.SenderID, ConversationID: p.Ref,
		Currency: p.Currency,
		Total:    formatMinor(p.Currency, int64(p.Total)), Shares: p.Shares, Mode: p.Mode, Greeting: p.Greeting,
		Status:       p.Status,
		ClaimedCount: p.ClaimedCount, ClaimedAmount: formatMinor(p.Currency, int64(p.ClaimedAmount)),
		Refunded: formatMinor(p.Currency, int64(p.Refunded)), ExpiresAt: ts(p.ExpiresAt), CreatedAt: ts(p.CreatedAt),
		FinishedAt: tsPtr(p.FinishedAt),
		Claims:     make([]RedPacketClaimView, 0, len(p.Claims))}
	for _, c := range p.Claims {
		v.Claims = append(v.Claims, claimView(p.Currency, c))
	}
	return v
}

type sendTransferInput struct {
	ConversationID string `path:"convId" maxLength:"64"`
	Body           struct {
		ClientID string `json:"client_id" minLength:"1" maxLength:"64" pattern:"^[!-~]+$" doc:"Your idempotency key: a retry with the same id is the same transfer"`
		Currency string `json:"currency" minLength:"3" maxLength:"3"`
		Amount   string `json:"amount" maxLength:"32" doc:"Decimal string in the major unit, e.g. \"12.34\""`
		PIN      string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"The sender's payment PIN"`
		Note     string `json:"note,omitempty" maxLength:"800"`
	}
}

type transferSentOutput struct {
	Body struct {
		Transfer   TransferView `json:"transfer"`
		MessageID  string       `json:"message_id"`
		MessageSeq int64        `json:"message_seq"`
	}
}

type transferIDInput struct {
	TransferID string `path:"transferId" maxLength:"64"`
}

type transferOutput struct{ Body TransferView }

type sendRedPacketInput struct {
	ConversationID string `path:"convId" maxLength:"64"`
	Body           struct {
		ClientID string `json:"client_id" minLength:"1" maxLength:"64" pattern:"^[!-~]+$" doc:"Your idempotency key: a retry with the same id is the same red packet"`
		Currency string `json:"currency" minLength:"3" maxLength:"3"`
		Total    string `json:"total" maxLength:"32" doc:"Decimal string in the major unit; at least one minor unit per share"`
		Shares   int    `json:"shares" minimum:"1" maximum:"200"`
		Mode     string `json:"mode" enum:"equal,random" doc:"equal: total/shares, the remainder one minor unit each to the first claimers; random: WeChat's double average"`
		PIN      string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"The sender's payment PIN"`
		Greeting string `json:"greeting,omitempty" maxLength:"800"`
	}
}

type redPacketSentOutput struct {
	Body struct {
		RedPacket  RedPacketView `json:"red_packet"`
		MessageID  string        `json:"message_id"`
		MessageSeq int64         `json:"message_seq"`
	}
}

type redPacketIDInput struct {
	RedPacketID string `path:"redPacketId" maxLength:"64"`
}

type redPacketOutput struct{ Body RedPacketView }

type claimOutput struct {
	Body struct {
		Claim     RedPacketClaimView `json:"claim"`
		RedPacket RedPacketView      `json:"red_packet"`
	}
}

func parseTransferAmount(cur, s string) (money.Amount, error) {
	return parseMove(MoneyMove{Currency: cur, Amount: s})
}

func (s *Server) registerChatMoney() {
	if s.ChatMoney == nil {
		return
	}
	Register(s, User, opSendTransfer, s.sendTransfer)
	Register(s, User, opGetTransfer, s.getTransfer)
	Register(s, User, opAcceptTransfer, s.acceptTransfer)
	Register(s, User, opDeclineTransfer, s.declineTransfer)
	Register(s, User, opSendRedPacket, s.sendRedPacket)
	Register(s, User, opGetRedPacket, s.getRedPacket)
	Register(s, User, opClaimRedPacket, s.claimRedPacket)
}

var opSendTransfer = huma.Operation{
	OperationID:   "send-transfer",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/conversations/{convId}/transfers",
	Tags:          []string{"chat money"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Send money to the other member of a direct conversation",
	Description: "Needs the sender's PIN. The amount is reserved in the sender's wallet until the receiver " +
		"accepts (it moves) or declines (it is released); after 24 hours it returns to the sender.",
}

func (s *Server) sendTransfer(ctx context.Context, in *sendTransferInput) (*transferSentOutput, error) {
	a, err := parseTransferAmount(in.Body.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	t, m,
		err := s.ChatMoney.SendTransfer(ctx, caller(ctx).User.ID, in.ConversationID,
		chat.TransferInput{ClientID: in.Body.ClientID,
			Currency: in.Body.Currency, Amount: a, PIN: in.Body.PIN, Note: in.Body.Note})
	if err != nil {
		return nil, err
	}
	out := &transferSentOutput{}
	out.Body.Transfer, out.Body.MessageID, out.Body.MessageSeq = transferView(t), m.ID, m.Seq
	return out, nil
}

var opGetTransfer = huma.Operation{
	OperationID: "get-transfer",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/transfers/{transferId}",
	Tags:        []string{"chat money"},
	Summary:     "A transfer I sent or received",
}

func (s *Server) getTransfer(ctx context.Context, in *transferIDInput) (*transferOutput, error) {
	t, err := s.ChatMoney.GetTransfer(ctx, caller(ctx).User.ID, in.TransferID)
	if err != nil {
		return nil, err
	}
	return &transferOutput{Body: transferView(t)}, nil
}

var opAcceptTransfer = huma.Operation{
	OperationID: "accept-transfer",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/transfers/{transferId}/accept",
	Tags:        []string{"chat money"},
	Summary:     "Accept a transfer sent to me",
	Description: "Only the receiver; accepting again returns the transfer unchanged.",
}

func (s *Server) acceptTransfer(ctx context.Context, in *transferIDInput) (*transferOutput, error) {
	t, err := s.ChatMoney.AcceptTransfer(ctx, caller(ctx).User.ID, in.TransferID)
	if err != nil {
		return nil, err
	}
	return &transferOutput{Body: transferView(t)}, nil
}

var opDeclineTransfer = huma.Operation{
	OperationID: "decline-transfer",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/transfers/{transferId}/decline",
	Tags:        []string{"chat money"},
	Summary:     "Decline a transfer sent to me: the money goes back to the sender",
}

func (s *Server) declineTransfer(ctx context.Context, in *transferIDInput) (*transferOutput, error) {
	t, err := s.ChatMoney.DeclineTransfer(ctx, caller(ctx).User.ID, in.TransferID)
	if err != nil {
		return nil, err
	}
	return &transferOutput{Body: transferView(t)}, nil
}

var opSendRedPacket = huma.Operation{
	OperationID:   "send-red-packet",
	Method:        http.MethodPost,
	Path:          "/api/v1/chat/conversations/{convId}/red-packets",
	Tags:          []string{"chat money"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Put a red packet into a group",
	Description: "Needs the sender's PIN. The total leaves the sender's wallet now; each member may claim " +
		"one share; what is unclaimed after 24 hours returns to the sender.",
}

func (s *Server) sendRedPacket(ctx context.Context, in *sendRedPacketInput) (*redPacketSentOutput, error) {
	a, err := parseTransferAmount(in.Body.Currency, in.Body.Total)
	if err != nil {
		return nil, err
	}
	p, m,
		err := s.ChatMoney.SendRedPacket(ctx, caller(ctx).User.ID, in.ConversationID,
		chat.RedPacketInput{ClientID: in.Body.ClientID,
			Currency: in.Body.Currency, Total: a, Shares: in.Body.Shares, Mode: in.Body.Mode, PIN: in.Body.PIN,
			Greeting: in.Body.Greeting})
	if err != nil {
		return nil, err
	}
	out := &redPacketSentOutput{}
	out.Body.RedPacket, out.Body.MessageID, out.Body.MessageSeq = redPacketView(p), m.ID, m.Seq
	return out, nil
}

var opGetRedPacket = huma.Operation{
	OperationID: "get-red-packet",
	Method:      http.MethodGet,
	Path:        "/api/v1/chat/red-packets/{redPacketId}",
	Tags:        []string{"chat money"},
	Summary:     "A red packet in one of my groups, with who claimed how much",
}

func (s *Server) getRedPacket(ctx context.Context, in *redPacketIDInput) (*redPacketOutput, error) {
	p, err := s.ChatMoney.GetRedPacket(ctx, caller(ctx).User.ID, in.RedPacketID)
	if err != nil {
		return nil, err
	}
	return &redPacketOutput{Body: redPacketView(p)}, nil
}

var opClaimRedPacket = huma.Operation{
	OperationID: "claim-red-packet",
	Method:      http.MethodPost,
	Path:        "/api/v1/chat/red-packets/{redPacketId}/claim",
	Tags:        []string{"chat money"},
	Summary:     "Claim my share of a red packet in one of my groups",
	Description: "Once per member; the share goes to my wallet.",
}

func (s *Server) claimRedPacket(ctx context.Context, in *redPacketIDInput) (*claimOutput, error) {
	c, p, err := s.ChatMoney.ClaimRedPacket(ctx, caller(ctx).User.ID, in.RedPacketID)
	if err != nil {
		return nil, err
	}
	out := &claimOutput{}
	out.Body.Claim, out.Body.RedPacket = claimView(p.Currency, c), redPacketView(p)
	return out, nil
}
