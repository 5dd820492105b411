package shell

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web/components"
	"github.com/soukhq/souk/web/site"
)

// Apps are what the app frame needs to run an installation's events.
type Apps struct {
	Market   *marketplace.Service
	Engine   *runtime.Engine
	Commerce *commerce.Service
	Payments *payments.Service // the payment sheet (nil: none)
	DB       *store.DB         // the shell's last-view table (web_app_views)

	// Logistics shows an order's shipments in the order centre (nil: none).
	Logistics *commerce.Logistics
}

// The app frame: /a/{installationId}/{page}?… runs the app's render handler
// for the signed-in shopper and shows the validated view inside a frame the
// host owns (the app's name, the brand, a close link); actions post to
// /a/{installationId}/action and the answer (a view, or a patch applied to
// the last view) replaces the frame's body. The app's failures and
// timeouts show the host's message, never a blank area.

type frameData struct {
	InstallationID string
	AppName        string
	Brand          string
	View           template.HTML
	Failed         string
	// Sheet, when set, is the host's payment sheet, swapped in over the frame.
	Sheet *sheetData
}

func (p *pages) installation(r *site.Req) (marketplace.Installation, marketplace.App, string, error) {
	ins, err := p.Apps.Market.Installation(r.Context(), r.Params("ins"))
	if err != nil {
		return ins, marketplace.App{}, "", err
	}
	if ins.Status != marketplace.InstallActive {
		return ins, marketplace.App{}, "", errNoApp
	}
	app, err := p.Apps.Market.App(r.Context(), ins.AppID)
	if err != nil {
		return ins, app, "", err
	}
	return ins, app, p.orgName(r.Context(), ins.BrandOrgID), nil
}

var errNoApp = errors.New("shell: no such app")

func marketCode(err error) string {
	var e *marketplace.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func isNotFound(err error) bool {
	return errors.Is(err, errNoApp) || marketCode(err) == marketplace.CodeNotFound
}

// run runs one event and returns the view to show, or a host message key
// when the app failed.
func (p *pages) run(r *site.Req, ins marketplace.Installation, handler string, args ...any) (*runtime.View, string, error) {
	raw := make([]json.RawMessage, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			return nil, "", err
		}
		raw[i] = b
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	res, err := p.Apps.Market.RunEvent(ctx, p.Apps.Engine, marketplace.EventRequest{InstallationID: ins.ID, ShopperID: r.UserID(),
		Locale: r.L.Tag, Handler: handler, Args: raw})
	if err != nil {
		if marketCode(err) != "" || errors.Is(err, context.DeadlineExceeded) {
			return nil, "view.app_failed", nil
		}
		return nil, "", err
	}
	if res.View != nil {
		return res.View, "", nil
	}
	if res.Patch != nil {
		last, err := p.lastView(r.Context(), r.UserID(), ins.ID)
		if err != nil || last.Root == nil {
			return nil, "view.app_failed", err
		}
		v, err := last.Apply(res.Patch, runtime.DefaultViewLimits())
		if err != nil {
			return nil, "view.app_failed", nil
		}
		return &v, "", nil
	}
	return nil, "view.app_failed", nil
}

func (p *pages) lastView(ctx context.Context, userID, insID string) (runtime.View, error) {
	var raw string
	err := p.Apps.DB.QueryRowContext(ctx, `SELECT view FROM web_app_views WHERE user_id = $1 AND installation_id = $2`, userID, insID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return runtime.View{}, nil
	}
	if err != nil {
		return runtime.View{}, err
	}
	// Stored views were validated when the app returned them; validate
	// again anyway so a stored row can never bypass the checks.
	return runtime.ValidateView(json.RawMessage(raw), runtime.DefaultViewLimits())
}

func (p *pages) saveView(ctx context.Context, userID, insID, page string, v *runtime.View) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = p.Apps.DB.ExecContext(ctx, `INSERT INTO web_app_views (user_id, installation_id, page, view, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, installation_id) DO UPDATE SET page = excluded.page, view = excluded.view, updated_at = excluded.updated_at`,
		userID, insID, page, string(b), time.Now().UnixMicro())
	return err
}

func (p *pages) draw(r *site.Req, ins marketplace.Installation, v *runtime.View) (template.HTML, error) {
	h := &frameHost{c: p.Apps.Commerce, brandID: ins.BrandOrgID, shopperID: r.UserID()}
	f := components.Frame{ActionURL: "/a/" + ins.ID + "/action", Target: "#app-view", L: r.L}
	if r.Caller != nil {
		f.CSRF = r.Caller.SessionCSRF
	}
	return components.Render(r.Context(), *v, h, f)
}

func (p *pages) appPage(r *site.Req) error {
	ins, app, brand, err := p.installation(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	page := r.Params("page")
	params := map[string]any{}
	for k, v := range r.Queries() {
		params[k] = v
	}
	d := frameData{InstallationID: ins.ID, AppName: app.Name, Brand: brand}
	v, failed, err := p.run(r, ins, "render", page, params)
	if err != nil {
		return err
	}
	if v != nil {
		if err := p.saveView(r.Context(), r.UserID(), ins.ID, page, v); err != nil {
			return err
		}
		if d.View, err = p.draw(r, ins, v); err != nil {
			return err
		}
	} else {
		d.Failed = r.L.T(failed)
	}
	pg := r.Page("chats", "home.title", d)
	pg.Title = app.Name
	return r.Render(p.t, http.StatusOK, "app", pg)
}

func (p *pages) appAction(r *site.Req) error {
	ins, app, brand, err := p.installation(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	form := url.Values{}
	r.Request().PostArgs().VisitAll(func(k, v []byte) { form.Add(string(k), string(v)) })
	d := frameData{InstallationID: ins.ID, AppName: app.Name, Brand: brand}
	action, args, err := components.ParseAction(form)
	var v *runtime.View
	failed := "view.app_failed"
	started := time.Now().Add(-time.Second)
	if err == nil {
		v, failed, err = p.run(r, ins, "action", action, args)
		if err != nil {
			return err
		}
		req, ok, err := p.openRequest(r.Context(), r.UserID(), ins.AppID, started, args)
		if err != nil {
			return err
		}
		if ok {
			sd, err := p.sheet(r, req, ins.ID, brand, app.Name)
			if err != nil {
				return err
			}
			d.Sheet = &sd
		}
	}
	if v != nil {
		if err := p.saveView(r.Context(), r.UserID(), ins.ID, "", v); err != nil {
			return err
		}
	} else {
		// Keep showing what was there, with the host's message on top.
		d.Failed = r.L.T(failed)
		last, lerr := p.lastView(r.Context(), r.UserID(), ins.ID)
		if lerr != nil {
			return lerr
		}
		if last.Root != nil {
			v = &last
		}
	}
	if v != nil {
		if d.View, err = p.draw(r, ins, v); err != nil {
			return err
		}
	}
	if r.Get("HX-Request") == "true" {
		return r.Fragment(p.t, "app", "appbody", r.Page("chats", "home.title", d))
	}
	pg := r.Page("chats", "home.title", d)
	pg.Title = app.Name
	return r.Render(p.t, http.StatusOK, "app", pg)
}

// frameHost fills product cards and order status from commerce, for the
// installation's brand and the signed-in shopper only.
type frameHost struct {
	c                  *commerce.Service
	brandID, shopperID string
}

func (h *frameHost) Product(ctx context.Context, id string) (components.Product, error) {
	if h.c == nil {
		return components.Product{}, components.ErrNotFound
	}
	p, err := h.c.Product(ctx, h.brandID, id)
	if commerce.Code(err) == commerce.ErrNotFound.Code || (err == nil && p.Status != commerce.StatusActive) {
		return components.Product{}, components.ErrNotFound
	}
	if err != nil {
		return components.Product{}, err
	}
	out := components.Product{Title: p.Title}
	if len(p.Images) > 0 {
		out.ImageURL = "/api/v1/catalog/image?key=" + url.QueryEscape(p.Images[0])
	}
	if cur, err := money.Lookup(p.Currency); err == nil {
		var low money.Amount = -1
		for _, k := range p.SKUs {
			if low < 0 || k.Price < low {
				low = k.Price
			}
		}
		if low >= 0 {
			out.Price = money.Format(cur, low) + " " + cur.Code
		}
	}
	return out, nil
}

func (h *frameHost) Order(ctx context.Context, id string) (components.Order, error) {
	if h.c == nil {
		return components.Order{}, components.ErrNotFound
	}
	o, err := h.c.ShopperOrder(ctx, h.shopperID, id)
	if commerce.Code(err) != "" {
		return components.Order{}, components.ErrNotFound
	}
	if err != nil {
		return components.Order{}, err
	}
	out := components.Order{ID: o.ID, State: string(o.State)}
	if cur, err := money.Lookup(o.Currency); err == nil {
		out.Total = money.Format(cur, o.Total) + " " + cur.Code
	}
	return out, nil
}

func (h *frameHost) ImageURL(string) string { return "" }
