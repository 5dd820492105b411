package console

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The operator console (/ops): pages for users with the platform role
// reviewer or admin, over the same services the JSON API under
// /api/v1/review and /api/v1/admin calls. The access policy runs on the
// server for every page and form: the review pages need reviewer (or
// admin), the money pages admin, as the API's Reviewer and Admin policies;
// anyone else gets the 404 page.
//
//	/ops                              the console's start: what waits
//	/ops/review                       versions waiting for review (reviewer)
//	/ops/review/{appId}/{version}     one version: permission diff in words,
//	                                  automatic checks (static-scan findings),
//	                                  the source (original files from the
//	                                  source map), history; approve / reject
//	/ops/ledger                       the ledger check and the order
//	                                  reconciliation, run on a post (admin)
//	/ops/fees?brand=ID                a brand's platform fee: read, set (admin)
//	/ops/shares?org=ID                a developer org's revenue share: read,
//	                                  set (admin; needs commerce)
//	/ops/campaigns                    merchant incentive campaigns: start,
//	                                  stop (admin)
//	/ops/brands                       brand verification requests with
//	                                  their documents: verify, reject;
//	                                  image-reuse flags: dismiss (admin;
//	                                  needs commerce)
//	/ops/orgs?q=…                     organisations by exact id or name:
//	                                  kind, members (admin)
//	/ops/funding?older=MIN            top-ups, withdrawals and payouts still
//	                                  pending after MIN minutes: fail or
//	                                  send to the bank again (admin)
//	/ops/users?q=…                    users by exact email, handle or id, or
//	                                  all by id; platform role, suspend
//	                                  and lift (admin)
//	/ops/quarantine                   apps the sandbox refuses for killing
//	                                  workers: release (admin; this node's
//	                                  pool)
//	/ops/jobs/…                       River's UI over the background jobs:
//	                                  states, errors, retry, cancel, delete
//	                                  (admin; its JSON API under
//	                                  /ops/jobs/api)

type ops struct {
	Deps
	t *site.Templates
}

func mountOps(app *fiber.App, d Deps) {
	p := &ops{Deps: d, t: d.Site.Parse(pagesWithNav("ops"), "templates/ops/*.html")}
	s := d.Site
	reviewer, admin := site.PlatformRole(identity.RoleReviewer), site.PlatformRole(identity.RoleAdmin)
	s.Get(app, "/ops", reviewer, p.home)
	if d.Market != nil {
		s.Get(app, "/ops/review", reviewer, p.queue)
		s.Get(app, "/ops/review/:appId/:version", reviewer, p.version)
		s.Post(app, "/ops/review/:appId/:version/approve", reviewer, p.approve)
		s.Post(app, "/ops/review/:appId/:version/reject", reviewer, p.reject)
	}
	if d.Payments != nil {
		s.Get(app, "/ops/ledger", admin, p.ledger)
		s.Post(app, "/ops/ledger", admin, p.runLedger)
		s.Get(app, "/ops/fees", admin, p.fees)
		s.Post(app, "/ops/fees/:brandId", admin, p.setFee)
		s.Get(app, "/ops/funding", admin, p.funding)
		s.Post(app, "/ops/funding/:opId/fail", admin, p.failFunding)
		s.Post(app, "/ops/funding/:opId/retry", admin, p.retryFunding)
		s.Get(app, "/ops/campaigns", admin, p.campaigns)
		s.Post(app, "/ops/campaigns", admin, p.createCampaign)
		s.Post(app, "/ops/campaigns/:campaignId/status", admin, p.setCampaignStatus)
		s.Get(app, "/ops/fx", admin, p.fx)
		s.Post(app, "/ops/fx/rates", admin, p.recordFXRate)
	}
	if d.Credit != nil {
		s.Get(app, "/ops/credit", admin, p.creditExposure)
	}
	if d.Commerce != nil {
		s.Get(app, "/ops/shares", admin, p.shares)
		s.Post(app, "/ops/shares/:orgId", admin, p.setShare)
		s.Get(app, "/ops/brands", admin, p.brands)
		s.Get(app, "/ops/brands/doc", admin, p.brandDoc)
		s.Post(app, "/ops/brands/:id/review", admin, p.reviewBrand)
		s.Post(app, "/ops/brands/flags/:id/dismiss", admin, p.dismissFlag)
	}
	s.Get(app, "/ops/orgs", admin, p.orgs)
	s.Get(app, "/ops/users", admin, p.users)
	s.Post(app, "/ops/users/:userId/role", admin, p.setRole)
	s.Post(app, "/ops/users/:userId/suspend", admin, p.suspend(true))
	s.Post(app, "/ops/users/:userId/unsuspend", admin, p.suspend(false))
	if d.Quarantine != nil {
		s.Get(app, "/ops/quarantine", admin, p.quarantine)
		s.Post(app, "/ops/quarantine/:appId/release", admin, p.releaseQuarantine)
	}
	if d.Jobs != nil {
		s.HTTP(app, "/ops/jobs", site.UICSP, admin, d.Jobs)
	}
}

// opsCtx is what the navigation needs on every operator page.
type opsCtx struct {
	Admin                      bool
	Review, Ledger, Quarantine bool // which sections are mounted
	Jobs, Shares, Credit       bool
	Section                    string
}

type opsData struct {
	Ops  opsCtx
	Page any
}

func (p *ops) render(r *site.Req, status int, name, titleKey string, data any, edit func(*site.Page)) error {
	c := opsCtx{Admin: r.Caller.User.PlatformRole == identity.RoleAdmin, Review: p.Market != nil,
		Ledger: p.Payments != nil, Quarantine: p.Quarantine != nil, Jobs: p.Jobs != nil,
		Shares: p.Commerce != nil, Credit: p.Credit != nil, Section: name}
	pg := r.Page(site.FaceOperator, titleKey, opsData{Ops: c, Page: data})
	if edit != nil {
		edit(&pg)
	}
	return r.Render(p.t, status, name, pg)
}

// --- Start ---

type homeData struct {
	Waiting int
}

func (p *ops) home(r *site.Req) error {
	var d homeData
	if p.Market != nil {
		q, err := p.Market.ReviewQueue(r.Context())
		if err != nil {
			return err
		}
		d.Waiting = len(q)
	}
	return p.render(r, http.StatusOK, "home", "face.operator", d, nil)
}

// --- Review queue ---

type queueRow struct {
	AppID, AppName, Version string
	Submitted               string
	SubmittedBy             string
	Added                   []string
}

func (p *ops) queue(r *site.Req) error {
	q, err := p.Market.ReviewQueue(r.Context())
	if err != nil {
		return err
	}
	rows := make([]queueRow, 0, len(q))
	names := map[string]string{}
	for _, v := range q {
		name, ok := names[v.AppID]
		if !ok {
			if a, err := p.Market.App(r.Context(), v.AppID); err == nil {
				name = a.Name
			} else {
				name = v.AppID
			}
			names[v.AppID] = name
		}
		row := queueRow{AppID: v.AppID, AppName: name, Version: v.Version, SubmittedBy: v.SubmittedBy, Added: v.PermissionsAdded}
		if v.SubmittedAt != nil {
			row.Submitted = v.SubmittedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		rows = append(rows, row)
	}
	return p.render(r, http.StatusOK, "queue", "ops.review.title", rows, nil)
}

// --- One version ---

type versionPage struct {
	App       marketplace.App
	V         marketplace.Version
	Perms     []string
	Added     []string
	Removed   []string
	Base      string
	Checks    []marketplace.Check
	Findings  []marketplace.Check // the static scan's findings (failed static_scan checks)
	Source    marketplace.VersionSource
	SourceErr bool
	History   []historyRow
	InReview  bool
	Reasons   []string
	Chosen    map[string]bool
	Message   string
	Submitted string
}

type historyRow struct {
	Action, Actor, At, Message string
	Reasons                    []string
}

func (p *ops) loadVersion(r *site.Req) (versionPage, bool, error) {
	appID, ver := r.Params("appId"), r.Params("version")
	var d versionPage
	a, err := p.Market.App(r.Context(), appID)
	if isNotFound(err) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	v, err := p.Market.Version(r.Context(), appID, ver)
	if isNotFound(err) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.App, d.V = a, v
	d.Perms = v.Permissions()
	d.Added, d.Removed, d.Base = v.PermissionsAdded, v.PermissionsRemoved, v.PermissionsBase
	for _, c := range v.Checks {
		if c.Check == "static_scan" && !c.OK {
			d.Findings = append(d.Findings, c)
		}
	}
	d.Checks = v.Checks
	if v.SubmittedAt != nil {
		d.Submitted = v.SubmittedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	if d.Source, err = p.Market.Source(r.Context(), appID, ver); err != nil {
		// The page still serves the decision; the reviewer is told the
		// source could not be read.
		d.SourceErr = true
	}
	evs, err := p.Market.VersionEvents(r.Context(), appID, ver)
	if err != nil {
		return d, false, err
	}
	for _, e := range evs {
		d.History = append(d.History, historyRow{Action: e.Action, Actor: e.ActorID, At: e.At.UTC().Format("2006-01-02 15:04 UTC"), Message: e.Message, Reasons: e.Reasons})
	}
	d.InReview = v.Status == marketplace.StatusInReview
	d.Reasons = marketplace.RejectReasons
	d.Chosen = map[string]bool{}
	return d, true, nil
}

func isNotFound(err error) bool {
	var fe *fault.Error
	return errors.As(err, &fe) && fe.Code == marketplace.CodeNotFound
}

func (p *ops) version(r *site.Req) error {
	d, ok, err := p.loadVersion(r)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	return p.renderVersion(r, http.StatusOK, d, nil)
}

func (p *ops) renderVersion(r *site.Req, status int, d versionPage, edit func(*site.Page)) error {
	return p.render(r, status, "version", "ops.review.version", d, func(pg *site.Page) {
		pg.Title = d.App.Name + " " + d.V.Version + " · " + pg.Title
		if edit != nil {
			edit(pg)
		}
	})
}

// decided answers a review move: the version again with a notice, or the
// service's refusal (wrong status, bad reason or message) as the page's
// alert with what was typed kept.
func (p *ops) decided(r *site.Req, d versionPage, err error, noticeKey string) error {
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Code != marketplace.CodeNotFound {
		status := http.StatusUnprocessableEntity
		if fe.Code == marketplace.CodeInvalidTransition {
			status = http.StatusConflict
		}
		return p.renderVersion(r, status, d, func(pg *site.Page) { pg.Error = fe.Message })
	}
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	fresh, ok, err := p.loadVersion(r)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	return p.renderVersion(r, http.StatusOK, fresh, func(pg *site.Page) {
		pg.Notice = r.L.T(noticeKey, fresh.App.Name, fresh.V.Version)
	})
}

func (p *ops) approve(r *site.Req) error {
	d, ok, err := p.loadVersion(r)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	d.Message = strings.TrimSpace(r.FormValue("message"))
	_, err = p.Market.Approve(r.Context(), d.App.ID, d.V.Version, r.UserID(), d.Message)
	return p.decided(r, d, err, "ops.review.approved")
}

func (p *ops) reject(r *site.Req) error {
	d, ok, err := p.loadVersion(r)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	var reasons []string
	for _, raw := range r.Request().PostArgs().PeekMulti("reason") {
		code := string(raw)
		if !slices.Contains(reasons, code) {
			reasons = append(reasons, code)
		}
		d.Chosen[code] = true
	}
	d.Message = strings.TrimSpace(r.FormValue("message"))
	_, err = p.Market.Reject(r.Context(), d.App.ID, d.V.Version, r.UserID(), reasons, d.Message)
	return p.decided(r, d, err, "ops.review.rejected")
}

// --- Ledger check and order reconciliation (admin) ---

type ledgerPage struct {
	Ran        bool
	At         string
	OK         bool
	Ledger     ledger.Report
	Currencies []currencyRow
	Orders     payments.Reconciliation
}

type currencyRow struct {
	Currency                string
	Posted, Pending, Volume string
}

func (p *ops) ledger(r *site.Req) error {
	return p.render(r, http.StatusOK, "ledger", "ops.ledger.title", ledgerPage{}, nil)
}

// runLedger runs the same check GET /api/v1/admin/ledger/check answers:
// the ledger's invariants and the reconciliation of every order and
// payment request against what the ledger moved for it.
func (p *ops) runLedger(r *site.Req) error {
	rep, err := p.Payments.LedgerCheck(r.Context())
	if err != nil {
		return err
	}
	var rec payments.Reconciliation
	if p.Commerce != nil {
		rec, err = p.Commerce.ReconcileOrders(r.Context())
	} else {
		rec, err = p.Payments.Reconcile(r.Context(), nil)
	}
	if err != nil {
		return err
	}
	d := ledgerPage{Ran: true, At: time.Now().UTC().Format("2006-01-02 15:04:05 UTC"), OK: rep.OK && rec.OK, Ledger: rep, Orders: rec}
	for c, t := range rep.Currencies {
		row := currencyRow{Currency: c, Posted: strconv.FormatInt(t.Posted, 10), Pending: strconv.FormatInt(t.Pending, 10), Volume: strconv.FormatInt(t.Volume, 10)}
		if cur, err := money.Lookup(c); err == nil {
			row.Posted, row.Pending, row.Volume = money.Format(cur, money.Amount(t.Posted)), money.Format(cur, money.Amount(t.Pending)), money.Format(cur, money.Amount(t.Volume))
		}
		d.Currencies = append(d.Currencies, row)
	}
	sort.Slice(d.Currencies, func(i, j int) bool { return d.Currencies[i].Currency < d.Currencies[j].Currency })
	return p.render(r, http.StatusOK, "ledger", "ops.ledger.title", d, nil)
}

// --- Stuck funding operations (admin) ---

// defaultStuckMinutes is how long an operation may stay pending before the
// funding page lists it, unless the operator asks for another threshold.
const defaultStuckMinutes = 30

type fundingRow struct {
	ID, Kind, OwnerID, Amount, Created, Age, BankRef string
}

type fundingPage struct {
	Older string
	Ops   []fundingRow
}

func (p *ops) stuck(r *site.Req, older string) (fundingPage, error) {
	d := fundingPage{Older: strings.TrimSpace(older)}
	minutes := int64(defaultStuckMinutes)
	if d.Older != "" {
		n, err := strconv.ParseInt(d.Older, 10, 64)
		if err != nil || n < 0 || n > 60*24*365 {
			return d, errBadThreshold
		}
		minutes = n
	}
	d.Older = strconv.FormatInt(minutes, 10)
	list, err := p.Payments.StuckFunding(r.Context(), time.Duration(minutes)*time.Minute, 200)
	if err != nil {
		return d, err
	}
	now := time.Now()
	for _, op := range list {
		row := fundingRow{ID: op.ID, Kind: op.Kind, OwnerID: op.OwnerID, BankRef: op.BankRef,
			Amount: strconv.FormatInt(int64(op.Amount), 10) + " " + op.Currency}
		if cur, err := money.Lookup(op.Currency); err == nil {
			row.Amount = money.Format(cur, op.Amount) + " " + op.Currency
		}
		created := time.UnixMicro(op.CreatedAt)
		row.Created = created.UTC().Format("2006-01-02 15:04 UTC")
		row.Age = now.Sub(created).Truncate(time.Minute).String()
		d.Ops = append(d.Ops, row)
	}
	return d, nil
}

var errBadThreshold = errors.New("bad threshold")

func (p *ops) renderFunding(r *site.Req, status int, older string, edit func(*site.Page)) error {
	d, err := p.stuck(r, older)
	if errors.Is(err, errBadThreshold) {
		status = http.StatusUnprocessableEntity
		edit = func(pg *site.Page) { pg.Error = r.L.T("ops.funding.bad_older") }
	} else if err != nil {
		return err
	}
	return p.render(r, status, "funding", "ops.funding.title", d, edit)
}

func (p *ops) funding(r *site.Req) error {
	return p.renderFunding(r, http.StatusOK, r.Query("older"), nil)
}

// fundingDone answers a fail or retry: the list again (with the threshold
// the operator was looking at) and a notice, or the service's refusal.
func (p *ops) fundingDone(r *site.Req, op payments.FundingOp, err error, noticeKey string) error {
	var fe *fault.Error
	if errors.As(err, &fe) {
		if fe.Code == payments.ErrFundingNotFound.Code {
			return r.NotFound()
		}
		status := http.StatusConflict
		if fe.Code == payments.ErrFundingUnavailable.Code {
			status = http.StatusServiceUnavailable
		}
		return p.renderFunding(r, status, r.FormValue("older"), func(pg *site.Page) { pg.Error = fe.Message })
	}
	if err != nil {
		return err
	}
	return p.renderFunding(r, http.StatusOK, r.FormValue("older"), func(pg *site.Page) { pg.Notice = r.L.T(noticeKey, op.ID) })
}

func (p *ops) failFunding(r *site.Req) error {
	reason := strings.TrimSpace(r.FormValue("reason"))
	if len(reason) > 500 { // the API's limit
		return p.renderFunding(r, http.StatusUnprocessableEntity, r.FormValue("older"), func(pg *site.Page) { pg.Error = r.L.T("ops.funding.long_reason") })
	}
	op, err := p.Payments.FailFunding(r.Context(), r.Params("opId"), r.UserID(), reason)
	return p.fundingDone(r, op, err, "ops.funding.failed")
}

func (p *ops) retryFunding(r *site.Req) error {
	op, err := p.Payments.RetryFunding(r.Context(), r.Params("opId"))
	return p.fundingDone(r, op, err, "ops.funding.retried")
}

// --- Quarantined apps (admin) ---

type quarantineRow struct {
	AppID, AppName, Version, Until, Score, Reason string
	Kills, Timeouts                               int
}

func (p *ops) renderQuarantine(r *site.Req, status int, edit func(*site.Page)) error {
	var rows []quarantineRow
	for _, q := range p.Quarantine.Quarantined() {
		if q.AppID == "" {
			continue // anonymous bundles (no app) are not the console's
		}
		row := quarantineRow{AppID: q.AppID, AppName: q.AppID, Version: q.Version, Until: q.Until.UTC().Format("2006-01-02 15:04:05 UTC"),
			Score: strconv.FormatFloat(q.Score, 'f', 2, 64), Reason: q.LastReason, Kills: q.Kills, Timeouts: q.Timeouts}
		if p.Market != nil {
			if a, err := p.Market.App(r.Context(), q.AppID); err == nil {
				row.AppName = a.Name
			}
		}
		rows = append(rows, row)
	}
	return p.render(r, status, "quarantine", "ops.quarantine.title", rows, edit)
}

func (p *ops) quarantine(r *site.Req) error {
	return p.renderQuarantine(r, http.StatusOK, nil)
}

func (p *ops) releaseQuarantine(r *site.Req) error {
	appID := r.Params("appId")
	if !p.Quarantine.ReleaseQuarantine(appID) {
		return p.renderQuarantine(r, http.StatusConflict, func(pg *site.Page) { pg.Error = r.L.T("ops.quarantine.not_quarantined", appID) })
	}
	return p.renderQuarantine(r, http.StatusOK, func(pg *site.Page) { pg.Notice = r.L.T("ops.quarantine.released", appID) })
}

// --- Users and platform roles (admin) ---

const usersPerPage = 50

type userRow struct {
	identity.User
	Handle  string
	Created string
	Orgs    []identity.Membership
	// Suspended says since when and by whom, "" when not suspended.
	Suspended, SuspendedBy string
	Self                   bool // the signed-in operator
}

type usersPage struct {
	Q     string
	Found bool // a search ran (Users then holds its one match, or none)
	Users []userRow
	Next  string
	Roles []string
}

func (p *ops) userRow(r *site.Req, u identity.User) (userRow, error) {
	row := userRow{User: u, Created: u.CreatedAt.UTC().Format("2006-01-02")}
	var err error
	if row.Orgs, err = p.Identity.Memberships(r.Context(), u.ID); err != nil {
		return row, err
	}
	if pr, err := p.Identity.Profile(r.Context(), u.ID); err == nil {
		row.Handle = pr.Handle
	}
	sus, err := p.Identity.SuspensionOf(r.Context(), u.ID)
	if err != nil {
		return row, err
	}
	if sus.Suspended {
		row.Suspended, row.SuspendedBy = sus.At.UTC().Format("2006-01-02 15:04 UTC"), sus.By
	}
	row.Self = u.ID == r.UserID()
	return row, nil
}

// findUser looks a user up by whole email, handle (with or without @) or
// id, as identity matches them: never by part of one.
func (p *ops) findUser(r *site.Req, q string) (identity.User, bool, error) {
	lookups := []func() (identity.User, error){
		func() (identity.User, error) { return p.Identity.UserByID(r.Context(), q) },
		func() (identity.User, error) { return p.Identity.UserByEmail(r.Context(), q) },
		func() (identity.User, error) { return p.Identity.UserByHandle(r.Context(), strings.TrimPrefix(q, "@")) },
	}
	for _, look := range lookups {
		u, err := look()
		if err == nil {
			return u, true, nil
		}
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.NotFound && fe.Kind != fault.Invalid {
			return u, false, err
		}
	}
	return identity.User{}, false, nil
}

func (p *ops) renderUsers(r *site.Req, status int, q, after string, edit func(*site.Page)) error {
	d := usersPage{Q: strings.TrimSpace(q), Roles: []string{"", identity.RoleReviewer, identity.RoleAdmin}}
	if d.Q != "" {
		d.Found = true
		u, ok, err := p.findUser(r, d.Q)
		if err != nil {
			return err
		}
		if ok {
			row, err := p.userRow(r, u)
			if err != nil {
				return err
			}
			d.Users = append(d.Users, row)
		}
	} else {
		list, err := p.Identity.ListUsers(r.Context(), after, usersPerPage)
		if err != nil {
			return err
		}
		for _, u := range list {
			row, err := p.userRow(r, u)
			if err != nil {
				return err
			}
			d.Users = append(d.Users, row)
		}
		if len(list) == usersPerPage {
			d.Next = "/ops/users?after=" + url.QueryEscape(list[len(list)-1].ID)
		}
	}
	return p.render(r, status, "users", "ops.users.title", d, edit)
}

func (p *ops) users(r *site.Req) error {
	return p.renderUsers(r, http.StatusOK, r.Query("q"), r.Query("after"), nil)
}

// setRole is PUT /api/v1/admin/users/{userId}/role for the page.
func (p *ops) setRole(r *site.Req) error {
	id, role := r.Params("userId"), r.FormValue("role")
	err := p.Identity.SetPlatformRole(r.Context(), id, role)
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Kind == fault.NotFound {
		return r.NotFound()
	}
	if errors.As(err, &fe) {
		return p.renderUsers(r, http.StatusUnprocessableEntity, r.FormValue("q"), "", func(pg *site.Page) { pg.Error = fe.Message })
	}
	if err != nil {
		return err
	}
	return p.renderUsers(r, http.StatusOK, r.FormValue("q"), "", func(pg *site.Page) {
		pg.Notice = r.L.T("ops.users.role_set", id, r.L.T("ops.users.role."+role))
	})
}

// suspend suspends (on) or lifts the suspension of (off) a user through
// identity.Suspend / Unsuspend: the user's sessions end at once and their
// tokens stop working while suspended.
func (p *ops) suspend(on bool) site.Handler {
	return func(r *site.Req) error {
		id := r.Params("userId")
		var err error
		key := "ops.users.unsuspended"
		if on {
			err, key = p.Identity.Suspend(r.Context(), id, r.UserID()), "ops.users.suspended_now"
		} else {
			err = p.Identity.Unsuspend(r.Context(), id)
		}
		var fe *fault.Error
		if errors.As(err, &fe) && fe.Kind == fault.NotFound {
			return r.NotFound()
		}
		if errors.As(err, &fe) {
			return p.renderUsers(r, http.StatusConflict, r.FormValue("q"), "", func(pg *site.Page) { pg.Error = fe.Message })
		}
		if err != nil {
			return err
		}
		return p.renderUsers(r, http.StatusOK, r.FormValue("q"), "", func(pg *site.Page) { pg.Notice = r.L.T(key, id) })
	}
}

// --- Fees per brand (admin) ---

type feePage struct {
	BrandID string
	Brand   *identity.Org
	Percent string // the fee as a percentage (or what was typed)
}

func (p *ops) renderFees(r *site.Req, status int, brandID, typed string, edit func(*site.Page)) error {
	d := feePage{BrandID: strings.TrimSpace(brandID)}
	if d.BrandID != "" {
		org, err := p.Identity.Org(r.Context(), d.BrandID)
		var fe *fault.Error
		if err != nil && !(errors.As(err, &fe) && fe.Kind == fault.NotFound) {
			return err
		}
		if err == nil && org.Kind == identity.OrgBrand {
			d.Brand = &org
			bps, err := p.Payments.BrandFee(r.Context(), org.ID)
			if err != nil {
				return err
			}
			d.Percent = bpsPercent(int64(bps))
			if typed != "" {
				d.Percent = typed
			}
		}
	}
	return p.render(r, status, "fees", "ops.fees.title", d, edit)
}

func (p *ops) fees(r *site.Req) error {
	return p.renderFees(r, http.StatusOK, r.Query("brand"), "", nil)
}

// setFee is PUT /api/v1/admin/brands/{brandId}/fee for the page, given as
// a percentage with up to two decimals (basis points underneath).
func (p *ops) setFee(r *site.Req) error {
	id := r.Params("brandId")
	org, err := p.Identity.Org(r.Context(), id)
	var fe *fault.Error
	if (errors.As(err, &fe) && fe.Kind == fault.NotFound) || (err == nil && org.Kind != identity.OrgBrand) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	typed := strings.TrimSpace(r.FormValue("percent"))
	bps, ok := parsePercent(typed)
	if !ok {
		return p.renderFees(r, http.StatusUnprocessableEntity, id, typed, func(pg *site.Page) { pg.Error = r.L.T("ops.fees.bad") })
	}
	if err := p.Payments.SetBrandFee(r.Context(), id, money.Bps(bps)); err != nil {
		return err
	}
	return p.renderFees(r, http.StatusOK, id, "", func(pg *site.Page) { pg.Notice = r.L.T("ops.fees.saved", org.Name, bpsPercent(bps)) })
}
