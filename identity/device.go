package identity

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Device authorization (RFC 8628) lets the CLI sign in through the browser:
// it asks for a device code (StartDevice) and shows the person a short user
// code; the person, signed in on the web, enters the code and approves or
// denies (DecideDevice); meanwhile the CLI polls (PollDevice) and, once
// approved, gets an API token with the read and write scopes — the one
// time the code is used. Both codes are stored only as SHA-256 hashes.
// Codes live DeviceCodeTTL; polling faster than the interval answers
// slow_down and adds 5 s to it, as the RFC says.

const (
	DeviceCodeTTL  = 10 * time.Minute
	DeviceInterval = 5 * time.Second
	// userCodeAlphabet has no vowels (no words) and no look-alikes.
	userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"
)

// Device flow errors (the RFC's error codes).
var (
	ErrAuthorizationPending = fault.New(fault.Invalid, "authorization_pending", "the code is not approved yet; poll again after the interval")
	ErrSlowDown             = fault.New(fault.Invalid, "slow_down", "polling too fast; wait 5 s more between polls")
	ErrExpiredToken         = fault.New(fault.Invalid, "expired_token", "the device code expired; start again")
	ErrAccessDenied         = fault.New(fault.Invalid, "access_denied", "the request was denied")
	ErrInvalidGrant         = fault.New(fault.Invalid, "invalid_grant", "no such device code, or it was used already")
	ErrUnknownUserCode      = fault.New(fault.NotFound, "invalid_user_code", "no pending request has this code; check it, or start again from the command line")
)

// DeviceAuth is what a client gets when it starts the flow.
type DeviceAuth struct {
	DeviceCode string
	UserCode   string // XXXX-XXXX
	ExpiresAt  time.Time
	Interval   time.Duration
}

// DeviceRequest is a pending request, as the approval page shows it.
type DeviceRequest struct {
	ID         string
	UserCode   string
	ClientName string
	ClientAddr string
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// NormalizeUserCode upper-cases a typed user code and drops what is not a
// letter of the alphabet (dashes, spaces); "" if it cannot be one.
func NormalizeUserCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(userCodeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	if b.Len() != 8 {
		return ""
	}
	return b.String()
}

func formatUserCode(c string) string { return c[:4] + "-" + c[4:] }

func newUserCode() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	out := make([]byte, 8)
	for i, x := range b {
		// 256 % 20 = 16: a bias of 1/16 on 16 letters; the code is short-lived and one use.
		out[i] = userCodeAlphabet[int(x)%len(userCodeAlphabet)]
	}
	return string(out)
}

// StartDevice creates a device code for a client that names itself
// (clientName, e.g. "souk CLI on laptop") from clientAddr.
func (s *Service) StartDevice(ctx context.Context, clientName, clientAddr string) (DeviceAuth, error) {
	clientName = strings.TrimSpace(clientName)
	if clientName == "" {
		clientName = "an unnamed client"
	}
	if len(clientName) > 100 {
		return DeviceAuth{}, Invalid("invalid_client_name", "the client name has at most 100 characters")
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	for attempt := 0; ; attempt++ {
		device, deviceHash := newSecret("dc_")
		user := newUserCode()
		a := DeviceAuth{DeviceCode: device, UserCode: formatUserCode(user), ExpiresAt: now.Add(DeviceCodeTTL), Interval: DeviceInterval}
		_, err := s.DB.ExecContext(ctx, `INSERT INTO device_codes (id, device_hash, user_code_hash, client_name, client_addr, status, interval_s, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)`,
			store.NewID("dev"), deviceHash, hashToken(user), clientName, clientAddr, int(DeviceInterval/time.Second), now.UnixMicro(), a.ExpiresAt.UnixMicro())
		if store.IsUniqueViolation(err) && attempt < 3 {
			continue // a user code taken (1 in 25 billion)
		}
		if err != nil {
			return DeviceAuth{}, err
		}
		return a, nil
	}
}

// PendingDevice returns the pending, unexpired request with this user code.
func (s *Service) PendingDevice(ctx context.Context, userCode string) (DeviceRequest, error) {
	c := NormalizeUserCode(userCode)
	if c == "" {
		return DeviceRequest{}, ErrUnknownUserCode
	}
	r := DeviceRequest{UserCode: formatUserCode(c)}
	var created, expires int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, client_name, client_addr, created_at, expires_at FROM device_codes
		WHERE user_code_hash = $1 AND status = 'pending' AND expires_at > $2`, hashToken(c), s.Now().UnixMicro()).
		Scan(&r.ID, &r.ClientName, &r.ClientAddr, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrUnknownUserCode
	}
	if err != nil {
		return r, err
	}
	r.CreatedAt, r.ExpiresAt = micros(created), micros(expires)
	return r, nil
}

// DecideDevice approves (or denies) the pending request with this user
// code for userID. A request is decided once.
func (s *Service) DecideDevice(ctx context.Context, userID, userCode string, approve bool) error {
	c := NormalizeUserCode(userCode)
	if c == "" {
		return ErrUnknownUserCode
	}
	status := "denied"
	if approve {
		status = "approved"
	}
	now := s.Now().UnixMicro()
	res, err := s.DB.ExecContext(ctx, `UPDATE device_codes SET status = $1, user_id = $2, decided_at = $3
		WHERE user_code_hash = $4 AND status = 'pending' AND expires_at > $3`, status, userID, now, hashToken(c))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrUnknownUserCode
	}
	return nil
}

// PollDevice is the client's poll. Until the person decides it answers
// ErrAuthorizationPending (ErrSlowDown when polled faster than the
// interval); then ErrAccessDenied, or an API token named tokenName with the
// read and write scopes, once: the code is used up.
func (s *Service) PollDevice(ctx context.Context, deviceCode, tokenName string) (string, APIToken, error) {
	now := s.Now().UTC().Truncate(time.Microsecond)
	var id, status, clientName string
	var userID sql.NullString
	var interval int
	var lastPoll sql.NullInt64
	var expires int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, status, user_id, client_name, interval_s, last_poll_at, expires_at FROM device_codes WHERE device_hash = $1`,
		hashToken(deviceCode)).Scan(&id, &status, &userID, &clientName, &interval, &lastPoll, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && status == "used"):
		return "", APIToken{}, ErrInvalidGrant
	case err != nil:
		return "", APIToken{}, err
	case now.UnixMicro() >= expires:
		return "", APIToken{}, ErrExpiredToken
	case status == "denied":
		return "", APIToken{}, ErrAccessDenied
	case status == "pending":
		slow := lastPoll.Valid && now.UnixMicro()-lastPoll.Int64 < int64(interval)*1e6
		if slow {
			interval += 5
		}
		if _, err := s.DB.ExecContext(ctx, `UPDATE device_codes SET last_poll_at = $2, interval_s = $3 WHERE id = $1 AND status = 'pending'`,
			id, now.UnixMicro(), interval); err != nil {
			return "", APIToken{}, err
		}
		if slow {
			return "", APIToken{}, ErrSlowDown
		}
		return "", APIToken{}, ErrAuthorizationPending
	}
	var token string
	var info APIToken
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		// Used once: of two polls racing, one marks it used.
		res, err := tx.ExecContext(ctx, `UPDATE device_codes SET status = 'used', last_poll_at = $2 WHERE id = $1 AND status = 'approved'`, id, now.UnixMicro())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrInvalidGrant
		}
		name := strings.TrimSpace(tokenName)
		if name == "" {
			name = clientName
		}
		if len(name) > 100 {
			name = name[:100]
		}
		token, info, err = insertAPIToken(ctx, tx, userID.String, name, []string{ScopeRead, ScopeWrite}, now, 0)
		return err
	})
	return token, info, err
}

// DeviceCodeKeep is how long a device code's row outlives its expiry, so a
// late poll still hears expired_token rather than invalid_grant.
const DeviceCodeKeep = 24 * time.Hour

// PruneDeviceCodes deletes at most limit device codes that expired more
// than DeviceCodeKeep before now (used, denied or never answered alike);
// it returns how many. The host's maintenance sweep calls it.
func (s *Service) PruneDeviceCodes(ctx context.Context, now time.Time, limit int) (int, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM device_codes WHERE id IN
		(SELECT id FROM device_codes WHERE expires_at < $1 LIMIT $2)`, now.Add(-DeviceCodeKeep).UnixMicro(), limit)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
