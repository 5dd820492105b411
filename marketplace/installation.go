package marketplace

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// Installation statuses.
const (
	InstallActive      = "active"
	InstallUninstalled = "uninstalled"
)

// MaxConfigBytes caps an installation's config object.
const MaxConfigBytes = 16 << 10

// Installation is a brand's install of an app. Granted is what the brand
// consented to; Version is the newest version it consented to, which keeps
// serving the brand's shoppers while a newer release that asks for more
// waits for consent (PendingConsent).
type Installation struct {
	ID             string          `json:"id"`
	AppID          string          `json:"app_id"`
	BrandOrgID     string          `json:"brand_org_id"`
	Version        string          `json:"version" doc:"The newest version the brand consented to"`
	Granted        []string        `json:"granted"`
	Config         json.RawMessage `json:"config" doc:"Per-installation settings, a JSON object the app reads"`
	Status         string          `json:"status" enum:"active,uninstalled"`
	CreatedBy      string          `json:"created_by"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	UninstalledAt  *time.Time      `json:"uninstalled_at,omitempty"`
	PendingConsent *PendingConsent `json:"pending_consent,omitempty" doc:"A released version that asks for permissions the brand has not granted"`
}

// PendingConsent is a released version waiting for the brand's consent.
type PendingConsent struct {
	Version     string   `json:"version"`
	Permissions []string `json:"permissions" doc:"Everything the version asks for: what a consent must list"`
	Added       []string `json:"added" doc:"What it asks for beyond the granted permissions"`
}

// InstallInput is a brand's request to install an app.
type InstallInput struct {
	AppID string
	// Permissions must be exactly what the released manifest asks for.
	Permissions []string
	// Config is a JSON object (nil or empty: {}).
	Config json.RawMessage
}

func checkConfig(c json.RawMessage) (string, error) {
	c = bytes.TrimSpace(c)
	if len(c) == 0 || string(c) == "null" {
		return "{}", nil
	}
	if len(c) > MaxConfigBytes {
		return "", fail(CodeConfigTooLarge, "config is %d bytes; the limit is %d", len(c), MaxConfigBytes)
	}
	var obj map[string]json.RawMessage
	if c[0] != '{' || json.Unmarshal(c, &obj) != nil {
		return "", fail(CodeInvalidConfig, "config must be a JSON object")
	}
	return string(c), nil
}

// Install installs a released app for a brand org, granting exactly the
// permissions its latest released version asks for. A brand has at most
// one active installation of an app.
func (s *Service) Install(ctx context.Context, brandOrgID, actorID string, in InstallInput) (Installation, error) {
	config, err := checkConfig(in.Config)
	if err != nil {
		return Installation{}, err
	}
	var id string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM orgs WHERE id = $1`, brandOrgID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(CodeNotFound, "no such organisation")
		}
		if err != nil {
			return err
		}
		if kind != "brand" {
			return fail(CodeNotBrand, "only brand organisations install apps")
		}
		st, err := readReleaseState(ctx, tx, in.AppID)
		if err != nil {
			return err
		}
		if !st.Released() {
			return fail(CodeNotFound, "no such released app")
		}
		v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM app_versions WHERE app_id = $1 AND version = $2`, in.AppID, st.Latest()))
		if err != nil {
			return err
		}
		if err := samePermissions(in.Permissions, v); err != nil {
			return err
		}
		now := store.Now()
		id = store.NewID("ins")
		_, err = tx.ExecContext(ctx, `INSERT INTO installations (id, app_id, brand_org_id, version, granted, config, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, id, in.AppID, brandOrgID, v.Version, mustJSON(sorted(v.Permissions())), config, InstallActive, actorID, now)
		if store.IsUniqueViolation(err) {
			return fail(CodeAlreadyInstalled, "this brand already has the app installed")
		}
		if err != nil {
			return err
		}
		return s.emit(ctx, tx, LifecycleEvent{Type: EventAppInstalled, AppID: in.AppID, Version: v.Version, InstallationID: id, BrandID: brandOrgID})
	})
	if err != nil {
		return Installation{}, err
	}
	return s.Installation(ctx, id)
}

func sorted(ps []string) []string {
	out := slices.Clone(ps)
	slices.Sort(out)
	return out
}

// samePermissions checks that granted lists exactly what v asks for.
func samePermissions(granted []string, v Version) error {
	want := v.Permissions()
	seen := map[string]bool{}
	for _, p := range granted {
		if seen[p] {
			return fail(CodePermissionMismatch, "permission %q is listed twice", p)
		}
		seen[p] = true
	}
	if !sameSet(granted, want) {
		return fail(CodePermissionMismatch, "version %s asks for exactly [%s]; grant those (you sent [%s])",
			v.Version, strings.Join(sorted(want), ", "), strings.Join(sorted(granted), ", "))
	}
	return nil
}

const installationColumns = `id, app_id, brand_org_id, version, granted, config, status, created_by, created_at, updated_at, uninstalled_at`

func scanInstallation(row interface{ Scan(...any) error }) (Installation, error) {
	var in Installation
	var granted, config string
	var created, updated int64
	var uninstalled sql.NullInt64
	err := row.Scan(&in.ID, &in.AppID, &in.BrandOrgID, &in.Version, &granted, &config, &in.Status, &in.CreatedBy, &created, &updated, &uninstalled)
	if errors.Is(err, sql.ErrNoRows) {
		return in, fail(CodeNotFound, "no such installation")
	}
	if err != nil {
		return in, err
	}
	if err := json.Unmarshal([]byte(granted), &in.Granted); err != nil {
		return in, fmt.Errorf("marketplace: installation %s: %w", in.ID, err)
	}
	in.Config = json.RawMessage(config)
	in.CreatedAt, in.UpdatedAt = time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
	if uninstalled.Valid {
		t := time.UnixMicro(uninstalled.Int64).UTC()
		in.UninstalledAt = &t
	}
	return in, nil
}

// Installation returns an installation by id, with any pending consent.
func (s *Service) Installation(ctx context.Context, id string) (Installation, error) {
	in, err := scanInstallation(s.db.QueryRowContext(ctx, `SELECT `+installationColumns+` FROM installations WHERE id = $1`, id))
	if err != nil {
		return in, err
	}
	return in, s.fillPending(ctx, &in)
}

// InstallationInOrg returns the installation only if brandOrgID owns it;
// otherwise not_found, so other brands learn nothing about it.
func (s *Service) InstallationInOrg(ctx context.Context, brandOrgID, id string) (Installation, error) {
	in, err := s.Installation(ctx, id)
	if err == nil && in.BrandOrgID != brandOrgID {
		return Installation{}, fail(CodeNotFound, "no such installation")
	}
	return in, err
}

// Installations lists a brand's installations, active and uninstalled, newest first.
func (s *Service) Installations(ctx context.Context, brandOrgID string) ([]Installation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+installationColumns+` FROM installations WHERE brand_org_id = $1 ORDER BY created_at DESC, id DESC`, brandOrgID)
	if err != nil {
		return nil, err
	}
	out := []Installation{}
	for rows.Next() {
		in, err := scanInstallation(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.fillPending(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ActiveInstallations counts an app's active installations.
func (s *Service) ActiveInstallations(ctx context.Context, appID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM installations WHERE app_id = $1 AND status = $2`, appID, InstallActive).Scan(&n)
	return n, err
}

// AppInstallation is an installation as the app's developer sees it: with
// the installing brand's name.
type AppInstallation struct {
	Installation
	BrandName string `json:"brand_name"`
}

// AppInstallations lists the brands that installed an app, active and
// uninstalled, newest first, each with any pending consent. It is the
// developer's view: callers check that the app is the caller's org's
// (AppInOrg) before asking.
func (s *Service) AppInstallations(ctx context.Context, appID string) ([]AppInstallation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("i.", installationColumns)+`, o.name FROM installations i JOIN orgs o ON o.id = i.brand_org_id
		WHERE i.app_id = $1 ORDER BY i.created_at DESC, i.id DESC`, appID)
	if err != nil {
		return nil, err
	}
	out := []AppInstallation{}
	for rows.Next() {
		var name string
		in, err := scanInstallation(scanWith{rows, &name})
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, AppInstallation{Installation: in, BrandName: name})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.fillPending(ctx, &out[i].Installation); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// prefixed qualifies each column of a comma-separated list with prefix.
func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// scanWith scans a row into a scanner's destinations and then extra ones.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra *string
}

func (w scanWith) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra)...) }

// fillPending sets PendingConsent when the latest released version asks
// for permissions the installation has not granted.
func (s *Service) fillPending(ctx context.Context, in *Installation) error {
	in.PendingConsent = nil
	if in.Status != InstallActive {
		return nil
	}
	st, err := s.ReleaseState(ctx, in.AppID)
	if err != nil || !st.Released() {
		return err
	}
	v, err := s.Version(ctx, in.AppID, st.Latest())
	if err != nil {
		return err
	}
	perms := v.Permissions()
	if subset(perms, in.Granted) {
		return nil
	}
	added, _ := diffPermissions(in.Granted, perms)
	in.PendingConsent = &PendingConsent{Version: v.Version, Permissions: sorted(perms), Added: added}
	return nil
}

// Consent grants a released version's permissions to an installation: the
// brand lists exactly what version asks for. The grant adds to what was
// granted (an older version still serving some shoppers keeps working);
// the app only ever gets what the version running asks for.
func (s *Service) Consent(ctx context.Context, brandOrgID, id, version string, permissions []string) (Installation, error) {
	in, err := s.InstallationInOrg(ctx, brandOrgID, id)
	if err != nil {
		return in, err
	}
	if in.Status != InstallActive {
		return Installation{}, fail(CodeUninstalled, "the app is uninstalled")
	}
	st, err := s.ReleaseState(ctx, in.AppID)
	if err != nil {
		return Installation{}, err
	}
	if version != st.Stable && version != st.Candidate {
		return Installation{}, fail(CodeNoConsentPending, "version %s is not released; consent to a released version", version)
	}
	v, err := s.Version(ctx, in.AppID, version)
	if err != nil {
		return Installation{}, err
	}
	if subset(v.Permissions(), in.Granted) {
		return Installation{}, fail(CodeNoConsentPending, "version %s asks for nothing beyond what is granted", version)
	}
	if err := samePermissions(permissions, v); err != nil {
		return Installation{}, err
	}
	granted := slices.Clone(in.Granted)
	for _, p := range permissions {
		if !slices.Contains(granted, p) {
			granted = append(granted, p)
		}
	}
	res, err := s.db.ExecContext(ctx, `UPDATE installations SET granted = $2, version = $3, updated_at = $4 WHERE id = $1 AND status = $5`,
		id, mustJSON(sorted(granted)), version, store.Now(), InstallActive)
	if err != nil {
		return Installation{}, err
	}
	s.cache.invalidate()
	if n, _ := res.RowsAffected(); n != 1 {
		return Installation{}, fail(CodeUninstalled, "the app is uninstalled")
	}
	return s.Installation(ctx, id)
}

// SetConfig replaces an active installation's config.
func (s *Service) SetConfig(ctx context.Context, brandOrgID, id string, config json.RawMessage) (Installation, error) {
	c, err := checkConfig(config)
	if err != nil {
		return Installation{}, err
	}
	if _, err := s.InstallationInOrg(ctx, brandOrgID, id); err != nil {
		return Installation{}, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE installations SET config = $2, updated_at = $3 WHERE id = $1 AND brand_org_id = $4 AND status = $5`,
		id, c, store.Now(), brandOrgID, InstallActive)
	if err != nil {
		return Installation{}, err
	}
	s.cache.invalidate()
	if n, _ := res.RowsAffected(); n != 1 {
		return Installation{}, fail(CodeUninstalled, "the app is uninstalled")
	}
	return s.Installation(ctx, id)
}

// Uninstall stops an installation: its events are refused from now on.
// Uninstalling twice is not an error.
func (s *Service) Uninstall(ctx context.Context, brandOrgID, id string) (Installation, error) {
	if _, err := s.InstallationInOrg(ctx, brandOrgID, id); err != nil {
		return Installation{}, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		res, err := tx.ExecContext(ctx, `UPDATE installations SET status = $2, uninstalled_at = $3, updated_at = $3 WHERE id = $1 AND status = $4`,
			id, InstallUninstalled, now, InstallActive)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // uninstalled before
		}
		var appID, version string
		if err := tx.QueryRowContext(ctx, `SELECT app_id, version FROM installations WHERE id = $1`, id).Scan(&appID, &version); err != nil {
			return err
		}
		return s.emit(ctx, tx, LifecycleEvent{Type: EventAppUninstalled, AppID: appID, Version: version, InstallationID: id, BrandID: brandOrgID})
	})
	if err != nil {
		return Installation{}, err
	}
	s.cache.invalidate()
	return s.Installation(ctx, id)
}
