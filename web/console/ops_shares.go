package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// --- Developer shares (admin) ---

type sharePage struct {
	OrgID   string
	Org     *identity.Org
	Percent string // the share as a percentage (or what was typed)
}

// developerOrg is the developer org id names, or nil when there is none.
func (p *ops) developerOrg(r *site.Req, id string) (*identity.Org, error) {
	org, err := p.Identity.Org(r.Context(), id)
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Kind == fault.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if org.Kind != identity.OrgDeveloper {
		return nil, nil
	}
	return &org, nil
}

func (p *ops) renderShares(r *site.Req, status int, orgID, typed string, edit func(*site.Page)) error {
	d := sharePage{OrgID: strings.TrimSpace(orgID)}
	if d.OrgID != "" {
		org, err := p.developerOrg(r, d.OrgID)
		if err != nil {
			return err
		}
		if org != nil {
			d.Org = org
			bps, err := p.Commerce.DeveloperShare(r.Context(), org.ID)
			if err != nil {
				return err
			}
			d.Percent = bpsPercent(int64(bps))
			if typed != "" {
				d.Percent = typed
			}
		}
	}
	return p.render(r, status, "shares", "ops.shares.title", d, edit)
}

func (p *ops) shares(r *site.Req) error {
	return p.renderShares(r, http.StatusOK, r.Query("org"), "", nil)
}

// setShare is PUT /api/v1/admin/developer-shares/{orgId} for the page,
// given as a percentage with up to two decimals (basis points underneath).
func (p *ops) setShare(r *site.Req) error {
	id := r.Params("orgId")
	org, err := p.developerOrg(r, id)
	if err != nil {
		return err
	}
	if org == nil {
		return r.NotFound()
	}
	typed := strings.TrimSpace(r.FormValue("percent"))
	bps, ok := parsePercent(typed)
	if !ok {
		return p.renderShares(r, http.StatusUnprocessableEntity, id, typed, func(pg *site.Page) { pg.Error = r.L.T("ops.shares.bad") })
	}
	if err := p.Commerce.SetDeveloperShare(r.Context(), id, money.Bps(bps)); err != nil {
		return err
	}
	return p.renderShares(r, http.StatusOK, id, "", func(pg *site.Page) {
		pg.Notice = r.L.T("ops.shares.saved", org.Name, bpsPercent(bps))
	})
}

// --- Organisations (admin) ---

type orgsPage struct {
	Q      string
	Orgs   []identity.OrgFound
	Ledger bool // brands link to their fee
	Shares bool // developer orgs link to their share
}

func (p *ops) orgs(r *site.Req) error {
	d := orgsPage{Q: strings.TrimSpace(r.Query("q")), Ledger: p.Payments != nil, Shares: p.Commerce != nil}
	if d.Q != "" {
		var err error
		if d.Orgs, err = p.Identity.FindOrgs(r.Context(), d.Q); err != nil {
			return err
		}
	}
	return p.render(r, http.StatusOK, "orgs", "ops.orgs.title", d, nil)
}
