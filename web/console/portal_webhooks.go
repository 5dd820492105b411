package console

import (
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/web/site"
	"github.com/soukhq/souk/webhooks"
)

// The webhooks page (/portal/{orgId}/apps/{appId}/webhooks, owners and
// developers), over the webhooks service the JSON API's webhook routes call:
// the app's endpoints; create one (URL, event patterns, description) and
// see its signing secret once; per endpoint, enable or disable it, rotate
// its secret (the new one shown once; the old one keeps signing for
// webhooks.RotationGrace), delete it, and its delivery log (state,
// attempts, last response code) with each delivery's attempts and a
// replay. The service's refusals are shown as they are — in production an
// http:// URL, or one on a loopback or private address, is refused.

type webhooksData struct {
	Base      string
	Endpoints []webhooks.Endpoint
	// URL, Types and Description are the create form's values, shown again
	// after a refused post.
	URL, Types, Description string
	// Secret is a new endpoint's signing secret, shown once.
	Secret   string
	Endpoint webhooks.Endpoint
}

type endpointData struct {
	Base     string // the endpoint's path
	Endpoint webhooks.Endpoint
	// Secret is the rotated secret, shown once.
	Secret     string
	Deliveries []webhooks.Delivery
	Next       string
	// Delivery is the delivery whose attempts are shown (its id in ?delivery=).
	Delivery *webhooks.DeliveryDetail
}

func (p *portal) mountWebhooks(app fiber.Router) {
	if p.Webhooks == nil {
		return
	}
	dev := site.OrgMember(identity.OrgDeveloper)
	const ep = "/portal/:orgId/apps/:appId/webhooks/:endpointId"
	p.Site.Get(app, "/portal/:orgId/apps/:appId/webhooks", dev, p.app(devRolesAll, p.webhooks))
	p.Site.Post(app, "/portal/:orgId/apps/:appId/webhooks", dev, p.app(devRolesAll, p.createEndpoint))
	p.Site.Get(app, ep, dev, p.app(devRolesAll, p.endpoint))
	p.Site.Post(app, ep+"/enabled", dev, p.app(devRolesAll, p.setEndpointEnabled))
	p.Site.Post(app, ep+"/rotate", dev, p.app(devRolesAll, p.rotateEndpointSecret))
	p.Site.Post(app, ep+"/delete", dev, p.app(devRolesAll, p.deleteEndpoint))
	p.Site.Post(app, ep+"/deliveries/:deliveryId/replay", dev, p.app(devRolesAll, p.replayDelivery))
}

func webhooksBase(o devCtx) string { return "/portal/" + o.OrgID + "/apps/" + o.App.ID + "/webhooks" }

func (p *portal) webhooks(r *site.Req, o devCtx) error {
	return p.renderWebhooks(r, o, http.StatusOK, webhooksData{Types: "order.*"}, "", "")
}

func (p *portal) renderWebhooks(r *site.Req, o devCtx, status int, d webhooksData, errMsg, notice string) error {
	es, err := p.Webhooks.Endpoints(r.Context(), o.OrgID, o.App.ID)
	if err != nil {
		return err
	}
	d.Base, d.Endpoints = webhooksBase(o), es
	return p.render(r, status, "webhooks", "portal.webhooks.title", o, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

// refusal words a service refusal for the page: the service's message,
// with what production requires of URLs when the URL was refused.
func refusal(r *site.Req, e *fault.Error) string {
	msg := r.L.T("seller.order.refused", e.Message)
	if e.Code == webhooks.CodeInvalidURL {
		msg += " " + r.L.T("portal.webhooks.url_rule")
	}
	return msg
}

// eventTypes splits the patterns field on commas, spaces and new lines.
func eventTypes(s string) []string {
	return strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t' })
}

func (p *portal) createEndpoint(r *site.Req, o devCtx) error {
	d := webhooksData{URL: strings.TrimSpace(r.FormValue("url")), Types: r.FormValue("event_types"), Description: strings.TrimSpace(r.FormValue("description"))}
	e, secret, err := p.Webhooks.CreateEndpoint(r.Context(), o.OrgID, o.App.ID,
		webhooks.EndpointInput{URL: d.URL, Description: d.Description, EventTypes: eventTypes(d.Types)})
	if fe, ok := fault.As(err); ok && fe.Code != webhooks.CodeNotFound {
		return p.renderWebhooks(r, o, http.StatusUnprocessableEntity, d, refusal(r, fe), "")
	} else if err != nil {
		return err
	}
	return p.renderWebhooks(r, o, http.StatusOK, webhooksData{Types: "order.*", Secret: secret, Endpoint: e}, "",
		r.L.T("portal.webhooks.created", e.URL))
}

// withEndpoint resolves :endpointId within the app; another app's is 404.
func (p *portal) withEndpoint(r *site.Req, o devCtx) (webhooks.Endpoint, bool, error) {
	e, err := p.Webhooks.Endpoint(r.Context(), o.OrgID, o.App.ID, r.Params("endpointId"))
	if webhooks.CodeOf(err) == webhooks.CodeNotFound {
		return e, false, r.NotFound()
	}
	return e, err == nil, err
}

func (p *portal) endpoint(r *site.Req, o devCtx) error {
	e, ok, err := p.withEndpoint(r, o)
	if !ok {
		return err
	}
	notice := ""
	if r.Query("replayed") != "" {
		notice = r.L.T("portal.webhooks.replayed")
	}
	return p.renderEndpoint(r, o, http.StatusOK, e, "", "", notice)
}

func (p *portal) renderEndpoint(r *site.Req, o devCtx, status int, e webhooks.Endpoint, secret, errMsg, notice string) error {
	d := endpointData{Base: webhooksBase(o) + "/" + e.ID, Endpoint: e, Secret: secret}
	pg, err := p.Webhooks.Deliveries(r.Context(), o.OrgID, o.App.ID, e.ID, webhooks.DeliveryFilter{Cursor: r.Query("cursor"), Limit: 50})
	if webhooks.CodeOf(err) == webhooks.CodeInvalidInput || fault.Code(err) == "invalid_cursor" {
		pg, err = p.Webhooks.Deliveries(r.Context(), o.OrgID, o.App.ID, e.ID, webhooks.DeliveryFilter{Limit: 50})
	}
	if err != nil {
		return err
	}
	d.Deliveries = pg.Deliveries
	if pg.Next != "" {
		d.Next = d.Base + "?cursor=" + pg.Next
	}
	if id := r.Query("delivery"); id != "" {
		dd, err := p.Webhooks.Delivery(r.Context(), o.OrgID, o.App.ID, e.ID, id)
		if webhooks.CodeOf(err) == webhooks.CodeNotFound {
			return r.NotFound()
		}
		if err != nil {
			return err
		}
		d.Delivery = &dd
	}
	return p.render(r, status, "endpoint", "portal.webhooks.endpoint", o, d, func(pg *site.Page) {
		pg.Error, pg.Notice = errMsg, notice
		pg.Title = e.URL + " · " + pg.Title
	})
}

func (p *portal) setEndpointEnabled(r *site.Req, o devCtx) error {
	e, ok, err := p.withEndpoint(r, o)
	if !ok {
		return err
	}
	on := r.FormValue("enabled") == "true"
	if e, err = p.Webhooks.UpdateEndpoint(r.Context(), o.OrgID, o.App.ID, e.ID, webhooks.EndpointUpdate{Enabled: &on}); err != nil {
		return err
	}
	key := "portal.webhooks.disabled_notice"
	if on {
		key = "portal.webhooks.enabled_notice"
	}
	return p.renderEndpoint(r, o, http.StatusOK, e, "", "", r.L.T(key))
}

func (p *portal) rotateEndpointSecret(r *site.Req, o devCtx) error {
	e, ok, err := p.withEndpoint(r, o)
	if !ok {
		return err
	}
	secret, err := p.Webhooks.RotateSecret(r.Context(), o.OrgID, o.App.ID, e.ID)
	if err != nil {
		return err
	}
	if e, err = p.Webhooks.Endpoint(r.Context(), o.OrgID, o.App.ID, e.ID); err != nil {
		return err
	}
	return p.renderEndpoint(r, o, http.StatusOK, e, secret, "", r.L.T("portal.webhooks.rotated"))
}

func (p *portal) deleteEndpoint(r *site.Req, o devCtx) error {
	e, ok, err := p.withEndpoint(r, o)
	if !ok {
		return err
	}
	if err := p.Webhooks.DeleteEndpoint(r.Context(), o.OrgID, o.App.ID, e.ID); err != nil {
		return err
	}
	return p.renderWebhooks(r, o, http.StatusOK, webhooksData{Types: "order.*"}, "", r.L.T("portal.webhooks.deleted", e.URL))
}

// replayDelivery sends a delivery again now (webhooks.Service.Replay: one
// attempt, logged as a replay, same webhook-id and body).
func (p *portal) replayDelivery(r *site.Req, o devCtx) error {
	e, ok, err := p.withEndpoint(r, o)
	if !ok {
		return err
	}
	id := r.Params("deliveryId")
	err = p.Webhooks.Replay(r.Context(), o.OrgID, o.App.ID, e.ID, id)
	if webhooks.CodeOf(err) == webhooks.CodeNotFound {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.SeeOther(webhooksBase(o) + "/" + e.ID + "?delivery=" + id + "&replayed=1")
}
