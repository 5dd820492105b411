package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-sourcemap/sourcemap"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/web/site"
)

// Versions (/portal/{orgId}/apps/{appId}/versions): every upload of the app
// with its status, and the upload itself — a drop zone that is a plain
// labelled file input in a multipart form, so it works without script and
// from the keyboard; browsers take a dropped file on the input as a pick.
// One version (…/versions/{version}) shows what marketplace recorded at
// upload: the automatic checks, static-scan findings at the original
// source line (through the bundle's source map), the permission diff
// against the released version (information, not a failure: on a first
// upload everything is new), submit and withdraw, and the reviewer's
// decision with reason codes in words and the message.

type versionRow struct {
	Version, Status, Uploaded string
	// Release is "stable", "gray" or "" (not out).
	Release string
	Percent int
}

type versionsData struct {
	Rows []versionRow
}

func (p *portal) versions(r *site.Req, o devCtx) error {
	return p.renderVersions(r, http.StatusOK, o, "")
}

func (p *portal) renderVersions(r *site.Req, status int, o devCtx, msg string) error {
	vs, err := p.Market.Versions(r.Context(), o.App.ID)
	if err != nil {
		return err
	}
	st, err := p.Market.ReleaseState(r.Context(), o.App.ID)
	if err != nil {
		return err
	}
	d := versionsData{Rows: versionRows(vs, st)}
	return p.render(r, status, "versions", "portal.versions.title", o, d, func(pg *site.Page) {
		pg.Error = msg
		p.noticeFromDone(r, pg)
	})
}

// versionRows lists versions (newest upload first, as marketplace gives
// them) with where the release has them.
func versionRows(vs []marketplace.Version, st marketplace.ReleaseState) []versionRow {
	rows := make([]versionRow, 0, len(vs))
	for _, v := range vs {
		row := versionRow{Version: v.Version, Status: v.Status, Uploaded: v.CreatedAt.UTC().Format("2006-01-02 15:04 UTC")}
		switch v.Version {
		case st.Stable:
			row.Release = "stable"
		case st.Candidate:
			row.Release, row.Percent = "gray", st.Percent
		}
		rows = append(rows, row)
	}
	return rows
}

// uploadVersion takes the archive of the form's file input to
// marketplace.UploadVersion; a refusal (not a souk build archive, wrong
// name, version exists, too large) is the page's alert.
func (p *portal) uploadVersion(r *site.Req, o devCtx) error {
	fh, err := r.FormFile("bundle")
	if err != nil {
		return p.renderVersions(r, http.StatusUnprocessableEntity, o, r.L.T("portal.versions.no_file"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	v, err := p.Market.UploadVersion(r.Context(), o.App.ID, f, fh.Size)
	if e, ok := fault.As(err); ok {
		return p.renderVersions(r, http.StatusUnprocessableEntity, o, r.L.T("portal.versions.refused", e.Message))
	}
	if err != nil {
		return err
	}
	return r.SeeOther(versionURL(o, v.Version) + "?done=uploaded")
}

func versionURL(o devCtx, version string) string {
	return "/portal/" + o.OrgID + "/apps/" + o.App.ID + "/versions/" + url.PathEscape(version)
}

// --- One version ---

type checkRow struct {
	marketplace.Check
	// Info: the permission diff, which informs and never fails.
	Info bool
	// Where is a static-scan finding's place in the original source
	// ("main.ts:3:5"), Line that source line; both "" when unmapped.
	Where, Line string
}

type versionData struct {
	V                      marketplace.Version
	Perms, Added, Removed  []string
	Base                   string
	Checks                 []checkRow
	Failed                 int // failed checks (the permission diff is not one)
	History                []historyRow
	CanSubmit, CanWithdraw bool
	Release                string // "stable", "gray" or ""
	Percent                int
}

func (p *portal) loadVersion(r *site.Req, o devCtx) (versionData, bool, error) {
	var d versionData
	v, err := p.Market.Version(r.Context(), o.App.ID, r.Params("version"))
	if fault.Code(err) == marketplace.CodeNotFound {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.V, d.Perms, d.Added, d.Removed, d.Base = v, v.Permissions(), v.PermissionsAdded, v.PermissionsRemoved, v.PermissionsBase
	var mapper *findingMapper
	for _, c := range v.Checks {
		row := checkRow{Check: c, Info: c.Check == "permission_diff"}
		if !c.OK && !row.Info {
			d.Failed++
		}
		if c.Check == "static_scan" && !c.OK {
			if mapper == nil {
				mapper = &findingMapper{}
				if src, err := p.Market.Source(r.Context(), v.AppID, v.Version); err == nil {
					mapper = newFindingMapper(src)
				}
			}
			row.Where, row.Line = mapper.locate(c.Message)
		}
		d.Checks = append(d.Checks, row)
	}
	evs, err := p.Market.VersionEvents(r.Context(), v.AppID, v.Version)
	if err != nil {
		return d, false, err
	}
	for _, e := range evs {
		d.History = append(d.History, historyRow{Action: e.Action, Actor: e.ActorID, At: e.At.UTC().Format("2006-01-02 15:04 UTC"), Message: e.Message, Reasons: e.Reasons})
	}
	d.CanSubmit, d.CanWithdraw = v.Status == marketplace.StatusReady, v.Status == marketplace.StatusInReview
	st, err := p.Market.ReleaseState(r.Context(), v.AppID)
	if err != nil {
		return d, false, err
	}
	switch v.Version {
	case st.Stable:
		d.Release = "stable"
	case st.Candidate:
		d.Release, d.Percent = "gray", st.Percent
	}
	return d, true, nil
}

func (p *portal) version(r *site.Req, o devCtx) error {
	return p.renderVersion(r, http.StatusOK, o, "")
}

func (p *portal) renderVersion(r *site.Req, status int, o devCtx, msg string) error {
	d, ok, err := p.loadVersion(r, o)
	if err != nil {
		return err
	}
	if !ok {
		return r.NotFound()
	}
	return p.render(r, status, "version", "portal.version.title", o, d, func(pg *site.Page) {
		pg.Title = d.V.Version + " · " + pg.Title
		pg.Error = msg
		p.noticeFromDone(r, pg)
	})
}

// moveVersion is submit or withdraw: marketplace refuses a move from the
// wrong status (invalid_transition), which the page explains.
func (p *portal) moveVersion(submit bool) orgHandler {
	return func(r *site.Req, o devCtx) error {
		move, done := p.Market.Withdraw, "withdrawn"
		if submit {
			move, done = p.Market.Submit, "submitted"
		}
		v, err := move(r.Context(), o.App.ID, r.Params("version"), r.UserID())
		if fault.Code(err) == marketplace.CodeNotFound {
			return r.NotFound()
		}
		if e, ok := fault.As(err); ok {
			return p.renderVersion(r, http.StatusConflict, o, e.Message)
		}
		if err != nil {
			return err
		}
		return r.SeeOther(versionURL(o, v.Version) + "?done=" + done)
	}
}

// portalDone are the notices a portal page shows after a redirect
// (?done=…), each a key portal.done.{name}.
var portalDone = map[string]bool{"uploaded": true, "submitted": true, "withdrawn": true, "released": true, "stable": true,
	"rolled_back": true, "member_added": true, "member_role": true, "member_removed": true}

// noticeFromDone sets the page's notice from ?done= when it names one of portalDone.
func (p *portal) noticeFromDone(r *site.Req, pg *site.Page) {
	if done := r.Query("done"); portalDone[done] {
		pg.Notice = r.L.T("portal.done." + done)
	}
}

// --- Static-scan findings at their source line ---

// findingMapper maps the app.js positions of static-scan findings to the
// original sources through the bundle's source map, as souk build and
// souk publish print them.
type findingMapper struct {
	sm      *sourcemap.Consumer
	script  []string
	content map[string][]string
}

func newFindingMapper(src marketplace.VersionSource) *findingMapper {
	m := &findingMapper{script: strings.Split(src.Script, "\n"), content: map[string][]string{}}
	for _, f := range src.Sources {
		m.content[f.Name] = strings.Split(f.Content, "\n")
	}
	if len(src.SourceMap) > 0 {
		m.sm = parseFindingMap(src.SourceMap)
	}
	return m
}

var findingPos = regexp.MustCompile(`app\.js:(\d+):(\d+)`)

// locate returns where a finding's message points in the original source
// and that line; unmapped, the app.js position's line of the bundle.
func (m *findingMapper) locate(msg string) (where, line string) {
	sub := findingPos.FindStringSubmatch(msg)
	if sub == nil {
		return "", ""
	}
	l, _ := strconv.Atoi(sub[1])
	c, _ := strconv.Atoi(sub[2])
	if m.sm != nil {
		if file, sl, sc, ok := findingSource(m.sm, l, c-1); ok {
			where = file + ":" + strconv.Itoa(sl) + ":" + strconv.Itoa(sc+1)
			if lines := m.content[file]; sl >= 1 && sl <= len(lines) {
				line = strings.TrimSpace(lines[sl-1])
			}
			return where, line
		}
	}
	if l >= 1 && l <= len(m.script) {
		line = strings.TrimSpace(m.script[l-1])
		if len(line) > 200 {
			line = line[:200] + "…"
		}
	}
	return "", line
}

// parseFindingMap and findingSource guard against maps the source-map library
// mishandles (see sandbox/sourcemap.go): a bad map costs the mapping only.
func parseFindingMap(raw []byte) (c *sourcemap.Consumer) {
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	c, err := sourcemap.Parse("", raw)
	if err != nil {
		return nil
	}
	return c
}

func findingSource(c *sourcemap.Consumer, line, col int) (file string, l, cl int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	file, _, l, cl, ok = c.Source(line, col)
	return file, l, cl, ok
}
