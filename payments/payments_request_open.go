package payments

import (
	"context"
	"errors"
)

// OpenRequest is the shopper's newest unpaid request made through an app
// since a time (Unix µs): what the web shell's payment sheet shows after the
// app's action asked for payment. ok is false when there is none.
func (s *Service) OpenRequest(ctx context.Context, shopperID, appID string, since int64) (r Request, ok bool, err error) {
	r, err = scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestCols+` FROM payment_requests
		WHERE shopper_id = $1 AND app_id = $2 AND status = $3 AND created_at >= $4 ORDER BY created_at DESC, id DESC LIMIT 1`,
		shopperID, appID, StatusCreated, since))
	var pe *Error
	if errors.As(err, &pe) && pe.Code == ErrRequestNotFound.Code {
		return Request{}, false, nil
	}
	return r, err == nil, err
}
