package identity

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/soukhq/souk/internal/secret"
	"github.com/soukhq/souk/store"
)

// Profile is what a user sets about themselves for the web pages: the
// handle friends find them by, the page language and the anti-phishing
// phrase the host's payment sheet shows.
type Profile struct {
	UserID      string
	DisplayName string
	// Handle is "" until the user picks one; stored lower-cased.
	Handle string
	// Language is a BCP 47 tag the pages use instead of Accept-Language ("" = follow the browser).
	Language string
	// AntiPhishingPhrase is shown only on host-owned sheets (payment), never to apps.
	AntiPhishingPhrase string
}

// Profile errors.
var (
	ErrHandleTaken   = &Error{Code: "handle_taken", Message: "this handle is taken"}
	ErrInvalidHandle = &Error{Code: "invalid_handle", Message: "a handle is 3-30 of a-z 0-9 _ . and starts with a letter"}
)

var handleRe = regexp.MustCompile(`^[a-z][a-z0-9_.]{2,29}$`)

// NormalizeHandle trims, drops one leading "@" and lower-cases; it reports
// ErrInvalidHandle for anything that is not a valid handle.
func NormalizeHandle(h string) (string, error) {
	h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
	if !handleRe.MatchString(h) || strings.Contains(h, "..") {
		return "", ErrInvalidHandle
	}
	return h, nil
}

// Profile returns a user's profile.
func (s *Service) Profile(ctx context.Context, userID string) (Profile, error) {
	p := Profile{UserID: userID}
	var handle sql.NullString
	err := s.DB.QueryRowContext(ctx, `SELECT display_name, handle, preferred_language, anti_phishing_phrase FROM users WHERE id = $1`, userID).
		Scan(&p.DisplayName, &handle, &p.Language, &p.AntiPhishingPhrase)
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, ErrNotFound
	}
	p.Handle = handle.String
	return p, err
}

// SetHandle gives a user a handle (or changes it); ErrHandleTaken if another
// user has it.
func (s *Service) SetHandle(ctx context.Context, userID, handle string) error {
	h, err := NormalizeHandle(handle)
	if err != nil {
		return err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET handle = $1 WHERE id = $2`, h, userID)
	if store.IsUniqueViolation(err) {
		return ErrHandleTaken
	}
	return affectedOne(res, err)
}

// UserByHandle finds a user by their exact handle (a leading "@" and case are
// ignored). There is no prefix or fuzzy search, so users cannot be enumerated
// through it beyond guessing whole handles; callers rate-limit it.
func (s *Service) UserByHandle(ctx context.Context, handle string) (User, error) {
	h, err := NormalizeHandle(handle)
	if err != nil {
		return User{}, ErrNotFound
	}
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE handle = $1`, h))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	return u, err
}

// SetDisplayName sets the name others see (at most 64 characters).
func (s *Service) SetDisplayName(ctx context.Context, userID, name string) error {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 64 {
		return Invalid("invalid_display_name", "a display name has at most 64 characters")
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET display_name = $1 WHERE id = $2`, name, userID)
	s.callers.invalidate()
	return affectedOne(res, err)
}

var langRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$`)

// SetLanguage stores the page language ("" follows the browser).
func (s *Service) SetLanguage(ctx context.Context, userID, lang string) error {
	if lang != "" && !langRe.MatchString(lang) {
		return Invalid("invalid_language", "language must be a BCP 47 tag such as en or zh-Hans")
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET preferred_language = $1 WHERE id = $2`, lang, userID)
	return affectedOne(res, err)
}

// SetAntiPhishingPhrase stores the phrase host-owned sheets show (1-40
// characters, or "" to clear it).
func (s *Service) SetAntiPhishingPhrase(ctx context.Context, userID, phrase string) error {
	phrase = strings.TrimSpace(phrase)
	if !utf8.ValidString(phrase) || utf8.RuneCountInString(phrase) > 40 || strings.ContainsAny(phrase, "\r\n\t") {
		return Invalid("invalid_phrase", "an anti-phishing phrase is one line of at most 40 characters")
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET anti_phishing_phrase = $1 WHERE id = $2`, phrase, userID)
	return affectedOne(res, err)
}

// ChangePassword replaces a user's password after checking the current one,
// and ends every other session of the user (keepSessionToken stays signed in;
// "" ends them all).
func (s *Service) ChangePassword(ctx context.Context, userID, current, next, keepSessionToken string) error {
	if err := validatePassword(next); err != nil {
		return err
	}
	if err := s.CheckPassword(ctx, userID, current); err != nil {
		return err
	}
	hash := secret.Hash(next) // slow: outside the transaction
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, hashToken(keepSessionToken))
		return err
	})
}

func affectedOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
