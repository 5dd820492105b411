// Package fault is souk's one domain error type. Every domain package
// (identity, marketplace, runtime, payments, ledger, commerce, chat,
// webhooks) declares its rejections as *fault.Error sentinels with a stable
// machine-readable Code and a Kind; callers compare with errors.Is against
// the sentinel (codes are compared, so a rejection with a specific message
// still matches its sentinel), and the HTTP layer maps the Kind to a status
// in one place (api/errors.go).
//
// Message is written for the person at the other end of the API: it never
// names internal account ids, other people's balances or the code itself.
// Detail is for the operator's log only and is never sent.
package fault

import (
	"errors"
	"fmt"
	"time"
)

// Kind is the class of a rejection; the API maps each kind to one status.
type Kind uint8

// Kinds of rejection.
const (
	Invalid         Kind = iota // bad input (400)
	NotFound                    // no such thing, or not yours to see (404)
	Conflict                    // the thing's state forbids this now (409)
	Forbidden                   // authenticated, but not allowed (403)
	Unauthenticated             // who are you? (401)
	Locked                      // locked for a while (423)
	Gone                        // it existed and is gone (410)
	TooLarge                    // over a size limit (413)
	Unsupported                 // unsupported media type (415)
	RateLimited                 // slow down; see RetryAfter (429)
	Unavailable                 // a dependency is missing or down (503)
)

// Error is a domain rejection.
type Error struct {
	Kind    Kind
	Code    string // stable, machine-readable; part of the API
	Message string // human, safe to show the caller
	// Detail is internal context for logs (account ids, amounts); never sent.
	Detail string
	// RetryAfter is set with RateLimited: when the call may succeed again.
	RetryAfter time.Duration
	// Err is the underlying cause, if any.
	Err error
}

// New declares a sentinel rejection with its default human message.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

func (e *Error) Error() string {
	s := e.Code
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches any *Error with the same code, so errors.Is(err, ErrX) holds
// for every rejection made from the sentinel ErrX.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Withf returns a copy of the sentinel with a specific human message (the
// sentinel's own message when format is empty).
func (e *Error) Withf(format string, args ...any) *Error {
	c := *e
	if format != "" {
		c.Message = fmt.Sprintf(format, args...)
	}
	return &c
}

// Detailf returns a copy that keeps the sentinel's human message and adds
// internal detail for the log.
func (e *Error) Detailf(format string, args ...any) *Error {
	c := *e
	c.Detail = fmt.Sprintf(format, args...)
	return &c
}

// Wrap returns a copy with a cause.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Code returns the code of the first *Error in err's chain, or "".
func Code(err error) string {
	if e, ok := As(err); ok {
		return e.Code
	}
	return ""
}

// Set indexes a package's sentinels by code, for packages that raise
// rejections by code (fail(CodeX, …)): each code is declared once, with its
// kind and default message, next to the code itself.
type Set map[string]*Error

// NewSet indexes sentinels by their codes.
func NewSet(sentinels ...*Error) Set {
	s := make(Set, len(sentinels))
	for _, e := range sentinels {
		s[e.Code] = e
	}
	return s
}

// Newf returns a rejection with the code's kind and a specific message. A
// code the set does not declare is bad input.
func (s Set) Newf(code, format string, args ...any) *Error {
	base, ok := s[code]
	if !ok {
		base = &Error{Kind: Invalid, Code: code}
	}
	return base.Withf(format, args...)
}
