package identity

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// Org is a developer organisation or a brand.
type Org struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind" enum:"developer,brand"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Member is a user's membership as seen by the org.
type Member struct {
	UserID string `json:"user_id"`
	Email  string `json:"email"`
	Role   string `json:"role" enum:"owner,developer,manager,agent"`
}

// rolesByKind lists the member roles each kind of org allows.
var rolesByKind = map[string][]string{
	OrgDeveloper: {MemberOwner, MemberDeveloper},
	OrgBrand:     {MemberOwner, MemberManager, MemberAgent},
}

// CreateOrg creates an org whose creator becomes its owner.
func (s *Service) CreateOrg(ctx context.Context, creatorID, kind, name string) (Org, error) {
	if _, ok := rolesByKind[kind]; !ok {
		return Org{}, Invalid("invalid_kind", "org kind must be developer or brand")
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return Org{}, Invalid("invalid_name", "org name must have 1 to 100 characters")
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	o := Org{ID: store.NewID("org"), Kind: kind, Name: name, CreatedAt: now}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO orgs (id, kind, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, o.ID, kind, name, creatorID, now.UnixMicro()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`, o.ID, creatorID, now.UnixMicro())
		return err
	})
	return o, err
}

// Org returns an org.
func (s *Service) Org(ctx context.Context, id string) (Org, error) {
	var o Org
	var created int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, kind, name, created_at FROM orgs WHERE id = $1`, id).Scan(&o.ID, &o.Kind, &o.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Org{}, ErrNotFound
	}
	o.CreatedAt = micros(created)
	return o, err
}

// Memberships lists the orgs a user belongs to.
func (s *Service) Memberships(ctx context.Context, userID string) ([]Membership, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.kind, o.name, m.role FROM org_members m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Membership{}
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.OrgID, &m.OrgKind, &m.OrgName, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RoleIn returns the user's role in an org, or "" if not a member.
func (s *Service) RoleIn(ctx context.Context, userID, orgID string) (kind, role string, err error) {
	err = s.DB.QueryRowContext(ctx, `SELECT o.kind, m.role FROM orgs o JOIN org_members m ON m.org_id = o.id WHERE o.id = $1 AND m.user_id = $2`, orgID, userID).Scan(&kind, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return kind, role, err
}

// Members lists an org's members.
func (s *Service) Members(ctx context.Context, orgID string) ([]Member, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.email, m.role FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.email`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Email, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// canManage says whether an actor with actorRole may give or take role in
// an org: owners manage everyone; brand managers manage agents only.
func canManage(actorRole, role string) bool {
	return actorRole == MemberOwner || (actorRole == MemberManager && role == MemberAgent)
}

// AddMember adds (or changes the role of) a user, found by email.
func (s *Service) AddMember(ctx context.Context, actorID, orgID, email, role string) (Member, error) {
	kind, actorRole, err := s.RoleIn(ctx, actorID, orgID)
	if err != nil {
		return Member{}, err
	}
	if actorRole == "" {
		return Member{}, ErrNotFound
	}
	allowed := false
	for _, r := range rolesByKind[kind] {
		allowed = allowed || r == role
	}
	if !allowed {
		return Member{}, Invalid("invalid_role", "a "+kind+" org has roles "+strings.Join(rolesByKind[kind], ", "))
	}
	if !canManage(actorRole, role) {
		return Member{}, ErrForbidden
	}
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		return Member{}, ErrUserNotFound
	}
	if err != nil {
		return Member{}, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var current string
		err := tx.QueryRowContext(ctx, `SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2`, orgID, u.ID).Scan(&current)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)`, orgID, u.ID, role, s.Now().UnixMicro())
			return err
		case err != nil:
			return err
		case !canManage(actorRole, current):
			return ErrForbidden
		case current == MemberOwner && role != MemberOwner:
			if err := lastOwnerGuard(ctx, tx, orgID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE org_members SET role = $1 WHERE org_id = $2 AND user_id = $3`, role, orgID, u.ID)
		return err
	})
	return Member{UserID: u.ID, Email: u.Email, Role: role}, err
}

// RemoveMember removes a user from an org; an org always keeps an owner.
func (s *Service) RemoveMember(ctx context.Context, actorID, orgID, userID string) error {
	_, actorRole, err := s.RoleIn(ctx, actorID, orgID)
	if err != nil {
		return err
	}
	if actorRole == "" {
		return ErrNotFound
	}
	var after func()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		after = nil
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// Anyone may leave; removing others needs the right to manage their role.
		if actorID != userID && !canManage(actorRole, role) {
			return ErrForbidden
		}
		if role == MemberOwner {
			if err := lastOwnerGuard(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if s.MemberRemoved != nil {
			if after, err = s.MemberRemoved(ctx, tx, orgID, userID, actorID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, orgID, userID)
		return err
	})
	if err == nil && after != nil {
		after()
	}
	return err
}

func lastOwnerGuard(ctx context.Context, tx *store.Tx, orgID string) error {
	var owners int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_members WHERE org_id = $1 AND role = 'owner'`, orgID).Scan(&owners); err != nil {
		return err
	}
	if owners <= 1 {
		return ErrLastOwner
	}
	return nil
}

// OrgFound is an org an operator found, with its member count.
type OrgFound struct {
	Org
	Members int `json:"members"`
}

// FindOrgs finds orgs by their whole id or name (names case-insensitively,
// as typed but for surrounding spaces; parts match nobody), at most 50, by
// name then id.
func (s *Service) FindOrgs(ctx context.Context, q string) ([]OrgFound, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.kind, o.name, o.created_at,
		(SELECT COUNT(*) FROM org_members m WHERE m.org_id = o.id)
		FROM orgs o WHERE o.id = $1 OR LOWER(o.name) = LOWER($1) ORDER BY o.name, o.id LIMIT 50`, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OrgFound{}
	for rows.Next() {
		var f OrgFound
		var created int64
		if err := rows.Scan(&f.ID, &f.Kind, &f.Name, &created, &f.Members); err != nil {
			return nil, err
		}
		f.CreatedAt = micros(created)
		out = append(out, f)
	}
	return out, rows.Err()
}
