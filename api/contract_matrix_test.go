package api_test

import "fmt"

// The routes the one-contract work added so that whatever can be created can
// be read back (docs/API.md), in the authorization matrix.
func init() {
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	everyone := map[string]int{"anonymous": 401, "*": 200}
	org := func(w *world, rest string) string { return "/api/v1/orgs/" + w.brand + rest }

	matrix["get-member"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/members/"+w.users["brand_agent"].ID), nil },
		want:    staff,
	}
	matrix["get-token"] = matrixCase{
		// Each role reads a token of its own.
		request: func(w *world, role string) (string, any) {
			if role == "anonymous" {
				return "/api/v1/me/tokens/tok_x", nil
			}
			_, info, err := w.h.ids.CreateAPIToken(t0ctx, w.users[role].ID, "t", []string{"read"}, 0)
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/me/tokens/" + info.ID, nil
		},
		want: everyone,
	}
	matrix["get-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/skus/"+w.sku().ID), nil },
		want:    staff,
	}
	matrix["get-brand-shipment"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/shipments/"+w.simShipment().ID), nil },
		want:    staff,
	}
	matrix["get-brand-review"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/reviews/"+w.review().ID), nil },
		want:    staff,
	}
	matrix["get-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			g, m := w.chatMessage(role)
			return fmt.Sprintf("/api/v1/chat/conversations/%s/messages/%d", g.ID, m.Seq), nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "developer": 200, "*": 404},
	}
	matrix["get-withdrawal"] = matrixCase{
		// Everyone asks for the shopper's withdrawal: only the shopper sees it.
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "1.00")
			op, err := w.h.pay.Withdraw(t0ctx, w.users["shopper"].ID, fmt.Sprintf("wd-%d", emailSeq.Add(1)), "USD", usd("1.00"))
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/wallet/withdrawals/" + op.ID, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
}
