package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// Release (/portal/{orgId}/apps/{appId}/release): which version shoppers
// see, as marketplace's release state holds it; a gray release of an
// approved version to a percentage that only rises (a lower number is
// refused and nothing changes), the move to 100 %, and a rollback to one of
// the kept versions; who sees which version, in words; the release
// history. Automatic rollback has its own page (…/autorollback).

type releaseRow struct {
	Version, Action, Actor, At string
	Percent                    int
}

type releaseData struct {
	State marketplace.ReleaseState
	// Rest is the share of shoppers who still see the stable version
	// during a gray release.
	Rest int
	// Releasable are the approved versions newer than the stable one.
	Releasable []string
	Kept       []string
	History    []releaseRow
	// Version and Percent are the release form's values.
	Version, Percent string
	Installs         int
}

func (p *portal) release(r *site.Req, o devCtx) error {
	return p.renderRelease(r, http.StatusOK, o, "", "", "")
}

func (p *portal) renderRelease(r *site.Req, status int, o devCtx, version, percent, msg string) error {
	ctx := r.Context()
	st, err := p.Market.ReleaseState(ctx, o.App.ID)
	if err != nil {
		return err
	}
	d := releaseData{State: st, Version: version, Percent: percent}
	if st.Candidate != "" && st.Stable != "" {
		d.Rest = 100 - st.Percent
	}
	vs, err := p.Market.Versions(ctx, o.App.ID)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.Status == marketplace.StatusApproved && v.Version != st.Stable && (st.Stable == "" || marketplace.CompareVersions(v.Version, st.Stable) > 0) {
			d.Releasable = append(d.Releasable, v.Version)
		}
	}
	if d.Version == "" {
		d.Version = st.Candidate
		if d.Version == "" && len(d.Releasable) > 0 {
			d.Version = d.Releasable[0]
		}
	}
	if d.Percent == "" && st.Candidate != "" {
		d.Percent = strconv.Itoa(st.Percent)
	}
	if d.Kept, err = p.Market.KeptVersions(ctx, o.App.ID); err != nil {
		return err
	}
	hist, err := p.Market.Releases(ctx, o.App.ID)
	if err != nil {
		return err
	}
	for _, e := range hist {
		d.History = append(d.History, releaseRow{Version: e.Version, Action: e.Action, Actor: e.ActorID, At: e.At.UTC().Format("2006-01-02 15:04 UTC"), Percent: e.Percent})
	}
	if d.Installs, err = p.Market.ActiveInstallations(ctx, o.App.ID); err != nil {
		return err
	}
	return p.render(r, status, "release", "portal.release.title", o, d, func(pg *site.Page) {
		pg.Error = msg
		p.noticeFromDone(r, pg)
	})
}

// releaseVersion is marketplace.Release with the form's version and
// percentage. A percentage below the candidate's is refused by marketplace
// (percent_lowered) and nothing changes; the page says so in words.
func (p *portal) releaseVersion(r *site.Req, o devCtx) error {
	version := strings.TrimSpace(r.FormValue("version"))
	typed := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.FormValue("percent")), "%"))
	percent, err := strconv.Atoi(typed)
	if err != nil || percent < 1 || percent > 100 {
		return p.renderRelease(r, http.StatusUnprocessableEntity, o, version, typed, r.L.T("portal.release.bad_percent"))
	}
	before, err := p.Market.ReleaseState(r.Context(), o.App.ID)
	if err != nil {
		return err
	}
	st, err := p.Market.Release(r.Context(), o.App.ID, version, percent, r.UserID())
	if e, ok := fault.As(err); ok {
		msg := e.Message
		switch e.Code {
		case marketplace.CodePercentLowered:
			msg = r.L.T("portal.release.lowered", version, before.Percent, percent)
		case marketplace.CodeNotFound:
			msg = r.L.T("portal.release.no_version", version)
		}
		return p.renderRelease(r, http.StatusConflict, o, version, typed, msg)
	}
	if err != nil {
		return err
	}
	done := "released"
	if st.Stable == version {
		done = "stable"
	}
	return r.SeeOther("/portal/" + o.OrgID + "/apps/" + o.App.ID + "/release?done=" + done)
}

// rollback is marketplace.Rollback to a kept version: at once for every
// shopper; a gray candidate is dropped.
func (p *portal) rollback(r *site.Req, o devCtx) error {
	version := strings.TrimSpace(r.FormValue("version"))
	_, err := p.Market.Rollback(r.Context(), o.App.ID, version, r.UserID())
	if e, ok := fault.As(err); ok {
		return p.renderRelease(r, http.StatusConflict, o, "", "", e.Message)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/portal/" + o.OrgID + "/apps/" + o.App.ID + "/release?done=rolled_back")
}
