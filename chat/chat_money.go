package chat

import (
	"context"
	"encoding/json"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
)

// Money is what chat money needs from the payments service (payments.Service
// implements it; payments knows nothing of chat). The transfer's or red
// packet's Ref is the conversation it was sent in.
type Money interface {
	SendTransferWith(ctx context.Context, nt payments.NewTransfer) (payments.PeerTransfer, error)
	AcceptTransfer(ctx context.Context, id, receiverID string) (payments.PeerTransfer, error)
	DeclineTransfer(ctx context.Context, id, receiverID string) (payments.PeerTransfer, error)
	GetTransfer(ctx context.Context, id, viewerID string) (payments.PeerTransfer, error)
	SendRedPacketWith(ctx context.Context, np payments.NewRedPacket) (payments.RedPacket, error)
	ClaimRedPacket(ctx context.Context, packetID, claimerID string) (payments.RedPacketClaim, payments.RedPacket, error)
	GetRedPacket(ctx context.Context, id string) (payments.RedPacket, error)
}

// ChatMoney puts transfers and red packets into conversations: a transfer is
// sent in a direct conversation to its other member and appears there as a
// transfer message; a red packet is sent in a group and appears as a
// red_packet message; only the group's members may claim it. Accepting,
// declining and expiring a transfer, and a red packet running out or
// expiring, post a system message in the conversation.
//
// Money first, message second: each step is idempotent (the payment by the
// client id, the message by a ClientMsgID derived from the payment's id),
// so a retry after a crash between the two completes the message without
// moving money again.
type ChatMoney struct {
	chat *Service
	pay  Money
}

// NewMoney returns chat money over the chat service and payments. Wire the
// expiry updates with payments' SetMoneyHooks(cm.Hooks()).
func NewMoney(c *Service, pay Money) *ChatMoney { return &ChatMoney{chat: c, pay: pay} }

// TransferInput is what the sender gives besides the conversation.
type TransferInput struct {
	ClientID string
	Currency string
	Amount   money.Amount
	PIN      string
	Note     string
}

// transferBody is the transfer message. It never changes (a retried send
// must produce the same body); the current status is read from payments.
type transferBody struct {
	TransferID string `json:"transfer_id"`
	ReceiverID string `json:"receiver_id"`
	Currency   string `json:"currency"`
	Amount     string `json:"amount"`
	Note       string `json:"note,omitempty"`
	ExpiresAt  int64  `json:"expires_at"`
}

type redPacketBody struct {
	RedPacketID string `json:"red_packet_id"`
	Currency    string `json:"currency"`
	Total       string `json:"total"`
	Shares      int    `json:"shares"`
	Mode        string `json:"mode"`
	Greeting    string `json:"greeting,omitempty"`
	ExpiresAt   int64  `json:"expires_at"`
}

func formatAmount(cur string, a money.Amount) string {
	c, err := money.Lookup(cur)
	if err != nil {
		return ""
	}
	return money.Format(c, a)
}

// SendTransfer sends money to the other member of a direct conversation and
// posts the transfer message.
func (cm *ChatMoney) SendTransfer(ctx context.Context, senderID, convID string, in TransferInput) (payments.PeerTransfer, Message, error) {
	c, err := cm.chat.Get(ctx, senderID, convID)
	if err != nil {
		return payments.PeerTransfer{}, Message{}, err
	}
	if c.Kind != KindDirect {
		return payments.PeerTransfer{}, Message{}, fail(CodeInvalidRequest, "transfers are sent in direct conversations")
	}
	receiver := ""
	for _, m := range c.Members {
		if m.UserID != senderID {
			receiver = m.UserID
		}
	}
	if receiver == "" {
		return payments.PeerTransfer{}, Message{}, fail(CodeInvalidRequest, "the conversation has no other member")
	}
	t, err := cm.pay.SendTransferWith(ctx, payments.NewTransfer{SenderID: senderID, ReceiverID: receiver, ClientID: in.ClientID,
		Currency: in.Currency, Amount: in.Amount, PIN: in.PIN, Note: in.Note, Ref: convID})
	if err != nil {
		return payments.PeerTransfer{}, Message{}, err
	}
	body, _ := json.Marshal(transferBody{TransferID: t.ID, ReceiverID: t.ReceiverID, Currency: t.Currency,
		Amount: formatAmount(t.Currency, t.Amount), Note: t.Note, ExpiresAt: t.ExpiresAt})
	m, err := cm.chat.Send(ctx, SendInput{ConversationID: convID, SenderID: senderID, SenderKind: SenderUser, Kind: MsgTransfer,
		Body: body, ClientMsgID: "xfer:" + t.ID})
	return t, m, err
}

// GetTransfer returns a transfer to its sender or receiver.
func (cm *ChatMoney) GetTransfer(ctx context.Context, userID, id string) (payments.PeerTransfer, error) {
	return cm.pay.GetTransfer(ctx, id, userID)
}

// AcceptTransfer is the receiver accepting; the conversation gets a system
// message saying so.
func (cm *ChatMoney) AcceptTransfer(ctx context.Context, userID, id string) (payments.PeerTransfer, error) {
	t, err := cm.pay.AcceptTransfer(ctx, id, userID)
	if err != nil {
		return t, err
	}
	return t, cm.transferUpdate(ctx, t)
}

// DeclineTransfer is the receiver declining: the money is back with the
// sender, and the conversation gets a system message saying so.
func (cm *ChatMoney) DeclineTransfer(ctx context.Context, userID, id string) (payments.PeerTransfer, error) {
	t, err := cm.pay.DeclineTransfer(ctx, id, userID)
	if err != nil {
		return t, err
	}
	return t, cm.transferUpdate(ctx, t)
}

// transferUpdate posts the system message of a resolved transfer, once
// (its ClientMsgID is the transfer and the outcome).
func (cm *ChatMoney) transferUpdate(ctx context.Context, t payments.PeerTransfer) error {
	if t.Ref == "" || t.Status == payments.TransferPending {
		return nil
	}
	body, _ := json.Marshal(map[string]any{"event": "transfer_" + t.Status, "transfer_id": t.ID, "sender_id": t.SenderID,
		"receiver_id": t.ReceiverID, "currency": t.Currency, "amount": formatAmount(t.Currency, t.Amount)})
	_, err := cm.chat.Send(ctx, SendInput{ConversationID: t.Ref, SenderKind: SenderSystem, SenderID: SenderSystem, Kind: MsgSystem,
		Body: body, ClientMsgID: "xfer:" + t.ID + ":" + t.Status})
	if err == nil {
		cm.chat.restated(ctx, t.Ref, t.SenderID, "xfer:"+t.ID)
	}
	return err
}

// RedPacketInput is what the sender gives besides the conversation.
type RedPacketInput struct {
	ClientID string
	Currency string
	Total    money.Amount
	Shares   int
	Mode     string
	PIN      string
	Greeting string
}

// SendRedPacket puts a red packet into a group the sender is in and posts
// the red_packet message.
func (cm *ChatMoney) SendRedPacket(ctx context.Context, senderID, convID string, in RedPacketInput) (payments.RedPacket, Message, error) {
	c, err := cm.chat.Access(ctx, senderID, convID)
	if err != nil {
		return payments.RedPacket{}, Message{}, err
	}
	if c.Kind != KindGroup {
		return payments.RedPacket{}, Message{}, fail(CodeInvalidRequest, "red packets are sent in groups")
	}
	p, err := cm.pay.SendRedPacketWith(ctx, payments.NewRedPacket{SenderID: senderID, ClientID: in.ClientID, Currency: in.Currency,
		Total: in.Total, Shares: in.Shares, Mode: in.Mode, PIN: in.PIN, Greeting: in.Greeting, Ref: convID})
	if err != nil {
		return payments.RedPacket{}, Message{}, err
	}
	body, _ := json.Marshal(redPacketBody{RedPacketID: p.ID, Currency: p.Currency, Total: formatAmount(p.Currency, p.Total),
		Shares: p.Shares, Mode: p.Mode, Greeting: p.Greeting, ExpiresAt: p.ExpiresAt})
	m, err := cm.chat.Send(ctx, SendInput{ConversationID: convID, SenderID: senderID, SenderKind: SenderUser, Kind: MsgRedPacket,
		Body: body, ClientMsgID: "rp:" + p.ID})
	return p, m, err
}

// redPacketFor returns a red packet if userID is a member of the group it
// was sent in; to anyone else it does not exist.
func (cm *ChatMoney) redPacketFor(ctx context.Context, userID, id string) (payments.RedPacket, error) {
	p, err := cm.pay.GetRedPacket(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Ref == "" {
		return payments.RedPacket{}, fail(CodeNotFound, "no such red packet")
	}
	c, err := cm.chat.Access(ctx, userID, p.Ref)
	if err != nil || c.Role == RoleStaff {
		return payments.RedPacket{}, fail(CodeNotFound, "no such red packet")
	}
	return p, nil
}

// GetRedPacket returns a red packet, with who claimed how much, to a member
// of its group.
func (cm *ChatMoney) GetRedPacket(ctx context.Context, userID, id string) (payments.RedPacket, error) {
	return cm.redPacketFor(ctx, userID, id)
}

// ClaimRedPacket claims the next share for a member of the packet's group
// (once per member). The claim that takes the last share posts a system
// message listing every claimer and amount, as WeChat shows a finished
// packet.
func (cm *ChatMoney) ClaimRedPacket(ctx context.Context, userID, id string) (payments.RedPacketClaim, payments.RedPacket, error) {
	if _, err := cm.redPacketFor(ctx, userID, id); err != nil {
		return payments.RedPacketClaim{}, payments.RedPacket{}, err
	}
	c, p, err := cm.pay.ClaimRedPacket(ctx, id, userID)
	if err != nil {
		return c, p, err
	}
	// The claim is done whatever happens next: failures to read the packet
	// back or to post the note are logged, not returned (a retried claim
	// would only be refused).
	finished := p.Status == payments.RedPacketFinished
	if full, err := cm.pay.GetRedPacket(ctx, id); err != nil {
		cm.chat.log.Warn("chat money: reading a claimed red packet", "red_packet", id, "error", err.Error())
	} else {
		p = full
		if finished {
			if err := cm.redPacketUpdate(ctx, full); err != nil {
				cm.chat.log.Warn("chat money: posting a finished red packet", "red_packet", id, "error", err.Error())
			}
		}
	}
	return c, p, nil
}

// redPacketUpdate posts the system message of a finished or expired packet.
func (cm *ChatMoney) redPacketUpdate(ctx context.Context, p payments.RedPacket) error {
	if p.Ref == "" {
		return nil
	}
	type claimView struct {
		ClaimerID string `json:"claimer_id"`
		Amount    string `json:"amount"`
		Luckiest  bool   `json:"luckiest,omitempty"`
	}
	claims := make([]claimView, 0, len(p.Claims))
	for _, c := range p.Claims {
		claims = append(claims, claimView{ClaimerID: c.ClaimerID, Amount: formatAmount(p.Currency, c.Amount), Luckiest: c.Luckiest})
	}
	ev := map[string]any{"event": "red_packet_" + p.Status, "red_packet_id": p.ID, "sender_id": p.SenderID, "currency": p.Currency,
		"total": formatAmount(p.Currency, p.Total), "claims": claims}
	if p.Status == payments.RedPacketFinished && p.FinishedAt > p.CreatedAt {
		ev["took"] = (time.Duration(p.FinishedAt-p.CreatedAt) * time.Microsecond).Round(time.Second).String()
	}
	if p.Status == payments.RedPacketExpired {
		ev["refunded"] = formatAmount(p.Currency, p.Refunded)
	}
	body, _ := json.Marshal(ev)
	_, err := cm.chat.Send(ctx, SendInput{ConversationID: p.Ref, SenderKind: SenderSystem, SenderID: SenderSystem, Kind: MsgSystem,
		Body: body, ClientMsgID: "rp:" + p.ID + ":" + p.Status})
	if err == nil {
		cm.chat.restated(ctx, p.Ref, p.SenderID, "rp:"+p.ID)
	}
	return err
}

// Hooks are the payments expiry hooks that post the expiry in the
// conversation (idempotent: the jobs may call them again).
func (cm *ChatMoney) Hooks() payments.MoneyHooks {
	return payments.MoneyHooks{
		TransferExpired: cm.transferUpdate,
		RedPacketExpired: func(ctx context.Context, p payments.RedPacket) error {
			full, err := cm.pay.GetRedPacket(ctx, p.ID)
			if err != nil {
				return err
			}
			return cm.redPacketUpdate(ctx, full)
		},
	}
}
