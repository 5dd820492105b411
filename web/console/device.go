package console

import (
	"errors"
	"net/http"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/web/site"
)

// Device approval (/device): where `souk login` sends a person to approve
// a device code (RFC 8628). Signed in, they enter the user code the
// terminal shows (or arrive with it in ?code=), see which client asks and
// from where, and approve or deny with a CSRF-checked post. Approving lets
// that client get one API token for the person (read and write scopes).

type deviceData struct {
	Code    string
	Request *identity.DeviceRequest
	Created string
	// Done is "approved" or "denied" after a decision.
	Done string
}

func (p *pages) device(r *site.Req) error {
	d := deviceData{Code: r.Query("code")}
	msg := ""
	status := http.StatusOK
	if d.Code != "" {
		req, err := p.Identity.PendingDevice(r.Context(), d.Code)
		if errors.Is(err, identity.ErrUnknownUserCode) {
			msg, status = r.L.T("device.unknown"), http.StatusNotFound
		} else if err != nil {
			return err
		} else {
			d.Request, d.Code = &req, req.UserCode
			d.Created = req.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC")
		}
	}
	pg := r.Page(site.FaceShell, "device.title", d)
	pg.Error = msg
	return r.Render(p.t, status, "device", pg)
}

func (p *pages) decideDevice(r *site.Req) error {
	code := r.FormValue("code")
	approve := r.FormValue("decision") == "approve"
	err := p.Identity.DecideDevice(r.Context(), r.UserID(), code, approve)
	if errors.Is(err, identity.ErrUnknownUserCode) {
		pg := r.Page(site.FaceShell, "device.title", deviceData{Code: code})
		pg.Error = r.L.T("device.unknown")
		return r.Render(p.t, http.StatusNotFound, "device", pg)
	}
	if err != nil {
		return err
	}
	d := deviceData{Done: "denied"}
	if approve {
		d.Done = "approved"
	}
	return r.Render(p.t, http.StatusOK, "device", r.Page(site.FaceShell, "device.title", d))
}
