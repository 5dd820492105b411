package commerce

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/soukhq/souk/store"
)

// A brand answers a shopper's dispute with evidence (text and images)
// while it is open; the operator who decides it reads the answers, and the
// outcome is the dispute's status in payments.

// MaxEvidenceImages is the most images one answer carries.
const MaxEvidenceImages = 6

// DisputeAnswer is one answer of a brand to an order's dispute.
type DisputeAnswer struct {
	ID        string   `json:"id"`
	OrderID   string   `json:"orderId"`
	DisputeID string   `json:"disputeId"`
	AuthorID  string   `json:"authorId"`
	Body      string   `json:"body"`
	Images    []string `json:"images"` // blob keys under disputes/<order id>
	CreatedAt int64    `json:"createdAt"`
}

// Upload is an image sent with an answer.
type Upload struct {
	ContentType string
	Body        io.Reader
}

func evidencePrefix(orderID string) string { return "disputes/" + orderID }

// AnswerDispute records a brand member's answer to the order's open
// dispute: text (required) and up to MaxEvidenceImages images, each
// checked as product images are. Another brand's order is not found; an
// order without an open dispute is ErrIllegalTransition.
func (s *Service) AnswerDispute(ctx context.Context, brandID, orderID, authorID, body string, images []Upload) (DisputeAnswer, error) {
	if err := checkText("answer", body, 5000, true); err != nil {
		return DisputeAnswer{}, err
	}
	if len(images) > MaxEvidenceImages {
		return DisputeAnswer{}, fail(ErrInvalid, "an answer has at most %d images", MaxEvidenceImages)
	}
	o, err := s.BrandOrder(ctx, brandID, orderID)
	if err != nil {
		return DisputeAnswer{}, err
	}
	if o.State != StateDisputed || o.DisputeID == "" {
		return DisputeAnswer{}, fail(ErrIllegalTransition, "order %s has no open dispute", o.ID)
	}
	a := DisputeAnswer{ID: store.NewID("dsa"), OrderID: o.ID, DisputeID: o.DisputeID, AuthorID: authorID, Body: body, Images: []string{}}
	for _, im := range images {
		key, err := s.putImage(ctx, evidencePrefix(o.ID), im.ContentType, im.Body, "evidence")
		if err != nil {
			return DisputeAnswer{}, err
		}
		a.Images = append(a.Images, key)
	}
	keys, _ := json.Marshal(a.Images)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var st State
		var dispute string
		if err := tx.QueryRowContext(ctx, `SELECT state, dispute_id FROM commerce_orders WHERE id = $1 AND brand_id = $2`+forUpdate(tx), o.ID, brandID).
			Scan(&st, &dispute); err != nil {
			return err
		}
		if st != StateDisputed || dispute != a.DisputeID {
			return fail(ErrIllegalTransition, "order %s has no open dispute", o.ID)
		}
		a.CreatedAt = now()
		_, err := tx.ExecContext(ctx, `INSERT INTO commerce_dispute_answers (id, order_id, brand_id, dispute_id, author_id, body, images, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, a.OrderID, brandID, a.DisputeID, a.AuthorID, a.Body, string(keys), a.CreatedAt)
		return err
	})
	return a, err
}

// DisputeAnswers lists the brand's answers on its order, oldest first.
func (s *Service) DisputeAnswers(ctx context.Context, brandID, orderID string) ([]DisputeAnswer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, order_id, dispute_id, author_id, body, images, created_at FROM commerce_dispute_answers
		WHERE order_id = $1 AND brand_id = $2 ORDER BY created_at, id`, orderID, brandID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DisputeAnswer
	for rows.Next() {
		var a DisputeAnswer
		var imgs string
		if err := rows.Scan(&a.ID, &a.OrderID, &a.DisputeID, &a.AuthorID, &a.Body, &imgs, &a.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(imgs), &a.Images); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// EvidenceImage streams an evidence image of one of the brand's orders.
// The caller closes the reader.
func (s *Service) EvidenceImage(ctx context.Context, brandID, orderID, key string) (io.ReadCloser, string, error) {
	if s.blobs == nil || !strings.HasPrefix(key, evidencePrefix(orderID)+"/") || strings.Contains(key, "..") {
		return nil, "", fail(ErrNotFound, "no such image")
	}
	if _, err := s.BrandOrder(ctx, brandID, orderID); err != nil {
		return nil, "", err
	}
	rc, info, err := s.blobs.Get(ctx, key)
	if err != nil {
		return nil, "", fail(ErrNotFound, "no such image")
	}
	return rc, info.ContentType, nil
}
