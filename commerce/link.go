package commerce

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Short links (/l/{code}) open a page in the shell: a product in the
// brand's storefront app, the storefront's home, any page of an app with
// its parameters, a coupon to claim, a live room to watch, or an
// authenticity code's scan page (each code is its own link, made with its
// batch: authenticity.go). Every
// link has a QR code (PNG and SVG, drawn by the API and the console).
//
// A link points at its target for good. Brands create product, storefront,
// page and coupon links in the console or the API; apps create page links
// through the links.create host API, like WeChat's unlimited mini-program
// code: a page and a short scene string, bound to the calling installation,
// idempotent (the same page and scene return the same code) and counted
// against a quota per installation. Nothing changes a link's target,
// installation, page or scene afterwards — only its brand may disable (and
// re-enable) it, and a disabled or unknown link opens a page that says so.

// Link kinds.
const (
	LinkProduct      = "product"
	LinkBrand        = "brand" // the brand's storefront (an installation's home page)
	LinkAppPage      = "app_page"
	LinkCoupon       = "coupon"
	LinkLiveRoom     = "live_room"    // a live room (/live/{room})
	LinkAuthenticity = "authenticity" // an authenticity code: made with its batch, the code is the link's
)

// DefaultLinkQuota is how many links one installation may create.
const DefaultLinkQuota = 1000

// Link rejections.
var (
	ErrLinkDisabled   = fault.New(fault.Gone, "link_disabled", "this link was disabled by its brand")
	ErrLinkQuota      = fault.New(fault.Conflict, "link_quota_exceeded", "this installation created as many links as it may")
	ErrLinkNotFound   = fault.New(fault.NotFound, "link_not_found", "no such link")
	errLinkCodeBroken = errors.New("commerce: could not draw a free link code")
)

// Link is a short link.
type Link struct {
	Code           string `json:"code"`
	Kind           string `json:"kind"`
	BrandID        string `json:"brandId"`
	InstallationID string `json:"installationId,omitempty"`
	Target         string `json:"target,omitempty"` // product or coupon id
	Page           string `json:"page,omitempty"`
	Scene          string `json:"scene,omitempty"` // the page's parameters, a URL query
	Status         string `json:"status"`          // active or disabled
	Opens          int64  `json:"opens"`
	CreatedAt      int64  `json:"createdAt"`
}

// Path is the link's own path, /l/{code}.
func (l Link) Path() string { return "/l/" + l.Code }

// Destination is the shell path the link opens.
func (l Link) Destination() string {
	switch l.Kind {
	case LinkProduct:
		return "/a/" + l.InstallationID + "/product?productId=" + url.QueryEscape(l.Target)
	case LinkBrand:
		return "/a/" + l.InstallationID + "/home"
	case LinkAppPage:
		p := "/a/" + l.InstallationID + "/" + l.Page
		if l.Scene != "" {
			p += "?" + l.Scene
		}
		return p
	case LinkCoupon:
		return "/coupons/" + l.Target
	case LinkAuthenticity:
		return "/authentic/" + l.Target
	case LinkLiveRoom:
		return "/live/" + l.Target
	}
	return ""
}

const linkCols = `code, kind, brand_id, installation_id, target, page, scene, status, opens, created_at`

func scanLink(sc interface{ Scan(...any) error }) (Link, error) {
	var l Link
	err := sc.Scan(&l.Code, &l.Kind, &l.BrandID, &l.InstallationID, &l.Target, &l.Page, &l.Scene, &l.Status, &l.Opens, &l.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, fail(ErrLinkNotFound, "")
	}
	return l, err
}

// NewLink is a link to create. BrandID (and, for an app, InstallationID)
// come from the host: the console's brand, the installation serving the
// app.
type NewLink struct {
	BrandID        string
	Kind           string
	InstallationID string // product, brand, app_page: the storefront; "" picks the brand's newest active installation
	Target         string
	Page           string
	Params         map[string]string // app_page: the page's parameters (the scene)
	CreatedBy      string            // a user id, or "app:<installation>" (counted against the quota)
	byApp          bool
}

var (
	linkPage  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	sceneWord = regexp.MustCompile(`^[A-Za-z0-9_.~-]{1,64}$`)
)

// MaxScene is the longest scene (the encoded parameters) a link carries.
const MaxScene = 128

// encodeScene turns params into a canonical query (sorted keys), so the
// same parameters always make the same scene and the same link.
func encodeScene(params map[string]string) (string, error) {
	if len(params) == 0 {
		return "", nil
	}
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if !sceneWord.MatchString(k) || (v != "" && !sceneWord.MatchString(v)) {
			return "", fail(ErrInvalid, "link parameters are short words of letters, digits and _.~-")
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + params[k])
	}
	if b.Len() > MaxScene {
		return "", fail(ErrInvalid, "link parameters are at most %d bytes", MaxScene)
	}
	return b.String(), nil
}

// linkAlphabet has no 0/O, 1/I/L: codes read aloud or typed survive.
const linkAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func newLinkCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = linkAlphabet[int(b[i])%len(linkAlphabet)]
	}
	return string(b)
}

// CreateLink creates a link, or returns the existing link with the same
// brand, kind, installation, target, page and scene.
func (s *Service) CreateLink(ctx context.Context, in NewLink) (Link, error) {
	if in.BrandID == "" {
		return Link{}, fail(ErrInvalid, "a link belongs to a brand")
	}
	l := Link{Kind: in.Kind, BrandID: in.BrandID, InstallationID: in.InstallationID, Target: in.Target, Status: "active"}
	switch in.Kind {
	case LinkProduct:
		p, err := s.product(ctx, in.BrandID, in.Target)
		if err != nil {
			return Link{}, err
		}
		l.Target = p
	case LinkBrand:
		l.Target = ""
	case LinkAppPage:
		if !linkPage.MatchString(in.Page) {
			return Link{}, fail(ErrInvalid, "a page name is 1 to 40 of a-z, 0-9, _ and -")
		}
		scene, err := encodeScene(in.Params)
		if err != nil {
			return Link{}, err
		}
		l.Target, l.Page, l.Scene = "", in.Page, scene
	case LinkCoupon:
		c, err := s.Coupon(ctx, in.Target)
		if err != nil || c.BrandID != in.BrandID {
			return Link{}, fail(ErrNotFound, "no such coupon")
		}
		l.InstallationID = ""
	case LinkAuthenticity:
		// Every code got its link with its batch: asking returns it.
		c, err := s.AuthenticityCode(ctx, in.Target)
		if err != nil || c.BrandID != in.BrandID || in.byApp {
			return Link{}, fail(ErrNotFound, "no such authenticity code")
		}
		return s.Link(ctx, c.Code)
	case LinkLiveRoom:
		r, err := s.LiveRoom(ctx, in.Target)
		if err != nil || r.BrandID != in.BrandID {
			return Link{}, fail(ErrNotFound, "no such live room")
		}
		l.InstallationID = ""
	default:
		return Link{}, fail(ErrInvalid, "unknown link kind %q", in.Kind)
	}
	if in.byApp && in.Kind != LinkAppPage {
		return Link{}, fail(ErrForbidden, "apps create page links")
	}
	if in.Kind != LinkCoupon && in.Kind != LinkLiveRoom {
		ins, err := s.storefront(ctx, in.BrandID, in.InstallationID)
		if err != nil {
			return Link{}, err
		}
		l.InstallationID = ins
	}
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Link, error) {
		old, err := scanLink(tx.QueryRowContext(ctx, `SELECT `+linkCols+` FROM links WHERE brand_id = $1 AND kind = $2 AND installation_id = $3
			AND target = $4 AND page = $5 AND scene = $6`, l.BrandID, l.Kind, l.InstallationID, l.Target, l.Page, l.Scene))
		if err == nil {
			return old, nil
		}
		if !errors.Is(err, ErrLinkNotFound) {
			return Link{}, err
		}
		if in.byApp {
			quota := s.opts.LinkQuota
			if quota <= 0 {
				quota = DefaultLinkQuota
			}
			var n int
			// The installation's row is locked first, so concurrent creations
			// cannot both take the last unit of the quota.
			if _, err := tx.ExecContext(ctx, `UPDATE installations SET updated_at = updated_at WHERE id = $1`, l.InstallationID); err != nil {
				return Link{}, err
			}
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM links WHERE installation_id = $1 AND created_by = $2`,
				l.InstallationID, in.CreatedBy).Scan(&n); err != nil {
				return Link{}, err
			}
			if n >= quota {
				return Link{}, fail(ErrLinkQuota, "%d links", quota)
			}
		}
		t := now()
		l.CreatedAt = t
		for range 5 {
			l.Code = newLinkCode()
			res, err := tx.ExecContext(ctx, `INSERT INTO links (code, kind, brand_id, installation_id, target, page, scene, created_by, status,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9) ON CONFLICT DO NOTHING`,
				l.Code, l.Kind, l.BrandID, l.InstallationID, l.Target, l.Page, l.Scene, in.CreatedBy, t)
			if err != nil {
				return Link{}, err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				return l, nil
			}
			// A concurrent creation of the same link won: return it.
			old, err := scanLink(tx.QueryRowContext(ctx, `SELECT `+linkCols+` FROM links WHERE brand_id = $1 AND kind = $2
				AND installation_id = $3 AND target = $4 AND page = $5 AND scene = $6`, l.BrandID, l.Kind, l.InstallationID, l.Target, l.Page, l.Scene))
			if err == nil {
				return old, nil
			}
		}
		return Link{}, errLinkCodeBroken
	})
}

// product checks that productID is one of the brand's products.
func (s *Service) product(ctx context.Context, brandID, productID string) (string, error) {
	var b string
	err := s.db.QueryRowContext(ctx, `SELECT brand_id FROM commerce_products WHERE id = $1`, productID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && b != brandID) {
		return "", fail(ErrNotFound, "no such product")
	}
	return productID, err
}

// storefront returns the brand's active installation id: the one asked for
// (which must be the brand's and active) or the newest.
func (s *Service) storefront(ctx context.Context, brandID, insID string) (string, error) {
	q, args := `SELECT id FROM installations WHERE brand_org_id = $1 AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT 1`, []any{brandID}
	if insID != "" {
		q, args = `SELECT id FROM installations WHERE brand_org_id = $1 AND status = 'active' AND id = $2`, []any{brandID, insID}
	}
	var id string
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fail(ErrNotFound, "no such storefront: install an app first")
	}
	return id, err
}

// Link returns a link (no access check: links are public by their code).
func (s *Service) Link(ctx context.Context, code string) (Link, error) {
	return scanLink(s.db.QueryRowContext(ctx, `SELECT `+linkCols+` FROM links WHERE code = $1`, strings.ToUpper(code)))
}

// OpenLink is someone opening /l/{code}: it counts the open and returns the
// link with the path it opens. A disabled link is ErrLinkDisabled, an
// unknown one ErrLinkNotFound; a link whose storefront was uninstalled is
// disabled too.
func (s *Service) OpenLink(ctx context.Context, code string) (Link, error) {
	l, err := s.Link(ctx, code)
	if err != nil {
		return l, err
	}
	if l.Status != "active" {
		return l, fail(ErrLinkDisabled, "")
	}
	if l.InstallationID != "" {
		var st string
		if err := s.db.QueryRowContext(ctx, `SELECT status FROM installations WHERE id = $1`, l.InstallationID).Scan(&st); err != nil || st != "active" {
			return l, fail(ErrLinkDisabled, "the storefront is gone")
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE links SET opens = opens + 1 WHERE code = $1`, l.Code); err != nil {
		return l, err
	}
	l.Opens++
	return l, nil
}

// BrandLinks lists a brand's links, newest first; authenticity codes'
// links (thousands, one per code) are listed with their batches instead.
func (s *Service) BrandLinks(ctx context.Context, brandID string, limit int) ([]Link, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+linkCols+` FROM links WHERE brand_id = $1 AND kind <> 'authenticity'
		ORDER BY created_at DESC, code LIMIT $2`, brandID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// SetLinkStatus disables or re-enables one of the brand's links — the one
// change a link allows. Another brand's link is not found.
func (s *Service) SetLinkStatus(ctx context.Context, brandID, code string, enabled bool) (Link, error) {
	st := "disabled"
	if enabled {
		st = "active"
	}
	res, err := s.db.ExecContext(ctx, `UPDATE links SET status = $3, updated_at = $4 WHERE code = $1 AND brand_id = $2`,
		strings.ToUpper(code), brandID, st, now())
	if err != nil {
		return Link{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Link{}, fail(ErrLinkNotFound, "")
	}
	return s.Link(ctx, code)
}
