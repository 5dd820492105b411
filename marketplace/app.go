// Package marketplace is the app side of souk: developer orgs own apps,
// apps have immutable versions uploaded as bundles from souk build. Review,
// release and installs build on these (the marketplace issue).
package marketplace

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
)

// Error is a marketplace rejection: souk's one domain error type, with a
// stable machine-readable code. Bundle rejections keep the runtime's code
// (bundle_zip_bomb, …). Compare with errors.Is against the Err* sentinels.
type Error = fault.Error

func fail(code, format string, args ...any) *Error { return sentinels.Newf(code, format, args...) }

// Error codes besides the runtime's bundle_* and manifest_* codes.
const (
	CodeNotFound       = "not_found"
	CodeInvalidSlug    = "invalid_slug"
	CodeInvalidName    = "invalid_name"
	CodeSlugTaken      = "slug_taken"
	CodeNotDeveloper   = "not_developer_org"
	CodeVersionExists  = "version_exists"
	CodeNameMismatch   = "name_mismatch"
	CodeSizeMismatch   = "size_mismatch"
	CodeBundleTooLarge = runtime.CodeBundleTooLarge

	// Review, release and installs.
	CodeInvalidTransition  = "invalid_transition"   // a review move from the wrong status
	CodeInvalidReason      = "invalid_reason"       // a reject reason not in RejectReasons, or none
	CodeInvalidMessage     = "invalid_message"      // a review message missing or too long
	CodeNotApproved        = "not_approved"         // release of a version not approved
	CodeInvalidPercent     = "invalid_percent"      // not 1..100
	CodePercentLowered     = "percent_lowered"      // a gray percentage can only rise
	CodeAlreadyStable      = "already_stable"       // releasing the current stable version
	CodeVersionNotNewer    = "version_not_newer"    // releasing a version older than the stable one
	CodeNotKept            = "not_kept"             // rollback to a version not among the kept ones
	CodeNotReleased        = "not_released"         // install of an app with nothing released
	CodePermissionMismatch = "permissions_mismatch" // granted permissions differ from what the manifest asks
	CodeInvalidConfig      = "invalid_config"       // config not a JSON object
	CodeConfigTooLarge     = "config_too_large"
	CodeAlreadyInstalled   = "already_installed" // one active installation per (brand, app)
	CodeNotBrand           = "not_brand_org"
	CodeUninstalled        = "uninstalled"        // events for an uninstalled app
	CodeNoConsentPending   = "no_consent_pending" // consent to a version that needs none
)

// Sentinels: each code with its kind and default message.
var (
	ErrNotFound          = fault.New(fault.NotFound, CodeNotFound, "no such app, version or installation")
	ErrSlugTaken         = fault.New(fault.Conflict, CodeSlugTaken, "this slug is taken")
	ErrVersionExists     = fault.New(fault.Conflict, CodeVersionExists, "this version was already uploaded")
	ErrBundleTooLarge    = fault.New(fault.TooLarge, CodeBundleTooLarge, "the bundle is too large")
	ErrInvalidTransition = fault.New(fault.Conflict, CodeInvalidTransition, "the version's review status forbids this")
	ErrNotApproved       = fault.New(fault.Conflict, CodeNotApproved, "the version is not approved")
	ErrPercentLowered    = fault.New(fault.Conflict, CodePercentLowered, "a gray release percentage can only rise")
	ErrAlreadyStable     = fault.New(fault.Conflict, CodeAlreadyStable, "this version is already the stable one")
	ErrVersionNotNewer   = fault.New(fault.Conflict, CodeVersionNotNewer, "the version is older than the stable one")
	ErrNotKept           = fault.New(fault.Conflict, CodeNotKept, "the version is not among the kept ones")
	ErrAlreadyInstalled  = fault.New(fault.Conflict, CodeAlreadyInstalled, "the app is already installed")
	ErrUninstalled       = fault.New(fault.Gone, CodeUninstalled, "the app was uninstalled")
	ErrNoConsentPending  = fault.New(fault.Conflict, CodeNoConsentPending, "no new permissions await consent")
)

var sentinels = fault.NewSet(ErrNotFound, ErrSlugTaken, ErrVersionExists, ErrBundleTooLarge, ErrInvalidTransition,
	ErrNotApproved, ErrPercentLowered, ErrAlreadyStable, ErrVersionNotNewer, ErrNotKept, ErrAlreadyInstalled,
	ErrUninstalled, ErrNoConsentPending)

// Service manages apps and their versions.
type Service struct {
	db     *store.DB
	blobs  blob.Store
	limits runtime.BundleLimits
	caps   SizeCaps
	// compiler, when set, compiles uploads in the sandbox (version_compile.go).
	compiler Compiler
	// cache serves RunEvent's reads (event_cache.go).
	// It is shared by the copies WithSizeCaps and WithCompiler make, so a
	// change through any of them clears it for all.
	cache *eventCache
	// hooks are the lifecycle sinks (lifecycle.go), shared like cache.
	hooks *lifecycleHooks
}

// New returns the service; bundles are stored in blobs and read with the
// platform's DefaultBundleLimits.
func New(db *store.DB, blobs blob.Store) *Service {
	return &Service{db: db, blobs: blobs, limits: runtime.DefaultBundleLimits(), caps: DefaultSizeCaps(), cache: &eventCache{}, hooks: &lifecycleHooks{}}
}

// App is a mini-program owned by a developer org. Its slug is the name
// every version's souk.json must carry.
type App struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// slugRe is the manifest's name rule (runtime.Manifest.Validate).
var slugRe = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// CreateApp creates an app in a developer org.
func (s *Service) CreateApp(ctx context.Context, orgID, slug, name string) (App, error) {
	name = strings.TrimSpace(name)
	switch {
	case len(slug) > 64 || !slugRe.MatchString(slug):
		return App{}, fail(CodeInvalidSlug, "slug %q must be a lowercase name (a-z, 0-9 and single dashes, starting with a letter, at most 64 characters): the \"name\" in souk.json", slug)
	case name == "" || len(name) > 100:
		return App{}, fail(CodeInvalidName, "name must have 1 to 100 characters")
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	a := App{ID: store.NewID("app"), OrgID: orgID, Slug: slug, Name: name, CreatedAt: now}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM orgs WHERE id = $1`, orgID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(CodeNotFound, "no such organisation")
		}
		if err != nil {
			return err
		}
		if kind != "developer" {
			return fail(CodeNotDeveloper, "only developer organisations own apps")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO apps (id, org_id, slug, name, created_at) VALUES ($1, $2, $3, $4, $5)`,
			a.ID, a.OrgID, a.Slug, a.Name, now.UnixMicro())
		if store.IsUniqueViolation(err) {
			return fail(CodeSlugTaken, "an app called %q already exists", slug)
		}
		return err
	})
	if err != nil {
		return App{}, err
	}
	return a, nil
}

func scanApp(row interface{ Scan(...any) error }) (App, error) {
	var a App
	var created int64
	err := row.Scan(&a.ID, &a.OrgID, &a.Slug, &a.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fail(CodeNotFound, "no such app")
	}
	a.CreatedAt = time.UnixMicro(created).UTC()
	return a, err
}

// App returns an app by id.
func (s *Service) App(ctx context.Context, id string) (App, error) {
	return scanApp(s.db.QueryRowContext(ctx, `SELECT id, org_id, slug, name, created_at FROM apps WHERE id = $1`, id))
}

// AppInOrg returns the app only if orgID owns it; otherwise not_found, so
// other orgs learn nothing about it.
func (s *Service) AppInOrg(ctx context.Context, orgID, id string) (App, error) {
	return scanApp(s.db.QueryRowContext(ctx, `SELECT id, org_id, slug, name, created_at FROM apps WHERE id = $1 AND org_id = $2`, id, orgID))
}

// Apps lists an org's apps, oldest first.
func (s *Service) Apps(ctx context.Context, orgID string) ([]App, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, slug, name, created_at FROM apps WHERE org_id = $1 ORDER BY created_at, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	apps := []App{}
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	return apps, rows.Err()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
