package shell

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// Money between people: a transfer in a direct conversation, a red packet
// in a group. The host's own page asks for the amount and the PIN under the
// shopper's anti-phishing phrase; everything goes through chat's money
// service (chat.ChatMoney), which checks membership, and payments, which
// checks the PIN and moves the money. Transfers are accepted or declined by
// their receiver from the message; a red packet opens a page that claims a
// share and shows who got what.

// moneyCurrencies are the currencies the forms offer (the wallet's are
// first when it has any).
var moneyCurrencies = []string{"USD", "CNY", "EUR"}

type moneyData struct {
	ConvID, ConvName, Kind string // Kind: direct or group
	Phrase, ClientID       string
	Currencies             []string
	Error                  string
	Amount, Note, Currency string
	Shares                 string
	Mode                   string
}

type transferView struct {
	ID, Amount, Note, Status string
	CanAnswer, Mine          bool
}

type packetView struct {
	ID, Total, Greeting, Status string
	Shares, Claimed             int
}

func (p *pages) moneyPage(r *site.Req) error {
	return p.renderMoney(r, http.StatusOK, moneyData{ClientID: newClientID(), Currency: "USD", Mode: payments.RedPacketRandom})
}

func (p *pages) renderMoney(r *site.Req, status int, d moneyData) error {
	id := r.Params("id")
	c, err := p.Chat.Get(r.Context(), r.UserID(), id)
	if chat.Code(err) == chat.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	if c.Kind != chat.KindDirect && c.Kind != chat.KindGroup {
		return r.NotFound()
	}
	names := map[string]string{}
	if members, err := p.Chat.Members(r.Context(), r.UserID(), id); err == nil {
		var ids []string
		for _, m := range members {
			ids = append(ids, m.UserID)
		}
		if names, err = p.names(r.Context(), ids); err != nil {
			return err
		}
	}
	d.ConvID, d.ConvName, d.Kind, d.Phrase, d.Currencies = id, p.convName(r, c, names), c.Kind, r.Profile().AntiPhishingPhrase, moneyCurrencies
	title := "money.transfer_title"
	if c.Kind == chat.KindGroup {
		title = "money.packet_title"
	}
	return r.Render(p.t, status, "money", r.Page("chats", title, d))
}

var moneyAttemptsLeft = regexp.MustCompile(`(\d+) attempts left`)

// moneyError is the shopper's message for a refused transfer or packet.
func moneyError(r *site.Req, err error) (string, bool) {
	if errors.Is(err, errBadAmount) {
		return r.L.T("order.err.amount"), true
	}
	// One error type serves every domain package, so match the payment
	// rejections the shopper can act on first, then chat's not-found.
	switch code := payments.Code(err); code {
	case "":
		return "", false
	case chat.CodeNotFound:
		return "", false
	case payments.ErrWrongPIN.Code:
		if m := moneyAttemptsLeft.FindStringSubmatch(err.Error()); m != nil {
			left, _ := strconv.Atoi(m[1])
			return r.L.T("pay.wrong_pin", left), true
		}
		return r.L.T("pay.wrong_pin_plain"), true
	case payments.ErrPINLocked.Code:
		return r.L.T("pay.locked"), true
	case payments.ErrPINNotSet.Code:
		return r.L.T("pay.no_pin"), true
	case ledger.ErrInsufficientFunds.Code:
		return r.L.T("pay.insufficient"), true
	}
	return r.L.T("money.err.other"), true
}

func (p *pages) peerMoneyIn(r *site.Req, field string) (moneyData, money.Amount, error) {
	d := moneyData{ClientID: r.FormValue("client_id"), Currency: r.FormValue("currency"), Amount: strings.TrimSpace(r.FormValue(field)),
		Note: strings.TrimSpace(r.FormValue("note")), Shares: r.FormValue("shares"), Mode: r.FormValue("mode")}
	if d.ClientID == "" || len(d.ClientID) > 64 {
		d.ClientID = newClientID()
	}
	cur, err := money.Lookup(d.Currency)
	if err != nil {
		return d, 0, errBadAmount
	}
	a, err := money.ParsePositive(cur, d.Amount)
	if err != nil {
		return d, 0, errBadAmount
	}
	return d, a, nil
}

func (p *pages) sendTransfer(r *site.Req) error {
	d, a, err := p.peerMoneyIn(r, "amount")
	if err == nil {
		_, _, err = p.Money.SendTransfer(r.Context(), r.UserID(), r.Params("id"), chat.TransferInput{ClientID: d.ClientID,
			Currency: d.Currency, Amount: a, PIN: strings.TrimSpace(r.FormValue("pin")), Note: d.Note})
	}
	return p.afterMoney(r, d, err)
}

func (p *pages) sendRedPacket(r *site.Req) error {
	d, a, err := p.peerMoneyIn(r, "total")
	if err == nil {
		shares, _ := strconv.Atoi(d.Shares)
		_, _, err = p.Money.SendRedPacket(r.Context(), r.UserID(), r.Params("id"), chat.RedPacketInput{ClientID: d.ClientID,
			Currency: d.Currency, Total: a, Shares: shares, Mode: d.Mode, PIN: strings.TrimSpace(r.FormValue("pin")), Greeting: d.Note})
	}
	return p.afterMoney(r, d, err)
}

func (p *pages) afterMoney(r *site.Req, d moneyData, err error) error {
	if err == nil {
		return r.SeeOther("/chats/" + r.Params("id"))
	}
	msg, ok := moneyError(r, err)
	if !ok {
		if chat.Code(err) == chat.CodeNotFound {
			return r.NotFound()
		}
		return err
	}
	d.Error = msg
	// A wrong PIN is a new attempt: the same client id would replay the refusal.
	d.ClientID = newClientID()
	return p.renderMoney(r, http.StatusUnprocessableEntity, d)
}

func (p *pages) answerTransfer(r *site.Req) error {
	var err error
	if r.Params("answer") == "accept" {
		_, err = p.Money.AcceptTransfer(r.Context(), r.UserID(), r.Params("tid"))
	} else {
		_, err = p.Money.DeclineTransfer(r.Context(), r.UserID(), r.Params("tid"))
	}
	if err != nil && payments.Code(err) == "" && chat.Code(err) == "" {
		return err
	}
	if c := payments.Code(err); c == payments.ErrTransferNotFound.Code || c == payments.ErrNotTransferReceiver.Code {
		return r.NotFound()
	}
	return r.SeeOther("/chats/" + r.Params("id"))
}

type claimLine struct {
	Name, Amount string
	Luckiest     bool
}

type packetData struct {
	ConvID, ClaimURL, Sender, Total, Greeting, Status, Mode string
	Shares, ClaimedCount                                    int
	Claims                                                  []claimLine
	CanClaim                                                bool
	Mine                                                    string // what the viewer got
}

func (p *pages) packetPage(r *site.Req) error {
	pk, err := p.Money.GetRedPacket(r.Context(), r.UserID(), r.Params("pid"))
	if err != nil || pk.Ref != r.Params("id") {
		if err != nil && chat.Code(err) == "" && payments.Code(err) == "" {
			return err
		}
		return r.NotFound()
	}
	ids := []string{pk.SenderID}
	for _, c := range pk.Claims {
		ids = append(ids, c.ClaimerID)
	}
	names, err := p.names(r.Context(), ids)
	if err != nil {
		return err
	}
	d := packetData{ConvID: pk.Ref, ClaimURL: "/chats/" + pk.Ref + "/red-packets/" + pk.ID + "/claim", Sender: names[pk.SenderID], Total: amount(pk.Currency, int64(pk.Total)), Greeting: pk.Greeting,
		Status: r.L.T("money.packet_status." + pk.Status), Mode: r.L.T("money.mode." + pk.Mode), Shares: pk.Shares, ClaimedCount: pk.ClaimedCount}
	claimed := false
	for _, c := range pk.Claims {
		d.Claims = append(d.Claims, claimLine{Name: names[c.ClaimerID], Amount: amount(pk.Currency, int64(c.Amount)), Luckiest: c.Luckiest})
		if c.ClaimerID == r.UserID() {
			claimed, d.Mine = true, amount(pk.Currency, int64(c.Amount))
		}
	}
	d.CanClaim = !claimed && pk.Status == payments.RedPacketActive
	return r.Render(p.t, http.StatusOK, "packet", r.Page("chats", "money.packet", d))
}

func (p *pages) claimPacket(r *site.Req) error {
	pk, err := p.Money.GetRedPacket(r.Context(), r.UserID(), r.Params("pid"))
	if err != nil || pk.Ref != r.Params("id") {
		return r.NotFound()
	}
	if _, _, err := p.Money.ClaimRedPacket(r.Context(), r.UserID(), pk.ID); err != nil && payments.Code(err) == "" && chat.Code(err) == "" {
		return err
	}
	// A refused claim (already claimed, none left, expired) shows the packet as it is.
	return r.SeeOther("/chats/" + pk.Ref + "/red-packets/" + pk.ID)
}

// moneyMessage fills a transfer or red packet message's view with its
// current state from payments.
func (p *pages) moneyMessage(r *site.Req, v *msgView) {
	if p.Money == nil || v.RecalledAt != nil {
		return
	}
	switch v.Kind {
	case chat.MsgSystem:
		var b struct {
			Event string `json:"event"`
		}
		if json.Unmarshal(v.Message.Body, &b) == nil && r.L.Has("money.event."+b.Event) {
			v.Text = r.L.T("money.event." + b.Event)
		}
	case chat.MsgTransfer:
		var b struct {
			TransferID string `json:"transfer_id"`
		}
		if json.Unmarshal(v.Message.Body, &b) != nil {
			return
		}
		t, err := p.Money.GetTransfer(r.Context(), r.UserID(), b.TransferID)
		if err != nil {
			return
		}
		v.Transfer = &transferView{ID: t.ID, Amount: amount(t.Currency, int64(t.Amount)), Note: t.Note,
			Status: r.L.T("money.transfer_status." + t.Status), Mine: t.SenderID == r.UserID(),
			CanAnswer: t.ReceiverID == r.UserID() && t.Status == payments.TransferPending}
	case chat.MsgRedPacket:
		var b struct {
			ID string `json:"red_packet_id"`
		}
		if json.Unmarshal(v.Message.Body, &b) != nil {
			return
		}
		pk, err := p.Money.GetRedPacket(r.Context(), r.UserID(), b.ID)
		if err != nil {
			return
		}
		v.Packet = &packetView{ID: pk.ID, Total: amount(pk.Currency, int64(pk.Total)), Greeting: pk.Greeting,
			Status: r.L.T("money.packet_status." + pk.Status), Shares: pk.Shares, Claimed: pk.ClaimedCount}
	}
}
