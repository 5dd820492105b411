package marketplace

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
)

// Version statuses. Review and release (the marketplace issue) add theirs.
const StatusUploaded = "uploaded"

// BundlePrefix is the blob prefix bundles are stored under, by content.
const BundlePrefix = "bundles"

// Version is one immutable upload of an app.
type Version struct {
	AppID      string          `json:"app_id"`
	Version    string          `json:"version"`
	BundleHash string          `json:"bundle_hash" doc:"SHA-256 of the archive, hex"`
	BlobKey    string          `json:"blob_key"`
	Manifest   json.RawMessage `json:"manifest" doc:"The bundle's souk.json"`
	Size       int64           `json:"size" doc:"Archive size in bytes"`
	Status     string          `json:"status"`
	CreatedAt  time.Time       `json:"created_at"`
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
			return Version{}, &Error{Code: re.Code, Message: re.Msg, Err: err}
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
	now := time.Now().UTC().Truncate(time.Microsecond)
	v := Version{AppID: appID, Version: m.Version, BundleHash: hex.EncodeToString(bun.Hash[:]), BlobKey: info.Key,
		Manifest: manifest, Size: int64(len(data)), Status: StatusUploaded, CreatedAt: now}
	_, err = s.db.ExecContext(ctx, `INSERT INTO app_versions (app_id, version, bundle_hash, blob_key, manifest, size_bytes, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, v.AppID, v.Version, v.BundleHash, v.BlobKey, string(manifest), v.Size, v.Status, now.UnixMicro())
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

const versionColumns = `app_id, version, bundle_hash, blob_key, manifest, size_bytes, status, created_at`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var manifest string
	var created int64
	err := row.Scan(&v.AppID, &v.Version, &v.BundleHash, &v.BlobKey, &manifest, &v.Size, &v.Status, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fail(CodeNotFound, "no such version")
	}
	v.Manifest = json.RawMessage(manifest)
	v.CreatedAt = time.UnixMicro(created).UTC()
	return v, err
}

// Version returns one version of an app.
func (s *Service) Version(ctx context.Context, appID, version string) (Version, error) {
	return scanVersion(s.db.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM app_versions WHERE app_id = $1 AND version = $2`, appID, version))
}

// Versions lists an app's versions, newest upload first.
func (s *Service) Versions(ctx context.Context, appID string) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionColumns+` FROM app_versions WHERE app_id = $1 ORDER BY created_at DESC, version DESC`, appID)
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

// PreviewInstallation is the installation id a developer's previews of an
// app run as: its storage is the developer's sandbox, apart from every
// brand's installation.
func PreviewInstallation(appID string) string { return "dev_" + appID }
