package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// The apps page: the brand's installed mini-programs and the catalogue of
// released apps to install. Every permission an app asks for is shown in
// words; installing grants exactly what the page showed (marketplace
// refuses if the release changed in between); a newer release that asks
// for more waits for consent, shown as the difference from what is
// granted; per-installation config is a JSON object; uninstall stops the
// app's events. All staff read the page; owners and managers change it.

type permRow struct{ Name, Words string }

type installedRow struct {
	ID, AppID, Name, Version, Config string
	Granted                          []permRow
	Pending                          *pendingRow
}

type pendingRow struct {
	Version     string
	Added, Kept []permRow
	Permissions []string
}

type listedRow struct {
	ID, Name, Version, Description string
	Permissions                    []permRow
	Names                          []string
}

type appsData struct {
	Installed []installedRow
	Catalogue []listedRow
}

func permRows(r *site.Req, ps []string) []permRow {
	out := make([]permRow, 0, len(ps))
	for _, p := range ps {
		w := p
		if k := "seller.apps.perm." + p; r.L.Has(k) {
			w = r.L.T(k)
		}
		out = append(out, permRow{Name: p, Words: w})
	}
	return out
}

func (p *seller) apps(r *site.Req, b brandCtx) error {
	return p.showApps(r, b, http.StatusOK, "", "")
}

func (p *seller) showApps(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	if p.Market == nil {
		return r.NotFound()
	}
	ctx := r.Context()
	ins, err := p.Market.Installations(ctx, b.ID)
	if err != nil {
		return err
	}
	listed, err := p.Market.ListedApps(ctx)
	if err != nil {
		return err
	}
	var d appsData
	installed := map[string]bool{}
	for _, in := range ins {
		if in.Status != marketplace.InstallActive {
			continue
		}
		installed[in.AppID] = true
		row := installedRow{ID: in.ID, AppID: in.AppID, Name: in.AppID, Version: in.Version, Config: string(in.Config), Granted: permRows(r, in.Granted)}
		for _, a := range listed {
			if a.ID == in.AppID {
				row.Name = a.Name
			}
		}
		if pc := in.PendingConsent; pc != nil {
			pr := &pendingRow{Version: pc.Version, Added: permRows(r, pc.Added), Permissions: pc.Permissions}
			for _, x := range pc.Permissions {
				if !slices.Contains(pc.Added, x) {
					pr.Kept = append(pr.Kept, permRows(r, []string{x})...)
				}
			}
			row.Pending = pr
		}
		d.Installed = append(d.Installed, row)
	}
	for _, a := range listed {
		if installed[a.ID] {
			continue
		}
		d.Catalogue = append(d.Catalogue, listedRow{ID: a.ID, Name: a.Name, Version: a.Version, Description: a.Description,
			Permissions: permRows(r, a.Permissions), Names: a.Permissions})
	}
	return p.render(r, status, "apps", "seller.apps.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

// appsResult shows the page after a change, or the refusal.
func (p *seller) appsResult(r *site.Req, b brandCtx, err error, notice string) error {
	if errors.Is(err, marketplace.ErrNotFound) {
		return r.NotFound()
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		return p.showApps(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.refused", fe.Error()), "")
	}
	if err != nil {
		return err
	}
	return p.showApps(r, b, http.StatusOK, "", notice)
}

// postedPermissions are the permissions the form showed (one field each).
func postedPermissions(r *site.Req) []string {
	out := []string{}
	for _, v := range r.Request().PostArgs().PeekMulti("permission") {
		out = append(out, string(v))
	}
	return out
}

func (p *seller) installApp(r *site.Req, b brandCtx) error {
	if p.Market == nil {
		return r.NotFound()
	}
	a, err := p.Market.ListedApp(r.Context(), r.FormValue("app_id"))
	if err != nil {
		return p.appsResult(r, b, err, "")
	}
	_, err = p.Market.Install(r.Context(), b.ID, r.UserID(), marketplace.InstallInput{AppID: a.ID, Permissions: postedPermissions(r)})
	return p.appsResult(r, b, err, r.L.T("seller.apps.installed", a.Name))
}

func (p *seller) consentApp(r *site.Req, b brandCtx) error {
	if p.Market == nil {
		return r.NotFound()
	}
	_, err := p.Market.Consent(r.Context(), b.ID, r.Params("insId"), r.FormValue("version"), postedPermissions(r))
	return p.appsResult(r, b, err, r.L.T("seller.apps.consented", r.FormValue("version")))
}

func (p *seller) configApp(r *site.Req, b brandCtx) error {
	if p.Market == nil {
		return r.NotFound()
	}
	c := strings.TrimSpace(r.FormValue("config"))
	if c != "" && !json.Valid([]byte(c)) {
		return p.showApps(r, b, http.StatusUnprocessableEntity, r.L.T("seller.apps.bad_config"), "")
	}
	_, err := p.Market.SetConfig(r.Context(), b.ID, r.Params("insId"), json.RawMessage(c))
	return p.appsResult(r, b, err, r.L.T("seller.apps.config_saved"))
}

func (p *seller) uninstallApp(r *site.Req, b brandCtx) error {
	if p.Market == nil {
		return r.NotFound()
	}
	_, err := p.Market.Uninstall(r.Context(), b.ID, r.Params("insId"))
	return p.appsResult(r, b, err, r.L.T("seller.apps.uninstalled"))
}
