package marketplace

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
)

// Version statuses. A version moves uploaded (before checks existed) or
// checks_failed/ready → in_review → approved/rejected; the developer can
// withdraw in_review → ready. Release state lives apart (release.go): an
// approved version stays approved while it is released or rolled back.
const (
	StatusUploaded     = "uploaded"
	StatusChecksFailed = "checks_failed"
	StatusReady        = "ready"
	StatusInReview     = "in_review"
	StatusApproved     = "approved"
	StatusRejected     = "rejected"
)

// BundlePrefix is the blob prefix bundles are stored under, by content.
const BundlePrefix = "bundles"

// Version is one immutable upload of an app: its bundle and manifest never
// change; its checks were run once at upload; status and review move.
type Version struct {
	AppID      string          `json:"app_id"`
	Version    string          `json:"version"`
	BundleHash string          `json:"bundle_hash" doc:"SHA-256 of the archive, hex"`
	BlobKey    string          `json:"blob_key"`
	Manifest   json.RawMessage `json:"manifest" doc:"The bundle's souk.json"`
	Size       int64           `json:"size" doc:"Archive size in bytes"`
	Status     string          `json:"status" enum:"uploaded,checks_failed,ready,in_review,approved,rejected"`
	CreatedAt  time.Time       `json:"created_at"`
	Checks     []Check         `json:"checks" doc:"The automatic checks run at upload"`
	// The permission diff against the version released when this one was
	// uploaded (PermissionsBase, empty if none was).
	PermissionsAdded   []string   `json:"permissions_added"`
	PermissionsRemoved []string   `json:"permissions_removed"`
	PermissionsBase    string     `json:"permissions_base,omitempty"`
	SubmittedBy        string     `json:"submitted_by,omitempty"`
	SubmittedAt        *time.Time `json:"submitted_at,omitempty"`
	Review             *Review    `json:"review,omitempty" doc:"The reviewer's decision, once made"`
}

// Review is a reviewer's decision on a version, shown to its developer.
type Review struct {
	Decision   string    `json:"decision" enum:"approved,rejected"`
	Reasons    []string  `json:"reasons" doc:"Reason codes (rejections)"`
	Message    string    `json:"message"`
	ReviewerID string    `json:"reviewer_id"`
	At         time.Time `json:"at"`
}

// Permissions returns the permissions the version's manifest asks for.
func (v Version) Permissions() []string {
	var m struct {
		Permissions []string `json:"permissions"`
	}
	_ = json.Unmarshal(v.Manifest, &m)
	if m.Permissions == nil {
		return []string{}
	}
	return m.Permissions
}

// UploadVersion reads an archive from souk build, checks it (the bundle
// reader's rules, the manifest name must be the app's slug, the version
// must be new), stores it in the blob store and records the version.
// size is the archive's length, or -1 if unknown.
func (s *Service) UploadVersion(ctx context.Context, appID string, archive io.Reader, size int64) (Version, error) {
	app, err := s.App(ctx, appID)
	if err != nil {
		return Version{}, err
	}
	max := s.limits.MaxArchiveBytes
	if size > max {
		return Version{}, fail(CodeBundleTooLarge, "archive is %d bytes; the limit is %d", size, max)
	}
	data, err := io.ReadAll(io.LimitReader(archive, max+1))
	if err != nil {
		return Version{}, err
	}
	if int64(len(data)) > max {
		return Version{}, fail(CodeBundleTooLarge, "archive is over the %d-byte limit", max)
	}
	if size >= 0 && int64(len(data)) != size {
		return Version{}, fail(CodeSizeMismatch, "archive is %d bytes but %d were declared", len(data), size)
	}
	bun, err := runtime.ReadBundle(bytes.NewReader(data), int64(len(data)), s.limits)
	if err != nil {
		var re *runtime.Error
		if errors.As(err, &re) {
			return Version{}, &Error{Code: re.Code, Message: re.Message, Kind: re.Kind, Err: err}
		}
		return Version{}, err
	}
	m := bun.Manifest
	if m.Name != app.Slug {
		return Version{}, fail(CodeNameMismatch, "souk.json names the app %q but this app is %q", m.Name, app.Slug)
	}
	if _, err := s.Version(ctx, appID, m.Version); err == nil {
		return Version{}, versionExists(m.Version)
	}
	// Stored before the row is written: an acknowledged version always has
	// its bundle, and a failed insert leaves only a content-addressed blob
	// that the next identical upload reuses.
	info, err := s.blobs.PutContent(ctx, BundlePrefix, bytes.NewReader(data), "application/zip")
	if err != nil {
		return Version{}, err
	}
	manifest, err := json.Marshal(m)
	if err != nil {
		return Version{}, err
	}
	base, err := s.releasedManifest(ctx, appID)
	if err != nil {
		return Version{}, err
	}
	cr := runChecks(bun, base, s.caps)
	if s.compiler != nil {
		c, err := compileCheck(ctx, s.compiler, appID, bun)
		if err != nil {
			return Version{}, err
		}
		cr.checks = append(cr.checks, c)
		cr.failed = cr.failed || !c.OK
	}
	status := StatusReady
	if cr.failed {
		status = StatusChecksFailed
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	v := Version{AppID: appID, Version: m.Version, BundleHash: hex.EncodeToString(bun.Hash[:]), BlobKey: info.Key,
		Manifest: manifest, Size: int64(len(data)), Status: status, CreatedAt: now,
		Checks: cr.checks, PermissionsAdded: cr.added, PermissionsRemoved: cr.removed, PermissionsBase: cr.base}
	_, err = s.db.ExecContext(ctx, `INSERT INTO app_versions (app_id, version, bundle_hash, blob_key, manifest, size_bytes, status, created_at,
		checks, perms_added, perms_removed, perms_base)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, v.AppID, v.Version, v.BundleHash, v.BlobKey, string(manifest), v.Size, v.Status, now.UnixMicro(),
		mustJSON(v.Checks), mustJSON(v.PermissionsAdded), mustJSON(v.PermissionsRemoved), v.PermissionsBase)
	if store.IsUniqueViolation(err) {
		return Version{}, versionExists(m.Version)
	}
	if err != nil {
		return Version{}, err
	}
	return v, nil
}

func versionExists(v string) *Error {
	return fail(CodeVersionExists, "version %s already exists; versions are immutable, so bump \"version\" in souk.json", v)
}

const versionColumns = `app_id, version, bundle_hash, blob_key, manifest, size_bytes, status, created_at,
	checks, perms_added, perms_removed, perms_base, submitted_by, submitted_at, reviewed_by, reviewed_at, review_reasons, review_message`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var manifest, checks, added, removed, reasons, reviewer, message string
	var created int64
	var submitted, reviewed sql.NullInt64
	err := row.Scan(&v.AppID, &v.Version, &v.BundleHash, &v.BlobKey, &manifest, &v.Size, &v.Status, &created,
		&checks, &added, &removed, &v.PermissionsBase, &v.SubmittedBy, &submitted, &reviewer, &reviewed, &reasons, &message)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fail(CodeNotFound, "no such version")
	}
	if err != nil {
		return v, err
	}
	v.Manifest = json.RawMessage(manifest)
	v.CreatedAt = time.UnixMicro(created).UTC()
	v.Checks, v.PermissionsAdded, v.PermissionsRemoved = []Check{}, []string{}, []string{}
	for _, f := range []struct {
		src string
		dst any
	}{{checks, &v.Checks}, {added, &v.PermissionsAdded}, {removed, &v.PermissionsRemoved}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return v, fmt.Errorf("marketplace: version %s: %w", v.Version, err)
		}
	}
	if submitted.Valid {
		t := time.UnixMicro(submitted.Int64).UTC()
		v.SubmittedAt = &t
	}
	if reviewed.Valid && (v.Status == StatusApproved || v.Status == StatusRejected) {
		r := &Review{Decision: v.Status, Reasons: []string{}, Message: message, ReviewerID: reviewer, At: time.UnixMicro(reviewed.Int64).UTC()}
		if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
			return v, err
		}
		v.Review = r
	}
	return v, nil
}

// mustJSON encodes values that always encode (slices of strings and structs).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Version returns one version of an app.
func (s *Service) Version(ctx context.Context, appID, version string) (Version, error) {
	return scanVersion(s.db.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM app_versions WHERE app_id = $1 AND version = $2`, appID, version))
}

// Versions lists an app's versions, newest upload first.
func (s *Service) Versions(ctx context.Context, appID string) ([]Version, error) {
	return s.versionsWhere(ctx, `app_id = $1 ORDER BY created_at DESC, version DESC`, appID)
}

func (s *Service) versionsWhere(ctx context.Context, where string, args ...any) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionColumns+` FROM app_versions WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	vs := []Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

func jsonUnmarshalString(s string, dst any) error { return json.Unmarshal([]byte(s), dst) }

// PreviewInstallation is the installation id a developer's previews of an
// app run as: its storage is the developer's sandbox, apart from every
// brand's installation.
func PreviewInstallation(appID string) string { return "dev_" + appID }
