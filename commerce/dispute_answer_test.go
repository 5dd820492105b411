package commerce

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A brand answers its order's open dispute with text and images; another
// brand, an order without a dispute, a decided dispute, too many images
// and a script posing as an image are refused and record nothing; the
// evidence is served to the brand only. Both backends.
func TestAnswerDispute(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.shopper("100.00")
		k := e.sku(e.brand, "10.00", 5)
		plain := e.paid(shopper, k, 1)
		o := e.paid(shopper, k, 1)
		if _, err := e.s.OpenDispute(ctx, shopper, o.ID, 0, "never came"); err != nil {
			t.Fatal(err)
		}
		img := func() Upload {
			return Upload{ContentType: "image/png", Body: bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), 1, 2, 3))}
		}
		owner := e.user("answerer")
		if _, err := e.s.AnswerDispute(ctx, e.other, o.ID, owner, "mine", nil); !isCode(err, ErrNotFound) {
			t.Fatalf("another brand: %v", err)
		}
		if _, err := e.s.AnswerDispute(ctx, e.brand, plain.ID, owner, "no dispute", nil); !isCode(err, ErrIllegalTransition) {
			t.Fatalf("no dispute: %v", err)
		}
		if _, err := e.s.AnswerDispute(ctx, e.brand, o.ID, owner, "  ", nil); !isCode(err, ErrInvalid) {
			t.Fatalf("empty answer: %v", err)
		}
		var many []Upload
		for range MaxEvidenceImages + 1 {
			many = append(many, img())
		}
		if _, err := e.s.AnswerDispute(ctx, e.brand, o.ID, owner, "too many", many); !isCode(err, ErrInvalid) {
			t.Fatalf("too many images: %v", err)
		}
		if _, err := e.s.AnswerDispute(ctx, e.brand, o.ID, owner, "script", []Upload{{ContentType: "image/png", Body: strings.NewReader("<script>")}}); !isCode(err, ErrInvalid) {
			t.Fatalf("a script as evidence: %v", err)
		}
		a, err := e.s.AnswerDispute(ctx, e.brand, o.ID, owner, "Delivered to the locker.", []Upload{img()})
		if err != nil || len(a.Images) != 1 || a.DisputeID == "" {
			t.Fatalf("answer %+v, %v", a, err)
		}
		as, err := e.s.DisputeAnswers(ctx, e.brand, o.ID)
		if err != nil || len(as) != 1 || as[0].Body != "Delivered to the locker." || as[0].AuthorID != owner {
			t.Fatalf("answers %+v, %v", as, err)
		}
		if as, _ := e.s.DisputeAnswers(ctx, e.other, o.ID); len(as) != 0 {
			t.Fatalf("another brand reads the answers: %+v", as)
		}
		rc, ct, err := e.s.EvidenceImage(ctx, e.brand, o.ID, a.Images[0])
		if err != nil || ct != "image/png" {
			t.Fatalf("evidence: %s, %v", ct, err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Fatalf("evidence bytes %q", b)
		}
		for _, try := range []struct{ brand, order, key string }{
			{e.other, o.ID, a.Images[0]},
			{e.brand, plain.ID, a.Images[0]},
			{e.brand, o.ID, "disputes/" + o.ID + "/../../products/x"},
		} {
			if _, _, err := e.s.EvidenceImage(ctx, try.brand, try.order, try.key); !isCode(err, ErrNotFound) {
				t.Errorf("evidence %+v: %v", try, err)
			}
		}
		if _, err := e.s.ResolveDispute(ctx, o.ID, false, Actor{Kind: ActorAdmin, ID: "adm"}, "delivered"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AnswerDispute(ctx, e.brand, o.ID, owner, "late", nil); !isCode(err, ErrIllegalTransition) {
			t.Fatalf("a decided dispute: %v", err)
		}
		if as, _ := e.s.DisputeAnswers(ctx, e.brand, o.ID); len(as) != 1 {
			t.Fatalf("refused answers were recorded: %+v", as)
		}
	})
}
