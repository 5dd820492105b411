package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/runtime"
)

// Error is every error the API answers with:
// {"error":{"code":"…","message":"…","details":[…]}}.
type Error struct {
	status int
	Body   ErrorInfo `json:"error"`
}

// ErrorInfo is the machine-readable code, the human message and, for
// validation failures, where the input was wrong.
type ErrorInfo struct {
	Code    string        `json:"code" doc:"Stable machine-readable error code"`
	Message string        `json:"message" doc:"Human-readable explanation"`
	Details []ErrorDetail `json:"details,omitempty"`
}

// ErrorDetail locates one problem in the request.
type ErrorDetail struct {
	Location string `json:"location,omitempty"`
	Message  string `json:"message"`
}

func (e *Error) Error() string  { return e.Body.Code + ": " + e.Body.Message }
func (e *Error) GetStatus() int { return e.status }

// Fail returns an API error with an explicit status and code.
func Fail(status int, code, message string) *Error {
	return &Error{status: status, Body: ErrorInfo{Code: code, Message: message}}
}

// codeForStatus names the errors huma and fiber raise themselves.
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "invalid_request"
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusConflict:
		return "conflict"
	case http.StatusRequestEntityTooLarge:
		return "body_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusTooManyRequests:
		return "rate_limited"
	}
	if status >= 500 {
		return "internal"
	}
	return "error"
}

func init() {
	// Every error huma produces (validation, malformed JSON, size limits)
	// takes our shape. Validation failures are 400, not huma's 422: the
	// request is bad input like any other.
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		if status == http.StatusUnprocessableEntity {
			status = http.StatusBadRequest
		}
		e := Fail(status, codeForStatus(status), msg)
		for _, err := range errs {
			if err == nil {
				continue
			}
			var d huma.ErrorDetailer
			if errors.As(err, &d) {
				ed := d.ErrorDetail()
				e.Body.Details = append(e.Body.Details, ErrorDetail{Location: ed.Location, Message: ed.Message})
			} else {
				e.Body.Details = append(e.Body.Details, ErrorDetail{Message: err.Error()})
			}
		}
		if strings.Contains(msg, "request body is too large") || status == http.StatusRequestEntityTooLarge {
			e.status, e.Body.Code = http.StatusRequestEntityTooLarge, "body_too_large"
		}
		return e
	}
}

// domainError maps errors from domain packages to API errors. Anything
// unrecognised is an internal error whose details stay in the log.
func domainError(err error) error {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var statusErr huma.StatusError
	if errors.As(err, &statusErr) {
		return statusErr
	}
	var idErr *identity.Error
	if errors.As(err, &idErr) {
		return Fail(identityStatus(idErr.Code), idErr.Code, idErr.Message)
	}
	var mErr *marketplace.Error
	if errors.As(err, &mErr) {
		return Fail(appStatus(mErr.Code), mErr.Code, mErr.Message)
	}
	var rtErr *runtime.Error
	if errors.As(err, &rtErr) {
		return Fail(appStatus(rtErr.Code), rtErr.Code, rtErr.Msg)
	}
	if code := payments.Code(err); code != "" {
		return Fail(paymentStatus(code), code, err.Error())
	}
	var chatErr *chat.Error
	if errors.As(err, &chatErr) {
		e := Fail(chatStatus(chatErr.Code), chatErr.Code, chatErr.Message)
		if chatErr.RetryAfter > 0 {
			secs := int64((chatErr.RetryAfter + time.Second - 1) / time.Second)
			return huma.ErrorWithHeaders(e, http.Header{"Retry-After": {strconv.FormatInt(secs, 10)}})
		}
		return e
	}
	return &internalError{cause: err}
}

// paymentStatus maps payments and ledger rejection codes.
func paymentStatus(code string) int {
	switch code {
	case "payment_request_not_found", "funding_not_found", "refund_not_found", "dispute_not_found", "account_not_found", "pending_not_found":
		return http.StatusNotFound
	case "wrong_pin":
		return http.StatusForbidden
	case "pin_locked":
		return http.StatusLocked
	case "insufficient_funds", "payment_request_state", "payment_request_expired", "pin_not_set", "dispute_open",
		"dispute_resolved", "pending_already_posted", "pending_already_voided", "pending_expired":
		return http.StatusConflict
	case "transfer_id_reused", "funding_id_reused", "refund_id_reused", "dispute_id_reused", "order_has_payment_request":
		return http.StatusConflict
	case "funding_unavailable":
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// appStatus maps marketplace and runtime codes; bundle and manifest
// rejections are plain bad input.
func appStatus(code string) int {
	switch code {
	case "not_found":
		return http.StatusNotFound
	case "slug_taken", "version_exists":
		return http.StatusConflict
	case "bundle_too_large":
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// chatStatus maps chat rejection codes.
func chatStatus(code string) int {
	switch code {
	case chat.CodeNotFound:
		return http.StatusNotFound
	case chat.CodeForbidden, chat.CodeOutsideWindow, chat.CodeQuotaExceeded:
		return http.StatusForbidden
	case chat.CodeClientIDReused, chat.CodeEditWindow, chat.CodeMemberCap:
		return http.StatusConflict
	case chat.CodeRateLimited:
		return http.StatusTooManyRequests
	case chat.CodeTooLarge, chat.CodeImageTooLarge:
		return http.StatusRequestEntityTooLarge
	case chat.CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusBadRequest
}

func identityStatus(code string) int {
	switch code {
	case "invalid_credentials", "unauthenticated":
		return http.StatusUnauthorized
	case "forbidden":
		return http.StatusForbidden
	case "not_found", "user_not_found":
		return http.StatusNotFound
	case "email_taken", "last_owner":
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// internalError is answered as a generic 500; the cause is logged by the
// request logger, never sent to the client.
type internalError struct{ cause error }

func (e *internalError) Error() string  { return e.cause.Error() }
func (e *internalError) Unwrap() error  { return e.cause }
func (e *internalError) GetStatus() int { return http.StatusInternalServerError }
func (e *internalError) MarshalJSON() ([]byte, error) {
	return []byte(`{"error":{"code":"internal","message":"something went wrong on our side; it has been logged"}}`), nil
}
