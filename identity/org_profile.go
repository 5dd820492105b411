package identity

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/store"
)

// OrgProfile is what an org shows about itself: its name, a description
// and a small logo (brands show them to shoppers and staff).
type OrgProfile struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// LogoType is the logo's media type ("" when there is none).
	LogoType string `json:"logo_type,omitempty"`
}

// MaxLogoBytes bounds an org's logo (kept in its row).
const MaxLogoBytes = 256 << 10

// logoTypes are the image types a logo may have, as sniffed from its bytes.
var logoTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/webp": true, "image/gif": true}

// orgEditor checks that actorID may change the org's profile: an owner, or
// a brand's manager. Non-members get not_found, other members forbidden.
func (s *Service) orgEditor(ctx context.Context, actorID, orgID string) error {
	_, role, err := s.RoleIn(ctx, actorID, orgID)
	if err != nil {
		return err
	}
	switch role {
	case "":
		return ErrNotFound
	case MemberOwner, MemberManager:
		return nil
	}
	return ErrForbidden
}

// OrgProfile returns an org's profile.
func (s *Service) OrgProfile(ctx context.Context, orgID string) (OrgProfile, error) {
	var p OrgProfile
	err := s.DB.QueryRowContext(ctx, `SELECT id, kind, name, description, logo_type FROM orgs WHERE id = $1`, orgID).
		Scan(&p.ID, &p.Kind, &p.Name, &p.Description, &p.LogoType)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// SetOrgProfile changes an org's name (1 to 100 characters) and
// description (at most 2,000) — owners, and a brand's managers.
func (s *Service) SetOrgProfile(ctx context.Context, actorID, orgID, name, description string) (OrgProfile, error) {
	name, description = strings.TrimSpace(name), strings.TrimSpace(description)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return OrgProfile{}, Invalid("invalid_name", "org name must have 1 to 100 characters")
	}
	if utf8.RuneCountInString(description) > 2000 {
		return OrgProfile{}, Invalid("invalid_description", "a description has at most 2000 characters")
	}
	if err := s.orgEditor(ctx, actorID, orgID); err != nil {
		return OrgProfile{}, err
	}
	if _, err := s.DB.ExecContext(ctx, `UPDATE orgs SET name = $2, description = $3 WHERE id = $1`, orgID, name, description); err != nil {
		return OrgProfile{}, err
	}
	return s.OrgProfile(ctx, orgID)
}

// SetOrgLogo replaces the org's logo: a PNG, JPEG, WebP or GIF image (by
// its bytes, whatever it is called) of at most MaxLogoBytes. Empty data
// removes the logo.
func (s *Service) SetOrgLogo(ctx context.Context, actorID, orgID string, data []byte) (string, error) {
	if len(data) > MaxLogoBytes {
		return "", Invalid("logo_too_large", "a logo is at most 256 KiB")
	}
	ctype := ""
	if len(data) > 0 {
		ctype = http.DetectContentType(data)
		if !logoTypes[ctype] {
			return "", Invalid("invalid_logo", "a logo is a PNG, JPEG, WebP or GIF image")
		}
	}
	if err := s.orgEditor(ctx, actorID, orgID); err != nil {
		return "", err
	}
	var logo any
	if len(data) > 0 {
		logo = data
	}
	_, err := s.DB.ExecContext(ctx, `UPDATE orgs SET logo = $2, logo_type = $3 WHERE id = $1`, orgID, logo, ctype)
	return ctype, err
}

// OrgLogo returns the org's logo and its media type (ErrNotFound when it
// has none).
func (s *Service) OrgLogo(ctx context.Context, orgID string) ([]byte, string, error) {
	var data []byte
	var ctype string
	err := s.DB.QueryRowContext(ctx, `SELECT logo, logo_type FROM orgs WHERE id = $1`, orgID).Scan(&data, &ctype)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && len(data) == 0) {
		return nil, "", ErrNotFound
	}
	return data, ctype, err
}

// Invite is a pending invitation of an email address without an account.
type Invite struct {
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	InvitedBy string    `json:"invited_by"`
	CreatedAt time.Time `json:"created_at"`
}

// InviteMember invites someone by email with a role: a user with that
// email becomes a member at once (or gets the new role, as AddMember); for
// an email without an account the invitation waits until its owner signs up
// and accepts it. The same rules as AddMember decide who may give a role.
// invited reports a pending invitation.
func (s *Service) InviteMember(ctx context.Context, actorID, orgID, email, role string) (m Member, invited bool, err error) {
	norm, err := NormalizeEmail(email)
	if err != nil {
		return Member{}, false, err
	}
	m, err = s.AddMember(ctx, actorID, orgID, norm, role)
	if !errors.Is(err, ErrUserNotFound) {
		return m, false, err
	}
	// AddMember checked the actor and the role before looking the user up.
	_, err = s.DB.ExecContext(ctx, `INSERT INTO org_invites (org_id, email, role, invited_by, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org_id, email) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by, created_at = excluded.created_at`,
		orgID, norm, role, actorID, s.Now().UnixMicro())
	return Member{Email: norm, Role: role}, err == nil, err
}

func (s *Service) invites(ctx context.Context, where string, arg string) ([]Invite, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT i.org_id, o.name, i.email, i.role, i.invited_by, i.created_at
		FROM org_invites i JOIN orgs o ON o.id = i.org_id WHERE `+where+` ORDER BY i.created_at, i.email`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Invite{}
	for rows.Next() {
		var in Invite
		var at int64
		if err := rows.Scan(&in.OrgID, &in.OrgName, &in.Email, &in.Role, &in.InvitedBy, &at); err != nil {
			return nil, err
		}
		in.CreatedAt = micros(at)
		out = append(out, in)
	}
	return out, rows.Err()
}

// Invites lists an org's pending invitations (for its members).
func (s *Service) Invites(ctx context.Context, orgID string) ([]Invite, error) {
	return s.invites(ctx, `i.org_id = $1`, orgID)
}

// InvitesFor lists the invitations waiting for the user's email.
func (s *Service) InvitesFor(ctx context.Context, userID string) ([]Invite, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.invites(ctx, `i.email = $1`, u.Email)
}

// CancelInvite withdraws a pending invitation (those who may give its role).
func (s *Service) CancelInvite(ctx context.Context, actorID, orgID, email string) error {
	_, actorRole, err := s.RoleIn(ctx, actorID, orgID)
	if err != nil {
		return err
	}
	if actorRole == "" {
		return ErrNotFound
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM org_invites WHERE org_id = $1 AND email = $2`, orgID, email).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !canManage(actorRole, role) {
			return ErrForbidden
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM org_invites WHERE org_id = $1 AND email = $2`, orgID, email)
		return err
	})
}

// AcceptInvite makes the user a member of the org with the invited role;
// only the account with the invited email can.
func (s *Service) AcceptInvite(ctx context.Context, userID, orgID string) (Member, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return Member{}, err
	}
	var role string
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `DELETE FROM org_invites WHERE org_id = $1 AND email = $2 RETURNING role`, orgID, u.Email).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, user_id) DO NOTHING`, orgID, userID, role, s.Now().UnixMicro())
		return err
	})
	return Member{UserID: userID, Email: u.Email, Role: role}, err
}
