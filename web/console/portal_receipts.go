package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/site"
)

// The receipts explorer (/portal/{orgId}/apps/{appId}/receipts, owners and
// developers): the app's event receipts newest first — what `souk logs`
// and GET /api/v1/orgs/{orgId}/apps/{appId}/receipts read (runtime.Engine
// Receipts) — filtered by outcome, event, time range and installation, 50
// a page; a live tail (htmx polls the list every 2 s while the first page
// is shown, so new receipts appear without a reload); per-event usage
// against the limits as charts; and each receipt with its log lines and
// its error's stack, mapped to the TypeScript sources by the sandbox when
// the event ran (sandbox/sourcemap.go).

// Receipts is what the portal reads of the runtime engine's receipts.
type Receipts interface {
	Receipts(ctx context.Context, f runtime.ReceiptFilter) (runtime.ReceiptPage, error)
	Receipt(ctx context.Context, appID, id string) (runtime.Receipt, error)
}

// receiptOutcomes are the outcomes the filter offers (runtime.Receipt).
var receiptOutcomes = []string{"ok", "error", "timeout", "memory_limit", "invalid_view", "unsettled", "too_large", "canceled",
	"killed", "crashed", "quarantined", "overloaded"}

const receiptsPage = 50

type receiptFilterForm struct {
	Outcome, Event, Installation, Since, Until string
}

type receiptRow struct {
	ID, At, Outcome, Event, Version, Installation string
	Wall, CPU, Memory                             string
	HostCalls                                     int
	Failed                                        bool
}

type receiptsData struct {
	Filter   receiptFilterForm
	Outcomes []string
	Rows     []receiptRow
	// Next is the next (older) page's link; Live: the first page, which
	// the live tail refreshes (List is its URL).
	Next, List string
	Live       bool
	Charts     []usageChart
	// Base is the app's receipts path.
	Base string
}

func (p *portal) mountReceipts(app fiber.Router) {
	if p.Receipts == nil {
		return
	}
	dev := site.OrgMember(identity.OrgDeveloper)
	p.Site.Get(app, "/portal/:orgId/apps/:appId/receipts", dev, p.app(devRolesAll, p.receipts))
	p.Site.Get(app, "/portal/:orgId/apps/:appId/receipts/list", dev, p.app(devRolesAll, p.receiptsList))
	p.Site.Get(app, "/portal/:orgId/apps/:appId/receipts/:receiptId", dev, p.app(devRolesAll, p.receipt))
}

func receiptsBase(o devCtx) string { return "/portal/" + o.OrgID + "/apps/" + o.App.ID + "/receipts" }

// receiptFilter reads the filter from the query; a bad time is the error
// to show.
func (p *portal) receiptFilter(r *site.Req, o devCtx) (runtime.ReceiptFilter, receiptFilterForm, string) {
	ff := receiptFilterForm{Outcome: r.Query("outcome"), Event: strings.TrimSpace(r.Query("event")),
		Installation: strings.TrimSpace(r.Query("installation")), Since: r.Query("since"), Until: r.Query("until")}
	f := runtime.ReceiptFilter{AppID: o.App.ID, Outcome: ff.Outcome, Event: ff.Event, InstallationID: ff.Installation,
		Cursor: r.Query("cursor"), Limit: receiptsPage}
	if ff.Outcome != "" && !contains(receiptOutcomes, ff.Outcome) {
		f.Outcome, ff.Outcome = "", ""
	}
	var msg string
	for _, t := range []struct {
		in  string
		out *time.Time
	}{{ff.Since, &f.Since}, {ff.Until, &f.Until}} {
		if t.in == "" {
			continue
		}
		at, err := parseFormTime(t.in)
		if err != nil {
			msg = r.L.T("portal.receipts.bad_time", t.in)
			continue
		}
		*t.out = at
	}
	return f, ff, msg
}

// parseFormTime reads a datetime-local value (UTC) or RFC 3339.
func parseFormTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

func (ff receiptFilterForm) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"outcome": ff.Outcome, "event": ff.Event, "installation": ff.Installation, "since": ff.Since,
		"until": ff.Until} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

func (p *portal) receiptsData(r *site.Req, o devCtx) (receiptsData, string, error) {
	f, ff, msg := p.receiptFilter(r, o)
	d := receiptsData{Filter: ff, Outcomes: receiptOutcomes, Base: receiptsBase(o)}
	pg, err := p.Receipts.Receipts(r.Context(), f)
	if fault.Code(err) == runtime.CodeInvalidCursor {
		f.Cursor = ""
		pg, err = p.Receipts.Receipts(r.Context(), f)
	}
	if err != nil {
		return d, msg, err
	}
	for _, x := range pg.Receipts {
		d.Rows = append(d.Rows, receiptRowOf(x))
	}
	q := ff.query()
	if pg.Next != "" {
		nq := ff.query()
		nq.Set("cursor", pg.Next)
		d.Next = d.Base + "?" + nq.Encode()
	}
	d.Live = f.Cursor == "" && f.Until.IsZero()
	d.List = d.Base + "/list"
	if len(q) > 0 {
		d.List += "?" + q.Encode()
	}
	return d, msg, nil
}

func receiptRowOf(x runtime.Receipt) receiptRow {
	return receiptRow{ID: x.ID, At: x.StartedAt.UTC().Format("2006-01-02 15:04:05.000"), Outcome: x.Outcome, Event: x.Event,
		Version: x.Version, Installation: x.InstallationID, Wall: millis(x.WallMicros), CPU: millis(x.CPUMicros),
		Memory: mebibytes(x.MemoryBytes), HostCalls: x.HostCalls, Failed: x.Outcome != "ok"}
}

func millis(us int64) string { return strconv.FormatFloat(float64(us)/1000, 'f', 1, 64) + " ms" }

func mebibytes(b int64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 2, 64) + " MiB" }

func (p *portal) receipts(r *site.Req, o devCtx) error {
	d, msg, err := p.receiptsData(r, o)
	if err != nil {
		return err
	}
	if d.Charts, err = p.usageCharts(r, o, time.Now()); err != nil {
		return err
	}
	status := http.StatusOK
	if msg != "" {
		status = http.StatusUnprocessableEntity
	}
	return p.render(r, status, "receipts", "portal.receipts.title", o, d, func(pg *site.Page) { pg.Error = msg })
}

// receiptsList is the list alone: what the live tail swaps in.
func (p *portal) receiptsList(r *site.Req, o devCtx) error {
	d, _, err := p.receiptsData(r, o)
	if err != nil {
		return err
	}
	o.Section = "receipts"
	return r.Fragment(p.t, "receipts", "receiptlist", r.Page(site.FacePortal, "portal.receipts.title", portalData{Dev: o, Page: d}))
}

type receiptData struct {
	R    runtime.Receipt
	Row  receiptRow
	Base string
	// Logs are the receipt's lines with their time since the start.
	Logs []receiptLog
}

type receiptLog struct {
	At, Source, Level, Message, Fields string
}

// receipt is one receipt: figures against its limits, logs, error and
// stack (frames mapped to the original sources first).
func (p *portal) receipt(r *site.Req, o devCtx) error {
	x, err := p.Receipts.Receipt(r.Context(), o.App.ID, r.Params("receiptId"))
	if fault.Code(err) == runtime.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d := receiptData{R: x, Row: receiptRowOf(x), Base: receiptsBase(o)}
	for _, l := range x.Logs {
		fields := ""
		if len(l.Fields) > 0 && string(l.Fields) != "null" {
			fields = string(l.Fields)
		}
		d.Logs = append(d.Logs, receiptLog{At: millis(l.AtMicros), Source: l.Source, Level: l.Level, Message: l.Message, Fields: fields})
	}
	return p.render(r, http.StatusOK, "receipt", "portal.receipt.title", o, d, func(pg *site.Page) {
		pg.Title = r.L.T("portal.receipt.title") + " " + x.ID + " · " + o.OrgName + " · " + o.App.Name
	})
}
