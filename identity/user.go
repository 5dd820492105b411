package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/soukhq/souk/internal/secret"
	"github.com/soukhq/souk/store"
)

// NormalizeEmail validates an address and returns its canonical form
// (trimmed, lower-cased) used for uniqueness.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if len(e) > 254 {
		return "", Invalid("invalid_email", "email is too long")
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndex(e, "@")+1:], ".") {
		return "", Invalid("invalid_email", "email is not a valid address")
	}
	return e, nil
}

// validatePassword follows NIST 800-63B: length matters, composition rules do not.
func validatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return Invalid("invalid_password", "password must be valid UTF-8")
	case n < 8:
		return Invalid("weak_password", "password must have at least 8 characters")
	case len(pw) > 256:
		return Invalid("invalid_password", "password must have at most 256 bytes")
	}
	return nil
}

// Signup creates a user with no platform role.
func (s *Service) Signup(ctx context.Context, email, password string) (User, error) {
	return s.createUser(ctx, email, password, "")
}

// CreateAdmin creates a platform admin, or promotes an existing user with
// that email and password to admin (so `souk admin create` can be re-run).
func (s *Service) CreateAdmin(ctx context.Context, email, password string) (User, error) {
	u, err := s.createUser(ctx, email, password, RoleAdmin)
	if !errors.Is(err, ErrEmailTaken) {
		return u, err
	}
	u, err = s.checkPassword(ctx, email, password)
	if err != nil {
		return User{}, err
	}
	return u, s.SetPlatformRole(ctx, u.ID, RoleAdmin)
}

func (s *Service) createUser(ctx context.Context, email, password, role string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	if err := validatePassword(password); err != nil {
		return User{}, err
	}
	u := User{ID: store.NewID("usr"), Email: e, PlatformRole: role, CreatedAt: s.Now().UTC()}
	_, err = s.DB.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, display_name, platform_role, created_at) VALUES ($1, $2, $3, '', $4, $5)`,
		u.ID, u.Email, secret.Hash(password), role, u.CreatedAt.UnixMicro())
	if store.IsUniqueViolation(err) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, err
	}
	u.CreatedAt = micros(u.CreatedAt.UnixMicro())
	return u, nil
}

const userColumns = `id, email, display_name, platform_role, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.DisplayName, &u.PlatformRole, &created)
	u.CreatedAt = micros(created)
	return u, err
}

// UserByID returns a user.
func (s *Service) UserByID(ctx context.Context, id string) (User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	return u, err
}

// UserByEmail returns a user by email.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, e))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	return u, err
}

// ListUsers pages through users ordered by id (for admins).
func (s *Service) ListUsers(ctx context.Context, after string, limit int) ([]User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// SetPlatformRole makes a user a reviewer, an admin, or neither ("").
func (s *Service) SetPlatformRole(ctx context.Context, userID, role string) error {
	if role != "" && role != RoleReviewer && role != RoleAdmin {
		return Invalid("invalid_role", "platform role must be \"\", \"reviewer\" or \"admin\"")
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET platform_role = $1 WHERE id = $2`, role, userID)
	s.callers.invalidate()
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// CheckPassword re-checks a signed-in user's password before a sensitive
// change (such as setting the payment PIN), so a stolen session alone is not enough.
func (s *Service) CheckPassword(ctx context.Context, userID, password string) error {
	var hash string
	err := s.DB.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !secret.Check(hash, password) {
		return ErrInvalidCredentials
	}
	return nil
}

func (s *Service) checkPassword(ctx context.Context, email, password string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		secret.Check(dummyHash, password)
		return User{}, ErrInvalidCredentials
	}
	var hash string
	var u User
	var created int64
	err = s.DB.QueryRowContext(ctx, `SELECT id, email, display_name, platform_role, created_at, password_hash FROM users WHERE email = $1`, e).
		Scan(&u.ID, &u.Email, &u.DisplayName, &u.PlatformRole, &created, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		secret.Check(dummyHash, password)
		return User{}, ErrInvalidCredentials
	}
	if err != nil {
		return User{}, err
	}
	if !secret.Check(hash, password) {
		return User{}, ErrInvalidCredentials
	}
	u.CreatedAt = micros(created)
	return u, nil
}

// newSecret returns a random token with a readable prefix ("ss_" for
// sessions, "sk_" for API tokens) and its SHA-256, which is all we store: a
// 256-bit random token needs no slow hash.
func newSecret(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
