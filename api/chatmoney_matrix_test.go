package api_test

import (
	"fmt"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/payments"
)

// peer signs up a fresh user with no role anywhere.
func (w *world) peer() string {
	u, _ := w.h.user("peer")
	return u.ID
}

// dm is the direct conversation of the shopper with another user.
func (w *world) dm(other string) string {
	w.h.t.Helper()
	c, err := w.h.chat.CreateDirect(t0ctx, w.users["shopper"].ID, other)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c.ID
}

// shopperGroup is a fresh group owned by the shopper with the given members.
func (w *world) shopperGroup(members ...string) string {
	w.h.t.Helper()
	c, err := w.h.chat.CreateGroup(t0ctx, w.users["shopper"].ID, "friends", members)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c.ID
}

// shopperTransfer is a pending transfer of 1.00 from the shopper to to.
func (w *world) shopperTransfer(to string) payments.PeerTransfer {
	w.h.t.Helper()
	w.fund(w.users["shopper"].ID, "1.00")
	t, _, err := w.h.chatMoney.SendTransfer(t0ctx, w.users["shopper"].ID, w.dm(to), chat.TransferInput{
		ClientID: fmt.Sprintf("mx-%d", emailSeq.Add(1)), Currency: "USD", Amount: usd("1.00"), PIN: shopperPIN})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return t
}

// shopperRedPacket is a 2-share red packet from the shopper in a group with
// the brand owner.
func (w *world) shopperRedPacket() payments.RedPacket {
	w.h.t.Helper()
	w.fund(w.users["shopper"].ID, "2.00")
	p, _, err := w.h.chatMoney.SendRedPacket(t0ctx, w.users["shopper"].ID, w.shopperGroup(w.users["brand_owner"].ID), chat.RedPacketInput{
		ClientID: fmt.Sprintf("mx-%d", emailSeq.Add(1)), Currency: "USD", Total: usd("2.00"), Shares: 2, Mode: payments.RedPacketRandom, PIN: shopperPIN})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return p
}

func init() {
	// Only the shopper has a PIN and money; everyone else is outside the
	// conversation and learns nothing (404).
	matrix["send-transfer"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "1.00")
			return "/api/v1/chat/conversations/" + w.dm(w.peer()) + "/transfers", map[string]any{
				"client_id": fmt.Sprintf("mx-%d", emailSeq.Add(1)), "currency": "USD", "amount": "1.00", "pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "shopper": 201, "*": 404},
	}
	matrix["get-transfer"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/chat/transfers/" + w.shopperTransfer(w.peer()).ID, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	// Each role is sent a transfer and may accept or decline it; the
	// shopper tries one they sent (403: only the receiver decides).
	resolve := func(verb string) func(w *world, role string) (string, any) {
		return func(w *world, role string) (string, any) {
			to := w.peer()
			if u, ok := w.users[role]; ok && role != "shopper" {
				to = u.ID
			}
			return "/api/v1/chat/transfers/" + w.shopperTransfer(to).ID + "/" + verb, nil
		}
	}
	matrix["accept-transfer"] = matrixCase{request: resolve("accept"), want: map[string]int{"anonymous": 401, "shopper": 403, "*": 200}}
	matrix["decline-transfer"] = matrixCase{request: resolve("decline"), want: map[string]int{"anonymous": 401, "shopper": 403, "*": 200}}

	matrix["send-red-packet"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "1.00")
			return "/api/v1/chat/conversations/" + w.shopperGroup(w.peer()) + "/red-packets", map[string]any{
				"client_id": fmt.Sprintf("mx-%d", emailSeq.Add(1)), "currency": "USD", "total": "1.00", "shares": 3, "mode": "random", "pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "shopper": 201, "*": 404},
	}
	// Members of the group (the shopper who sent it, the brand owner) see
	// and claim; nobody else.
	matrix["get-red-packet"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/chat/red-packets/" + w.shopperRedPacket().ID, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "brand_owner": 200, "*": 404},
	}
	matrix["claim-red-packet"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/chat/red-packets/" + w.shopperRedPacket().ID + "/claim", nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "brand_owner": 200, "*": 404},
	}
}
