package console

import (
	"net/http"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// Installations (/portal/{orgId}/apps/{appId}/installations): the brands
// that installed the app (marketplace.AppInstallations), with the version
// each consented to, a newer release waiting for its consent, and when it
// installed (and uninstalled).

type installRow struct {
	marketplace.AppInstallation
	Installed, Uninstalled string
}

type installsData struct {
	Rows   []installRow
	Active int
}

func (p *portal) installations(r *site.Req, o devCtx) error {
	l, err := p.Market.AppInstallations(r.Context(), o.App.ID)
	if err != nil {
		return err
	}
	var d installsData
	for _, in := range l {
		row := installRow{AppInstallation: in, Installed: in.CreatedAt.UTC().Format("2006-01-02")}
		if in.UninstalledAt != nil {
			row.Uninstalled = in.UninstalledAt.UTC().Format("2006-01-02")
		}
		if in.Status == marketplace.InstallActive {
			d.Active++
		}
		d.Rows = append(d.Rows, row)
	}
	return p.render(r, http.StatusOK, "installations", "portal.installations.title", o, d, nil)
}
