// Package web mounts souk's pages: one foundation (web/site: layout, assets,
// CSP, sessions and CSRF, access policies, the message catalog) and the faces
// over it: the shopper's shell (web/shell), the pages every face shares
// (web/account), and the seller console, developer portal and operator
// console (web/console). View components of mini-programs render through
// web/components. See docs/WEB.md.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/web/account"
	"github.com/soukhq/souk/web/console"
	"github.com/soukhq/souk/web/shell"
	"github.com/soukhq/souk/web/site"
	"github.com/soukhq/souk/webhooks"
)

// Deps are the services pages use.
type Deps struct {
	Identity *identity.Service
	// Chat serves the chat pages (nil: none).
	Chat *chat.Service
	// ChatMoney serves transfers and red packets in chats (nil: none).
	ChatMoney *chat.ChatMoney
	// Commerce serves the seller console's brand pages (nil: none).
	Commerce *commerce.Service
	// Logistics ships orders from the seller console (nil: no ship form).
	Logistics *commerce.Logistics
	// Market serves the operator console's review queue (nil: Apps.Market).
	Market *marketplace.Service
	// Quarantine lists and releases sandbox quarantines in the operator
	// console (nil: Apps.Engine).
	Quarantine console.Quarantines
	// Apps runs mini-programs in the shell's app frame (nil: no frame).
	Apps *shell.Apps
	// BrandApps lists a brand's installed apps for the inbox's cards and
	// contact codes (nil: from Apps.Market when set).
	BrandApps console.BrandApps
	// Receipts serves the developer portal's receipts explorer (nil:
	// Apps.Engine).
	Receipts console.Receipts
	// Webhooks serves the developer portal's webhooks page (nil: none).
	Webhooks *webhooks.Service
	// PINs sets payment PINs (the payments service); nil without payments.
	PINs account.PINs
	// Payments serves the wallet pages and the operator console's ledger
	// check (nil: Apps.Payments, else none).
	Payments *payments.Service
	// Invoices serves the e-invoice pages in the shell and the seller
	// console (nil: none).
	Invoices *invoice.Service
	// Credit serves the credit pages: the shell's credit page and
	// pay-later, the seller console's deposits, the operator console's
	// exposure (nil: none).
	Credit *credit.Service
	// Jobs is River's UI (jobs.Queue.UI), mounted at /ops/jobs for
	// platform admins (nil: none).
	Jobs http.Handler
	// PublicURL is the public origin links handed out point at (empty: the
	// request's).
	PublicURL string
	// AuthRateLimit bounds sign-in, sign-up, password and PIN posts per
	// client address per minute (default 20).
	AuthRateLimit int
	Log           *slog.Logger
}

// Mount adds the pages to app.
func Mount(app *fiber.App, d Deps) *site.Site {
	s := site.New(d.Identity, d.Log)
	s.PublicURL = d.PublicURL
	s.Mount(app)
	account.Mount(app, account.Deps{Site: s, Identity: d.Identity, PINs: d.PINs, AuthRateLimit: d.AuthRateLimit})
	shell.Mount(app, shell.Deps{Site: s, Identity: d.Identity, Chat: d.Chat, Money: d.ChatMoney, Apps: d.Apps, Payments: d.Payments, Invoices: d.Invoices, Credit: d.Credit})
	brandApps := d.BrandApps
	if brandApps == nil && d.Apps != nil && d.Apps.Market != nil {
		brandApps = marketApps(d.Apps.Market)
	}
	if d.Apps != nil {
		if d.Market == nil {
			d.Market = d.Apps.Market
		}
		if d.Payments == nil {
			d.Payments = d.Apps.Payments
		}
		if d.Quarantine == nil && d.Apps.Engine != nil {
			d.Quarantine = d.Apps.Engine
		}
		if d.Receipts == nil && d.Apps.Engine != nil {
			d.Receipts = d.Apps.Engine
		}
	}
	console.Mount(app, console.Deps{Site: s, Identity: d.Identity, Commerce: d.Commerce, Logistics: d.Logistics, Chat: d.Chat, BrandApps: brandApps,
		Market: d.Market, Payments: d.Payments, Quarantine: d.Quarantine, Receipts: d.Receipts, Webhooks: d.Webhooks, Invoices: d.Invoices, Credit: d.Credit, Jobs: d.Jobs})
	return s
}

// marketApps lists a brand's active installations with their apps' names.
func marketApps(m *marketplace.Service) console.BrandApps {
	return func(ctx context.Context, brandOrgID string) ([]console.BrandApp, error) {
		ins, err := m.Installations(ctx, brandOrgID)
		if err != nil {
			return nil, err
		}
		var out []console.BrandApp
		for _, i := range ins {
			if i.Status != marketplace.InstallActive {
				continue
			}
			name := i.AppID
			if a, err := m.App(ctx, i.AppID); err == nil && a.Name != "" {
				name = a.Name
			}
			out = append(out, console.BrandApp{InstallationID: i.ID, Name: name})
		}
		return out, nil
	}
}
