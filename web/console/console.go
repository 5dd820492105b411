// Package console holds the entry pages of the three work faces over
// web/site: the seller console (/seller, brand members), the developer
// portal (/portal, developer-org members) and the operator console (/ops,
// reviewers and admins). Their pages arrive with their own issues; the
// access policies and the layout are already the shared ones.
package console

import (
	"embed"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/web/site"
	"github.com/soukhq/souk/webhooks"
)

//go:embed templates/*.html templates/seller/*.html templates/seller/parts/nav.html templates/ops/*.html templates/ops/parts/nav.html templates/portal/*.html templates/portal/parts/nav.html
var files embed.FS

// Deps are the services the consoles use.
type Deps struct {
	Site     *site.Site
	Identity *identity.Service
	// Commerce serves the seller console's brand pages (nil: /seller is
	// the entry page only).
	Commerce *commerce.Service
	// Logistics ships orders from the seller console (nil: no ship form).
	Logistics *commerce.Logistics
	// Market serves the seller console's apps page and the operator
	// console's review pages (nil: neither).
	Market *marketplace.Service
	// Chat serves the customer-service inbox, staff handover and contact
	// codes (nil: no inbox).
	Chat *chat.Service
	// BrandApps lists a brand's installed apps for mini-program cards and
	// the storefront a contact code opens (nil: none).
	BrandApps BrandApps
	// Payments serves the operator console's ledger check (nil: none).
	Payments *payments.Service
	// Invoices serves the seller console's e-invoice page (nil: none).
	Invoices *invoice.Service
	// Credit serves the seller console's deposits page and the operator
	// console's credit exposure (nil: neither).
	Credit *credit.Service
	// Quarantine lists and releases sandbox quarantines for the operator
	// console (the runtime engine; nil: no quarantine page).
	Quarantine Quarantines
	// Receipts reads apps' event receipts for the developer portal's
	// receipts explorer (the runtime engine; nil: no explorer).
	Receipts Receipts
	// Webhooks serves the developer portal's webhooks page (nil: none).
	Webhooks *webhooks.Service
	// Jobs is River's UI over the background jobs, served at /ops/jobs to
	// platform admins (nil: none).
	Jobs http.Handler
}

// Quarantines is what the operator console needs of the runtime engine.
type Quarantines interface {
	Quarantined() []sandbox.Quarantine
	ReleaseQuarantine(appID string) bool
}

type pages struct {
	Deps
	t *site.Templates
}

// Mount registers the consoles' entry pages.
func Mount(app *fiber.App, d Deps) {
	p := &pages{Deps: d, t: d.Site.Parse(files, "templates/*.html")}
	s := d.Site
	s.Get(app, "/seller/invites", site.SignedIn, p.invitations)
	s.Post(app, "/seller/invites/:orgId/accept", site.SignedIn, p.acceptInvite)
	s.Get(app, "/brands/:orgId/logo", site.Public, p.logo)
	s.Get(app, "/device", site.SignedIn, p.device)
	s.Post(app, "/device", site.SignedIn, p.decideDevice)
	if d.Chat != nil {
		s.Get(app, "/contact/:code", site.SignedIn, p.openContact)
	}
	if d.Commerce != nil {
		mountSeller(app, d)
	} else {
		s.Get(app, "/seller", site.OrgMember(identity.OrgBrand), p.orgs(site.FaceSeller, "face.seller", identity.OrgBrand))
	}
	if d.Market != nil {
		mountPortal(app, d)
	} else {
		s.Get(app, "/portal", site.OrgMember(identity.OrgDeveloper), p.orgs(site.FacePortal, "face.portal", identity.OrgDeveloper))
	}
	if d.Market != nil || d.Payments != nil || d.Quarantine != nil {
		mountOps(app, d)
	} else {
		s.Get(app, "/ops", site.PlatformRole(identity.RoleReviewer), p.orgs(site.FaceOperator, "face.operator", ""))
	}
}

type consoleData struct{ Orgs []identity.Membership }

func (p *pages) orgs(face, titleKey, kind string) site.Handler {
	return func(r *site.Req) error {
		var d consoleData
		if kind != "" {
			ms, err := p.Identity.Memberships(r.Context(), r.UserID())
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.OrgKind == kind {
					d.Orgs = append(d.Orgs, m)
				}
			}
		}
		return r.Render(p.t, http.StatusOK, "console", r.Page(face, titleKey, d))
	}
}
