package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/webhooks"
)

// An app's listen endpoint records deliveries while someone listens: a
// listener reads them signed as a registered endpoint would receive them,
// resumes after the last id it got, filters by event type, and the
// endpoint is none of the app's registered ones. Once nobody renews it,
// nothing more is recorded.
func TestListenEndpoint(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{MaxEndpoints: 1})
		if _, err := f.svc.Listen(ctx, "org_other", f.app); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Fatalf("another org listens: %v", err)
		}
		l, err := f.svc.Listen(ctx, f.org, f.app)
		if err != nil {
			t.Fatal(err)
		}
		again, err := f.svc.Listen(ctx, f.org, f.app)
		if err != nil || again.Secret != l.Secret || again.EndpointID != l.EndpointID {
			t.Fatalf("a second listener gets another endpoint or secret: %+v %v", again, err)
		}
		// Not a registered endpoint: not listed, not counted.
		if list, _ := f.svc.Endpoints(ctx, f.org, f.app); len(list) != 0 {
			t.Fatalf("the listen endpoint is listed: %+v", list)
		}
		if _, err := f.svc.Endpoint(ctx, f.org, f.app, l.EndpointID); webhooks.CodeOf(err) != webhooks.CodeNotFound {
			t.Fatalf("the listen endpoint answers as a registered one: %v", err)
		}
		rcv := newReceiver(t)
		if _, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}}); err != nil {
			t.Fatalf("the listen endpoint counts against MaxEndpoints: %v", err)
		}

		cur, err := f.svc.ListenStart(ctx, l, "")
		if err != nil {
			t.Fatal(err)
		}
		ids, err := f.svc.Publish(ctx, nil, f.app, "order.paid", map[string]string{"order_id": "ord_1"})
		if err != nil || len(ids) != 1 {
			t.Fatalf("publish: %v %v (one send job, for the registered endpoint)", ids, err)
		}
		if _, err := f.svc.Publish(ctx, nil, f.app, "payment.succeeded", map[string]string{"order_id": "ord_1"}); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.ListenAfter(ctx, l, &cur, nil, 100)
		if err != nil || len(got) != 2 || got[0].EventType != "order.paid" || got[1].EventType != "payment.succeeded" {
			t.Fatalf("listened %+v %v", got, err)
		}
		h := http.Header{}
		for k, v := range got[0].Headers {
			h.Set(k, v)
		}
		if err := verify(l.Secret, h, []byte(got[0].Body), time.Now()); err != nil {
			t.Fatalf("a listened delivery does not verify with the listen secret: %v", err)
		}
		if more, _ := f.svc.ListenAfter(ctx, l, &cur, nil, 100); len(more) != 0 {
			t.Fatalf("read twice: %+v", more)
		}
		// Only the registered endpoint is sent to.
		f.runDue(t, time.Now())
		if n := len(rcv.requests()); n != 1 {
			t.Fatalf("receiver got %d requests", n)
		}

		// Resume after the first: the second comes again, the first not.
		resumed, err := f.svc.ListenStart(ctx, l, got[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		again2, err := f.svc.ListenAfter(ctx, l, &resumed, nil, 100)
		if err != nil || len(again2) != 1 || again2[0].ID != got[1].ID {
			t.Fatalf("resumed %+v %v", again2, err)
		}
		// A filtered listener from the start.
		filtered, _ := f.svc.ListenStart(ctx, l, got[0].ID)
		if only, _ := f.svc.ListenAfter(ctx, l, &filtered, []string{"order.*"}, 100); len(only) != 0 {
			t.Fatalf("the filter let through %+v", only)
		}
		if _, err := f.svc.ListenStart(ctx, l, "msg_unknown"); webhooks.CodeOf(err) != webhooks.CodeResumeExpired {
			t.Fatalf("resume from an unknown id: %v", err)
		}

		// Nobody renews: no more recording.
		if _, err := db.ExecContext(ctx, `UPDATE webhook_endpoints SET listen_until = $1 WHERE id = $2`, store.Now()-1, l.EndpointID); err != nil {
			t.Fatal(err)
		}
		f.svc.Publish(ctx, nil, f.app, "order.shipped", nil)
		if late, _ := f.svc.ListenAfter(ctx, l, &cur, nil, 100); len(late) != 0 {
			t.Fatalf("recorded with nobody listening: %+v", late)
		}
		if err := f.svc.Renew(ctx, l); err != nil {
			t.Fatal(err)
		}
		f.svc.Publish(ctx, nil, f.app, "order.delivered", nil)
		if late, _ := f.svc.ListenAfter(ctx, l, &cur, nil, 100); len(late) != 1 || late[0].EventType != "order.delivered" {
			t.Fatalf("after renewing: %+v", late)
		}
	})
}

// Every attempt is reported to OnAttempt once logged.
func TestOnAttemptReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var got []webhooks.AttemptReport
		f := setup(t, db, webhooks.Options{OnAttempt: func(r webhooks.AttemptReport) { got = append(got, r) }})
		rcv := newReceiver(t, 500)
		f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.*"}})
		ids, _ := f.svc.Publish(ctx, nil, f.app, "order.paid", nil)
		f.runDue(t, time.Now())
		f.runDue(t, time.Now().Add(time.Minute))
		if len(got) != 2 || got[0].DeliveryID != ids[0] || got[0].EventType != "order.paid" || got[0].Try != 1 || got[0].StatusCode != 500 || got[0].State != "pending" ||
			got[1].Try != 2 || got[1].StatusCode != 200 || got[1].State != "succeeded" {
			t.Fatalf("reports %+v", got)
		}
	})
}
