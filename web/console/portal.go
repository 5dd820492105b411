package console

import (
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// The developer portal (/portal): an organisation picker for people who
// belong to several developer orgs, then per org (/portal/{orgId}/…) and per
// app (/portal/{orgId}/apps/{appId}/…) pages. As in the seller console, the
// handlers check the caller's role in the org with identity.RoleIn on every
// request, as api/ does: not a developer org, or not a member, answers the
// 404 page. Roles in a developer org:
//
//	owner      everything, including members and payouts
//	developer  apps, versions, releases, receipts and webhooks
//
// Pages live in portal_*.go files, one per area, each registering its routes
// in mountPortal below.

type portal struct {
	Deps
	t *site.Templates
}

var (
	devRolesAll   = []string{identity.MemberOwner, identity.MemberDeveloper}
	devRolesOwner = []string{identity.MemberOwner}
)

func mountPortal(app *fiber.App, d Deps) {
	p := &portal{Deps: d, t: d.Site.Parse(pagesWithNav("portal"), "templates/portal/*.html")}
	s := d.Site
	dev := site.OrgMember(identity.OrgDeveloper)
	s.Get(app, "/portal", dev, p.orgPicker)
	s.Get(app, "/portal/:orgId", dev, p.org(devRolesAll, p.apps))
	s.Post(app, "/portal/:orgId/apps", dev, p.org(devRolesAll, p.createApp))
	s.Get(app, "/portal/:orgId/apps/:appId", dev, p.app(devRolesAll, p.appHome))
	// Areas register here, one line each, in their portal_*.go file's order.
	// Versions, upload, submit and withdraw (portal_versions.go).
	s.Get(app, "/portal/:orgId/apps/:appId/versions", dev, p.app(devRolesAll, p.versions))
	s.Post(app, "/portal/:orgId/apps/:appId/versions", dev, p.app(devRolesAll, p.uploadVersion))
	s.Get(app, "/portal/:orgId/apps/:appId/versions/:version", dev, p.app(devRolesAll, p.version))
	s.Post(app, "/portal/:orgId/apps/:appId/versions/:version/submit", dev, p.app(devRolesAll, p.moveVersion(true)))
	s.Post(app, "/portal/:orgId/apps/:appId/versions/:version/withdraw", dev, p.app(devRolesAll, p.moveVersion(false)))
	// Release and rollback (portal_release.go).
	s.Get(app, "/portal/:orgId/apps/:appId/release", dev, p.app(devRolesAll, p.release))
	s.Post(app, "/portal/:orgId/apps/:appId/release", dev, p.app(devRolesAll, p.releaseVersion))
	s.Post(app, "/portal/:orgId/apps/:appId/release/rollback", dev, p.app(devRolesAll, p.rollback))
	// The brands that installed an app (portal_installations.go).
	s.Get(app, "/portal/:orgId/apps/:appId/installations", dev, p.app(devRolesAll, p.installations))
	// Members, owners only (portal_members.go).
	s.Get(app, "/portal/:orgId/members", dev, p.org(devRolesOwner, p.members))
	s.Post(app, "/portal/:orgId/members", dev, p.org(devRolesOwner, p.addMember))
	s.Post(app, "/portal/:orgId/members/:userId/role", dev, p.org(devRolesOwner, p.changeMemberRole))
	s.Post(app, "/portal/:orgId/members/:userId/remove", dev, p.org(devRolesOwner, p.removeMember))
	p.mountReceipts(app)
	p.mountRevenue(app)
	p.mountWebhooks(app)
	// Automatic rollback and notifications (portal_autorollback.go, portal_notifications.go).
	s.Get(app, "/portal/:orgId/apps/:appId/autorollback", dev, p.app(devRolesAll, p.autoRollback))
	s.Post(app, "/portal/:orgId/apps/:appId/autorollback", dev, p.app(devRolesAll, p.setAutoRollback))
	s.Get(app, "/portal/:orgId/notifications", dev, p.org(devRolesAll, p.notifications))
	s.Post(app, "/portal/:orgId/notifications/read", dev, p.org(devRolesAll, p.readNotifications))
}

// devCtx is the org (and app) a portal page is about and what the caller
// may do there.
type devCtx struct {
	OrgID, OrgName, Role string
	// Orgs is how many developer orgs the caller belongs to (the picker is
	// linked when more than one).
	Orgs int
	// Owner: the caller owns the org (members, payouts).
	Owner bool
	// App is the app of /portal/{orgId}/apps/{appId}/… pages (zero on org
	// pages).
	App marketplace.App
	// Section names the page for aria-current in the navigation.
	Section string
	// Unread is how many of the org's notifications are unread (the
	// navigation's Notifications link says so).
	Unread int
}

// portalData is every portal page's Data: the org and the page's own.
type portalData struct {
	Dev  devCtx
	Page any
	// Form holds posted values to show again after a refused post.
	Form map[string]string
}

type orgHandler func(r *site.Req, o devCtx) error

// org resolves /portal/:orgId for the caller: not a developer org, not a
// member, or a role outside roles answer 404 (403 to members of the org).
func (p *portal) org(roles []string, h orgHandler) site.Handler {
	return func(r *site.Req) error {
		orgID := r.Params("orgId")
		ms, err := p.Identity.Memberships(r.Context(), r.UserID())
		if err != nil {
			return err
		}
		o := devCtx{}
		for _, m := range ms {
			if m.OrgKind != identity.OrgDeveloper {
				continue
			}
			o.Orgs++
			if m.OrgID == orgID {
				o.OrgID, o.OrgName = m.OrgID, m.OrgName
			}
		}
		if o.OrgID == "" {
			return r.NotFound()
		}
		kind, role, err := p.Identity.RoleIn(r.Context(), r.UserID(), orgID)
		if err != nil {
			return err
		}
		if kind != identity.OrgDeveloper || role == "" {
			return r.NotFound()
		}
		if !contains(roles, role) {
			return r.Forbidden()
		}
		o.Role, o.Owner = role, role == identity.MemberOwner
		if o.Unread, err = p.Market.UnreadNotifications(r.Context(), orgID); err != nil {
			return err
		}
		return h(r, o)
	}
}

// app resolves /portal/:orgId/apps/:appId: an app of another org answers
// 404, exactly as an app that does not exist.
func (p *portal) app(roles []string, h orgHandler) site.Handler {
	return p.org(roles, func(r *site.Req, o devCtx) error {
		a, err := p.Market.AppInOrg(r.Context(), o.OrgID, r.Params("appId"))
		if fault.Code(err) == marketplace.CodeNotFound {
			return r.NotFound()
		}
		if err != nil {
			return err
		}
		o.App = a
		return h(r, o)
	})
}

func (p *portal) render(r *site.Req, status int, name, titleKey string, o devCtx, data any, edit func(*site.Page)) error {
	o.Section = name
	pg := r.Page(site.FacePortal, titleKey, portalData{Dev: o, Page: data})
	pg.Title = pg.Title + " · " + o.OrgName
	if o.App.ID != "" {
		pg.Title = pg.Title + " · " + o.App.Name
	}
	if edit != nil {
		edit(&pg)
	}
	return r.Render(p.t, status, name, pg)
}

// orgPicker lists every developer org the caller belongs to.
func (p *portal) orgPicker(r *site.Req) error {
	ms, err := p.Identity.Memberships(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	var os []identity.Membership
	for _, m := range ms {
		if m.OrgKind == identity.OrgDeveloper {
			os = append(os, m)
		}
	}
	if len(os) == 1 {
		return r.SeeOther("/portal/" + os[0].OrgID)
	}
	return r.Render(p.t, http.StatusOK, "orgs", r.Page(site.FacePortal, "face.portal", os))
}

// --- Apps ---

type devAppsData struct {
	Apps []marketplace.App
	// Slug and Name are the new-app form's values, shown again after a
	// refused post.
	Slug, Name string
}

func (p *portal) apps(r *site.Req, o devCtx) error {
	return p.renderApps(r, http.StatusOK, o, devAppsData{}, "")
}

func (p *portal) renderApps(r *site.Req, status int, o devCtx, d devAppsData, msg string) error {
	as, err := p.Market.Apps(r.Context(), o.OrgID)
	if err != nil {
		return err
	}
	d.Apps = as
	return p.render(r, status, "apps", "portal.apps.title", o, d, func(pg *site.Page) { pg.Error = msg })
}

func (p *portal) createApp(r *site.Req, o devCtx) error {
	d := devAppsData{Slug: strings.TrimSpace(r.FormValue("slug")), Name: r.FormValue("name")}
	a, err := p.Market.CreateApp(r.Context(), o.OrgID, d.Slug, d.Name)
	if e, ok := fault.As(err); ok {
		return p.renderApps(r, http.StatusUnprocessableEntity, o, d, e.Message)
	} else if err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/apps/" + a.ID)
}

// appHomeData is an app's start page: the release in brief, the latest
// uploads and whether the sandbox quarantines the app.
type appHomeData struct {
	Release marketplace.ReleaseState
	// Rest is the share of shoppers on the stable version during a gray
	// release.
	Rest     int
	Versions []versionRow
	More     bool // more versions than shown
	Installs int
	// Quarantine is nil when the engine is not wired (no status known).
	Quarantine *quarantineStatus
}

type quarantineStatus struct {
	On                     bool
	Until, Reason, Version string
	Kills, Timeouts        int
}

// appHomeVersions is how many of the latest versions the overview lists.
const appHomeVersions = 3

// appHome is an app's start page; the areas (versions, release, receipts,
// webhooks) fill it with their summaries.
func (p *portal) appHome(r *site.Req, o devCtx) error {
	ctx := r.Context()
	var d appHomeData
	var err error
	if d.Release, err = p.Market.ReleaseState(ctx, o.App.ID); err != nil {
		return err
	}
	d.Rest = 100 - d.Release.Percent
	vs, err := p.Market.Versions(ctx, o.App.ID)
	if err != nil {
		return err
	}
	if len(vs) > appHomeVersions {
		vs, d.More = vs[:appHomeVersions], true
	}
	d.Versions = versionRows(vs, d.Release)
	if d.Installs, err = p.Market.ActiveInstallations(ctx, o.App.ID); err != nil {
		return err
	}
	if p.Quarantine != nil {
		d.Quarantine = &quarantineStatus{}
		for _, q := range p.Quarantine.Quarantined() {
			if q.AppID == o.App.ID {
				d.Quarantine = &quarantineStatus{On: true, Until: q.Until.UTC().Format("2006-01-02 15:04:05 UTC"), Reason: q.LastReason,
					Version: q.Version, Kills: q.Kills, Timeouts: q.Timeouts}
			}
		}
	}
	return p.render(r, http.StatusOK, "app", "portal.app.title", o, d, nil)
}
