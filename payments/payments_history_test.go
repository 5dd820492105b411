package payments_test

import (
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A shopper's payment history lists their own requests, newest first, with
// each one's status; another shopper's requests never appear. Both backends.
func TestShopperRequestsIsTheShoppersHistory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ann, bob := e.user("usr_ann"), e.user("usr_bob")
		e.fund(ann, "USD", 100_00)
		paid := e.confirm(e.request("ord_1", ann, 12_34))
		e.clock.Add(time.Second)
		canceled := e.request("ord_2", ann, 5_00)
		if _, err := e.svc.Cancel(e.ctx, canceled.ID, ann); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(time.Second)
		open := e.request("ord_3", ann, 7_00)
		e.request("ord_4", bob, 1_00)

		got, err := e.svc.ShopperRequests(e.ctx, ann, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct{ id, status string }{{open.ID, payments.StatusCreated}, {canceled.ID, payments.StatusCanceled}, {paid.ID, payments.StatusPaid}}
		if len(got) != len(want) {
			t.Fatalf("history has %d requests, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].ID != w.id || got[i].Status != w.status || got[i].ShopperID != ann {
				t.Errorf("history[%d] = %s %s, want %s %s", i, got[i].ID, got[i].Status, w.id, w.status)
			}
		}
		if got[2].Amount != 12_34 || got[2].Currency != "USD" || got[2].PaidAt == 0 {
			t.Errorf("the paid request reads %+v", got[2])
		}
		one, err := e.svc.ShopperRequests(e.ctx, ann, 1)
		if err != nil || len(one) != 1 || one[0].ID != open.ID {
			t.Fatalf("limit 1: %+v, %v", one, err)
		}
		if none, err := e.svc.ShopperRequests(e.ctx, "usr_nobody", 10); err != nil || len(none) != 0 {
			t.Fatalf("a stranger's history: %+v, %v", none, err)
		}
	})
}
