package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/internal/fault"
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

// domainError maps errors from domain packages to API errors, in one place:
// every domain rejection is a *fault.Error, whose Kind picks the status and
// whose Code and Message are sent as they are (its Detail stays in the log).
// Anything else is an internal error whose details stay in the log.
func domainError(err error) error {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var statusErr huma.StatusError
	if errors.As(err, &statusErr) {
		return statusErr
	}
	fe, ok := fault.As(err)
	if !ok {
		return &internalError{cause: err}
	}
	status := kindStatus[fe.Kind]
	if status == 0 {
		status = http.StatusBadRequest
	}
	msg := fe.Message
	if msg == "" {
		msg = http.StatusText(status)
	}
	e := Fail(status, fe.Code, msg)
	if fe.RetryAfter > 0 {
		secs := int64((fe.RetryAfter + time.Second - 1) / time.Second)
		return huma.ErrorWithHeaders(e, http.Header{"Retry-After": {strconv.FormatInt(secs, 10)}})
	}
	return e
}

// kindStatus is the one mapping from a kind of rejection to its status.
var kindStatus = map[fault.Kind]int{
	fault.Invalid:         http.StatusBadRequest,
	fault.NotFound:        http.StatusNotFound,
	fault.Conflict:        http.StatusConflict,
	fault.Forbidden:       http.StatusForbidden,
	fault.Unauthenticated: http.StatusUnauthorized,
	fault.Locked:          http.StatusLocked,
	fault.Gone:            http.StatusGone,
	fault.TooLarge:        http.StatusRequestEntityTooLarge,
	fault.Unsupported:     http.StatusUnsupportedMediaType,
	fault.RateLimited:     http.StatusTooManyRequests,
	fault.Unavailable:     http.StatusServiceUnavailable,
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
