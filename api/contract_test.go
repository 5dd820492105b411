package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A rejection's message is for a person: it neither repeats the code nor
// names ledger accounts or balances (main answered an overdraft with
// "insufficient_funds (transfer withdrawal:…): account wallet:usr_…:USD has
// 1000 available, needs 5000").
func TestErrorMessagesLeakNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper := w.users["shopper"]
		w.fund(shopper.ID, "10.00")
		r := h.do("POST", "/api/v1/wallet/withdrawals", w.tokens["shopper"], move("50.00"))
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(r.Body, &e); err != nil || r.Status != 409 || e.Error.Code != "insufficient_funds" {
			t.Fatalf("overdraft: %d %s", r.Status, r.Body)
		}
		for _, leak := range []string{"insufficient_funds", "wallet:", shopper.ID, "1000", "10.00", "transfer"} {
			if strings.Contains(e.Error.Message, leak) {
				t.Errorf("message %q shows %q", e.Error.Message, leak)
			}
		}
		if e.Error.Message == "" {
			t.Error("empty message")
		}
	})
}

type page struct {
	Data []struct {
		ID  string `json:"id"`
		Seq int64  `json:"seq"`
	} `json:"data"`
	HasMore bool `json:"has_more"`
}

func (h *harness) page(path, token string) page {
	h.t.Helper()
	r := h.do("GET", path, token, nil)
	var p page
	if err := json.Unmarshal(r.Body, &p); err != nil || r.Status != 200 {
		h.t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	return p
}

// One pagination on every list: limit, starting_after forward,
// ending_before back, has_more in the direction asked.
func TestListPagination(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u, tok := h.user("pager")
		for i := range 4 {
			if _, _, err := h.ids.CreateAPIToken(t0ctx, u.ID, fmt.Sprintf("t%d", i), []string{"read"}, 0); err != nil {
				t.Fatal(err)
			}
		}
		all := h.page("/api/v1/me/tokens?limit=100", tok)
		if len(all.Data) != 4 || all.HasMore {
			t.Fatalf("all tokens: %+v", all)
		}
		p1 := h.page("/api/v1/me/tokens?limit=3", tok)
		if len(p1.Data) != 3 || !p1.HasMore || p1.Data[0].ID != all.Data[0].ID {
			t.Fatalf("first page: %+v", p1)
		}
		p2 := h.page("/api/v1/me/tokens?limit=3&starting_after="+p1.Data[2].ID, tok)
		if len(p2.Data) != 1 || p2.HasMore || p2.Data[0].ID != all.Data[3].ID {
			t.Fatalf("second page: %+v", p2)
		}
		back := h.page("/api/v1/me/tokens?limit=2&ending_before="+p2.Data[0].ID, tok)
		if len(back.Data) != 2 || !back.HasMore || back.Data[0].ID != all.Data[1].ID || back.Data[1].ID != all.Data[2].ID {
			t.Fatalf("page before: %+v", back)
		}
		for _, q := range []string{"starting_after=tok_nope", "ending_before=tok_nope",
			"starting_after=" + p1.Data[0].ID + "&ending_before=" + p2.Data[0].ID, "limit=0", "limit=101"} {
			if r := h.do("GET", "/api/v1/me/tokens?"+q, tok, nil); r.Status != 400 {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
	})
}

// Messages page newest first with their seq as cursor: starting_after reads
// older messages, ending_before the newer ones (catching up).
func TestMessagesPagination(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a, aTok := h.user("alice")
		b, _ := h.user("bob")
		c, err := h.chat.CreateDirect(t0ctx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := h.chat.UserSend(t0ctx, a.ID, c.ID, chat.MsgText, json.RawMessage(fmt.Sprintf(`{"text":"m%d"}`, i)), ""); err != nil {
				t.Fatal(err)
			}
		}
		base := "/api/v1/chat/conversations/" + c.ID + "/messages?limit=2"
		seqs := func(p page) []int64 {
			var out []int64
			for _, m := range p.Data {
				out = append(out, m.Seq)
			}
			return out
		}
		if p := h.page(base, aTok); fmt.Sprint(seqs(p)) != "[5 4]" || !p.HasMore {
			t.Fatalf("newest: %v %v", seqs(p), p.HasMore)
		}
		if p := h.page(base+"&starting_after=4", aTok); fmt.Sprint(seqs(p)) != "[3 2]" || !p.HasMore {
			t.Fatalf("older: %v %v", seqs(p), p.HasMore)
		}
		if p := h.page(base+"&starting_after=2", aTok); fmt.Sprint(seqs(p)) != "[1]" || p.HasMore {
			t.Fatalf("oldest: %v %v", seqs(p), p.HasMore)
		}
		if p := h.page(base+"&ending_before=1", aTok); fmt.Sprint(seqs(p)) != "[3 2]" || !p.HasMore {
			t.Fatalf("newer: %v %v", seqs(p), p.HasMore)
		}
		if p := h.page(base+"&ending_before=3", aTok); fmt.Sprint(seqs(p)) != "[5 4]" || p.HasMore {
			t.Fatalf("newest again: %v %v", seqs(p), p.HasMore)
		}
		if r := h.do("GET", "/api/v1/chat/conversations/"+c.ID+"/messages/3", aTok, nil); r.Status != 200 || r.json(t)["seq"] != float64(3) {
			t.Fatalf("one message: %d %s", r.Status, r.Body)
		}
	})
}

// Every statement line says what moved the money and names it: a
// withdrawal's completion used to show an empty code and reference.
func TestStatementLinesHaveCodeAndReference(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		tok := w.tokens["shopper"]
		w.fund(w.users["shopper"].ID, "20.00")
		for _, ok := range []bool{true, false} {
			r := h.do("POST", "/api/v1/wallet/withdrawals", tok, move("2.00"))
			if r.Status != 202 {
				t.Fatalf("withdraw: %d %s", r.Status, r.Body)
			}
			id, _ := r.json(t)["id"].(string)
			if _, err := h.bank.Complete(t0ctx, id, ok); err != nil {
				t.Fatal(err)
			}
		}
		var st struct {
			Data []struct{ Code, Reference, Change string } `json:"data"`
		}
		r := h.do("GET", "/api/v1/wallet/statement?currency=USD&limit=100", tok, nil)
		if err := json.Unmarshal(r.Body, &st); err != nil || r.Status != 200 || len(st.Data) < 4 {
			t.Fatalf("statement: %d %s", r.Status, r.Body)
		}
		for _, l := range st.Data {
			if l.Code == "" || l.Reference == "" {
				t.Errorf("statement line without a code or reference: %+v", l)
			}
		}
	})
}
