package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// Automatic rollback (/portal/{orgId}/apps/{appId}/autorollback): the
// app's rules (on or off, the margin in percentage points, the minimum
// events per version), the live comparison of a gray release with the
// stable version (htmx asks for the figures block again every 5 s) and
// the automatic rollbacks so far with their figures. The navigation shows
// it under Release.

type metricRow struct {
	Metric                         string // errors, timeouts, payment_failures
	Candidate, Stable, Difference  string // "30.00%"
	CandidateOf, StableOf, Minimum int
	Compared, Exceeded             bool
}

type figuresView struct {
	Candidate, Stable string
	Since, At         string
	Rows              []metricRow
}

func figuresViewOf(f *marketplace.AutoRollbackFigures) *figuresView {
	if f == nil {
		return nil
	}
	v := &figuresView{Candidate: f.Candidate.Version, Stable: f.Stable.Version,
		Since: f.Since.UTC().Format("2006-01-02 15:04:05 UTC"), At: f.At.UTC().Format("2006-01-02 15:04:05 UTC")}
	for _, m := range f.Metrics {
		v.Rows = append(v.Rows, metricRow{Metric: m.Metric, Candidate: bpPercent(m.CandidateBP), Stable: bpPercent(m.StableBP),
			Difference: bpPoints(m.DifferenceBP), CandidateOf: m.CandidateOf, StableOf: m.StableOf, Minimum: m.MinimumEvents,
			Compared: m.Compared, Exceeded: m.Exceeded})
	}
	return v
}

// bpPercent formats basis points as a percentage with two decimals.
func bpPercent(bp int) string { return fmt.Sprintf("%d.%02d%%", bp/100, bp%100) }

// bpPoints formats a difference in basis points as signed percentage points.
func bpPoints(bp int) string {
	sign := "+"
	if bp < 0 {
		sign, bp = "−", -bp
	}
	return fmt.Sprintf("%s%d.%02d", sign, bp/100, bp%100)
}

type autoRollbackEntry struct {
	At, Candidate, Stable, Reason string
	Figures                       *figuresView
}

type autoRollbackData struct {
	Rules   marketplace.AutoRollbackRules
	Default bool // the app runs with the defaults
	Now     *figuresView
	History []autoRollbackEntry
	// Margin and MinEvents are the form's values (shown again after a
	// refused post).
	Margin, MinEvents string
	Enabled           bool
}

func (p *portal) autoRollback(r *site.Req, o devCtx) error {
	return p.renderAutoRollback(r, http.StatusOK, o, nil, "", r.Query("saved") == "1")
}

func (p *portal) renderAutoRollback(r *site.Req, status int, o devCtx, form *autoRollbackData, msg string, saved bool) error {
	st, err := p.Market.AutoRollbackStatus(r.Context(), o.App.ID)
	if err != nil {
		return err
	}
	d := autoRollbackData{Rules: st.Rules, Default: st.Rules.UpdatedAt == nil, Now: figuresViewOf(st.Comparison),
		Margin: strconv.Itoa(st.Rules.MarginPoints), MinEvents: strconv.Itoa(st.Rules.MinEvents), Enabled: st.Rules.Enabled}
	if form != nil {
		d.Margin, d.MinEvents, d.Enabled = form.Margin, form.MinEvents, form.Enabled
	}
	for _, e := range st.History {
		row := autoRollbackEntry{At: e.At.UTC().Format("2006-01-02 15:04:05 UTC"), Stable: e.Version, Reason: e.Reason, Figures: figuresViewOf(e.Figures)}
		if e.Figures != nil {
			row.Candidate = e.Figures.Candidate.Version
		}
		d.History = append(d.History, row)
	}
	if r.Get("HX-Request") == "true" && r.Query("figures") == "1" {
		o.Section = "autorollback"
		return r.Fragment(p.t, "autorollback", "figures", r.Page(site.FacePortal, "portal.autorollback.title", portalData{Dev: o, Page: d}))
	}
	return p.render(r, status, "autorollback", "portal.autorollback.title", o, d, func(pg *site.Page) {
		pg.Error = msg
		if saved {
			pg.Notice = r.L.T("portal.autorollback.saved")
		}
	})
}

func (p *portal) setAutoRollback(r *site.Req, o devCtx) error {
	form := &autoRollbackData{Margin: strings.TrimSpace(r.FormValue("margin")), MinEvents: strings.TrimSpace(r.FormValue("min_events")),
		Enabled: r.FormValue("enabled") == "on"}
	margin, err1 := strconv.Atoi(form.Margin)
	minEvents, err2 := strconv.Atoi(form.MinEvents)
	if err1 != nil || err2 != nil {
		return p.renderAutoRollback(r, http.StatusUnprocessableEntity, o, form, r.L.T("portal.autorollback.whole_numbers"), false)
	}
	_, err := p.Market.SetAutoRollback(r.Context(), o.App.ID, marketplace.AutoRollbackRules{Enabled: form.Enabled, MarginPoints: margin, MinEvents: minEvents}, r.UserID())
	if e, ok := fault.As(err); ok {
		return p.renderAutoRollback(r, http.StatusUnprocessableEntity, o, form, e.Message, false)
	} else if err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/apps/" + o.App.ID + "/autorollback?saved=1")
}
