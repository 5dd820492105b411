// Package identity knows who is calling: users with email + password,
// browser sessions, API tokens for the CLI, organisations (developer orgs and
// brands) with member roles, platform roles (reviewer, admin) and the
// password re-check that guards the payment PIN (the PIN itself is the
// payments package's). It is transport-agnostic; api/ maps it to HTTP.
package identity

import (
	"context"
	"errors"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Service is the identity domain over a store.
type Service struct {
	DB *store.DB
	// SessionTTL is how long a browser session lives (default 14 days).
	SessionTTL time.Duration
	// Now is the clock (tests move it).
	Now func() time.Time
	// MemberRemoved, when set, runs in the transaction that removes a
	// member from an org (RemoveMember), before the membership row goes;
	// an error aborts the removal. Customer service hands a brand staff
	// member's shoppers over here (chat.Service.MemberRemoved), so the
	// removal and the handover commit together. after, when not nil, runs
	// once the transaction has committed.
	MemberRemoved func(ctx context.Context, tx *store.Tx, orgID, userID, actorID string) (after func(), err error)

	callers *callerCache // Authenticate's cache (caller_cache.go); nil: none
}

// New returns a Service with default settings.
func New(db *store.DB) *Service {
	return &Service{DB: db, SessionTTL: 14 * 24 * time.Hour, Now: time.Now, callers: &callerCache{}}
}

// Platform roles. The empty role is an ordinary user: a shopper, and a
// developer or brand member through organisations.
const (
	RoleReviewer = "reviewer"
	RoleAdmin    = "admin"
)

// Organisation kinds and member roles.
const (
	OrgDeveloper = "developer"
	OrgBrand     = "brand"

	MemberOwner     = "owner"
	MemberDeveloper = "developer" // developer orgs only
	MemberManager   = "manager"   // brands only
	MemberAgent     = "agent"     // brands only
)

// User is an account.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	DisplayName  string    `json:"display_name"`
	PlatformRole string    `json:"platform_role" enum:",reviewer,admin"`
	CreatedAt    time.Time `json:"created_at"`
}

// Membership is a user's role in one organisation.
type Membership struct {
	OrgID   string `json:"org_id"`
	OrgKind string `json:"org_kind" enum:"developer,brand"`
	OrgName string `json:"org_name"`
	Role    string `json:"role" enum:"owner,developer,manager,agent"`
}

// Caller is the authenticated principal of a request.
type Caller struct {
	User User
	// Via is "session" or "token".
	Via string
	// SessionCSRF is the CSRF secret of a session caller (empty for tokens).
	SessionCSRF string
	// Scopes limit a token caller; sessions have every scope.
	Scopes []string
}

// Errors with stable codes; api/ maps them to HTTP statuses.
var (
	ErrInvalidCredentials = fault.New(fault.Unauthenticated, "invalid_credentials", "email or password is wrong")
	ErrEmailTaken         = fault.New(fault.Conflict, "email_taken", "an account with this email already exists")
	ErrUnauthenticated    = fault.New(fault.Unauthenticated, "unauthenticated", "sign in or send a valid bearer token")
	ErrForbidden          = fault.New(fault.Forbidden, "forbidden", "you are not allowed to do this")
	ErrNotFound           = fault.New(fault.NotFound, "not_found", "no such thing")
	ErrUserNotFound       = fault.New(fault.NotFound, "user_not_found", "no user has this email; ask them to sign up first")
	ErrLastOwner          = fault.New(fault.Conflict, "last_owner", "an org must keep at least one owner")
)

// Error is souk's one domain error type, with a machine-readable code.
type Error = fault.Error

// Invalid returns a validation error for a named field.
func Invalid(code, msg string) error { return fault.New(fault.Invalid, code, msg) }

// IsCode reports whether err is an identity error with the given code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

func micros(t int64) time.Time { return time.UnixMicro(t).UTC() }
