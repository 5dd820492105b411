package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:   "run EVENT.json [dir]",
		Short: "Run one event of the mini-program against a fixture world and print its view and receipt as JSON",
		Long: `Run builds the mini-program in dir (default: the current directory),
seeds the same development world as souk dev — a brand "Dev Tea House"
with Green tea (sizes S and L), Tea mug and Bamboo whisk, a shopper with
500.00 USD, a payment PIN and the app installed with every permission it
asks for — in a temporary database, runs the event EVENT.json describes
as that shopper in the sandbox (production's code and limits, in a worker
process), prints {"view": …, "receipt": …} as JSON on stdout and exits
with status 1 unless the event's outcome is ok. Use it to test handlers
in CI.

EVENT.json is one object:

  {"event": "render", "page": "product", "params": {"productId": "$product:Green tea"}}
  {"event": "action", "action": "addToCart", "args": {"skuId": "$sku:Green tea:size=L", "productId": "$product:Green tea"}}
  {"event": "orderPaid", "order": [{"skuId": "$sku:Tea mug", "qty": 2}]}

event is render (page, default home; params), action (action; args), or
orderPaid (order: the lines of an order the shopper places through the
app and pays with the PIN; the app's orderPaid handler then runs with the
real order event). before, optional, is a list of actions run first in
the same world as the same shopper (e.g. to fill the cart), each
{"action": …, "args": …}; each must end ok. locale is optional.

In params, args and order, a string "$product:TITLE" becomes the seeded
product's id, "$sku:TITLE" its first SKU's id ("$sku:TITLE:size=L" the
SKU with that option), and "$order" the id of the order of an orderPaid
event.`,
		Example: `  souk run events/home.json
  souk run examples/shop/events/add-to-cart.json examples/shop`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 2 {
				dir = args[1]
			}
			ok, err := runEventFile(cmd.Context(), cmd.OutOrStdout(), args[0], dir)
			if err != nil {
				return err
			}
			if !ok {
				cmd.SilenceErrors = true
				return errEventFailed
			}
			return nil
		},
	})
}

// errEventFailed makes souk run exit 1 after printing the result.
var errEventFailed = errors.New("the event's outcome is not ok")

// runEvent is the file souk run reads.
type runEvent struct {
	Event  string          `json:"event"`
	Page   string          `json:"page"`
	Params json.RawMessage `json:"params"`
	Action string          `json:"action"`
	Args   json.RawMessage `json:"args"`
	Order  json.RawMessage `json:"order"`
	Locale string          `json:"locale"`
	Before []struct {
		Action string          `json:"action"`
		Args   json.RawMessage `json:"args"`
	} `json:"before"`
}

// runOutput is what souk run prints.
type runOutput struct {
	View    *runtime.Node   `json:"view"`
	Patch   *runtime.Patch  `json:"patch,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"`
	Receipt runtime.Receipt `json:"receipt"`
}

func readRunEvent(path string) (*runEvent, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	var ev runEvent
	if err := dec.Decode(&ev); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch ev.Event {
	case "render":
		if ev.Page == "" {
			ev.Page = "home"
		}
	case "action":
		if ev.Action == "" {
			return nil, fmt.Errorf("%s: an action event needs \"action\"", path)
		}
	case commerce.EventOrderPaid:
		if len(ev.Order) == 0 {
			return nil, fmt.Errorf("%s: an orderPaid event needs \"order\": [{\"skuId\": …, \"qty\": …}]", path)
		}
	default:
		return nil, fmt.Errorf("%s: \"event\" is %q: use render, action or orderPaid", path, ev.Event)
	}
	for _, b := range ev.Before {
		if b.Action == "" {
			return nil, fmt.Errorf("%s: each of \"before\" needs \"action\"", path)
		}
	}
	return &ev, nil
}

// runEventFile runs the event of path against a fresh fixture world of
// the app in dir, prints the result, and reports whether it was ok.
func runEventFile(ctx context.Context, out io.Writer, path, dir string) (bool, error) {
	ev, err := readRunEvent(path)
	if err != nil {
		return false, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	res, err := devBuild(dir)
	if err != nil {
		return false, err
	}
	dataDir, err := os.MkdirTemp("", "souk-run-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dataDir)
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	db, err := openStore(ctx, &config{DataDir: dataDir}, log)
	if err != nil {
		return false, err
	}
	defer db.Close()
	blobs, err := blob.OpenLocal(blob.Config{Dir: filepath.Join(dataDir, "blobs")})
	if err != nil {
		return false, err
	}
	defer blobs.Close()
	pool, err := sandboxPool()
	if err != nil {
		return false, err
	}
	// The node is not started: no background job runs, so an order event
	// reaches the app once, from here.
	h, err := host.New(host.Options{DB: db, Blobs: blobs, Log: log, Pool: pool})
	if err != nil {
		return false, err
	}
	defer h.Close()
	w, err := seedWorld(ctx, h, dataDir, res)
	if err != nil {
		return false, fmt.Errorf("seeding the fixture world: %w", err)
	}
	f := &fixture{h: h, w: w}
	if err := f.loadCatalog(ctx); err != nil {
		return false, err
	}
	run := func(handler string, args ...json.RawMessage) (*runtime.EventResult, error) {
		return h.Market.RunEvent(ctx, h.Engine, marketplace.EventRequest{InstallationID: w.InstallationID, ShopperID: w.ShopperID,
			Locale: ev.Locale, Handler: handler, Args: args})
	}
	for i, b := range ev.Before {
		args, err := f.resolve(b.Args)
		if err != nil {
			return false, err
		}
		r, err := run("action", mustJSON(b.Action), args)
		if err != nil {
			return false, err
		}
		if r.Receipt.Outcome != "ok" {
			return false, fmt.Errorf("before[%d] (%s) ended %s: %s", i, b.Action, r.Receipt.Outcome, r.Receipt.Reason)
		}
	}
	var r *runtime.EventResult
	switch ev.Event {
	case "render":
		params, err := f.resolve(ev.Params)
		if err != nil {
			return false, err
		}
		r, err = run("render", mustJSON(ev.Page), params)
		if err != nil {
			return false, err
		}
	case "action":
		args, err := f.resolve(ev.Args)
		if err != nil {
			return false, err
		}
		r, err = run("action", mustJSON(ev.Action), args)
		if err != nil {
			return false, err
		}
	case commerce.EventOrderPaid:
		oe, err := f.paidOrder(ctx, ev.Order)
		if err != nil {
			return false, err
		}
		if r, err = run(commerce.EventOrderPaid, mustJSON(oe)); err != nil {
			return false, err
		}
	}
	o := runOutput{Patch: r.Patch, Value: r.Value, Receipt: r.Receipt}
	if r.View != nil {
		o.View = r.View.Root
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(o); err != nil {
		return false, err
	}
	return r.Receipt.Outcome == "ok", nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// fixture resolves an event file's references to the seeded world.
type fixture struct {
	h        *host.Host
	w        *devWorld
	products map[string]commerce.Product // by title
	order    string
}

func (f *fixture) loadCatalog(ctx context.Context) error {
	ps, err := f.h.Commerce.Products(ctx, f.w.BrandOrgID, commerce.ProductFilter{Limit: 200})
	if err != nil {
		return err
	}
	f.products = map[string]commerce.Product{}
	for _, p := range ps {
		if full, err := f.h.Commerce.Product(ctx, f.w.BrandOrgID, p.ID); err == nil {
			p = full
		}
		f.products[p.Title] = p
	}
	return nil
}

// ref resolves one "$product:…", "$sku:…" or "$order" string.
func (f *fixture) ref(s string) (string, error) {
	titles := func() string {
		var ts []string
		for t := range f.products {
			ts = append(ts, t)
		}
		sort.Strings(ts)
		return strings.Join(ts, ", ")
	}
	switch {
	case s == "$order":
		if f.order == "" {
			return "", errors.New(`"$order" is only known in an orderPaid event's order`)
		}
		return f.order, nil
	case strings.HasPrefix(s, "$product:"):
		p, ok := f.products[strings.TrimPrefix(s, "$product:")]
		if !ok {
			return "", fmt.Errorf("%s: the fixture world has %s", s, titles())
		}
		return p.ID, nil
	case strings.HasPrefix(s, "$sku:"):
		title, opt, _ := strings.Cut(strings.TrimPrefix(s, "$sku:"), ":")
		p, ok := f.products[title]
		if !ok {
			return "", fmt.Errorf("%s: the fixture world has %s", s, titles())
		}
		k, v, _ := strings.Cut(opt, "=")
		for _, sku := range p.SKUs {
			if opt == "" || sku.Options[k] == v {
				return sku.ID, nil
			}
		}
		return "", fmt.Errorf("%s: %s has no such SKU", s, title)
	}
	return s, nil
}

// resolve replaces the references in every string of a JSON value ({}
// when empty).
func (f *fixture) resolve(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 {
		return json.RawMessage("{}"), nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var walk func(any) (any, error)
	walk = func(x any) (any, error) {
		switch t := x.(type) {
		case string:
			return f.ref(t)
		case []any:
			for i := range t {
				var err error
				if t[i], err = walk(t[i]); err != nil {
					return nil, err
				}
			}
		case map[string]any:
			for k := range t {
				var err error
				if t[k], err = walk(t[k]); err != nil {
					return nil, err
				}
			}
		}
		return x, nil
	}
	v, err := walk(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// paidOrder has the shopper place an order through the app's installation
// and pay it with the PIN, as the payment sheet does, and returns the
// orderPaid event the app receives.
func (f *fixture) paidOrder(ctx context.Context, raw json.RawMessage) (commerce.OrderEvent, error) {
	resolved, err := f.resolve(raw)
	if err != nil {
		return commerce.OrderEvent{}, err
	}
	var lines []commerce.LineInput
	if err := json.Unmarshal(resolved, &lines); err != nil {
		return commerce.OrderEvent{}, fmt.Errorf("order: a list of {\"skuId\": …, \"qty\": …}: %w", err)
	}
	o, err := f.h.Commerce.CreateOrder(ctx, commerce.NewOrder{ShopperID: f.w.ShopperID, BrandID: f.w.BrandOrgID,
		AppID: f.w.AppID, InstallationID: f.w.InstallationID, Lines: lines})
	if err != nil {
		return commerce.OrderEvent{}, fmt.Errorf("placing the order: %w", err)
	}
	f.order = o.ID
	pr, err := f.h.Commerce.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: f.w.ShopperID})
	if err != nil {
		return commerce.OrderEvent{}, fmt.Errorf("asking for payment: %w", err)
	}
	if _, err := f.h.Payments.Confirm(ctx, pr.ID, f.w.ShopperID, f.w.ShopperPIN, nil); err != nil {
		return commerce.OrderEvent{}, fmt.Errorf("paying: %w", err)
	}
	ts, err := f.h.Commerce.Transitions(ctx, o.ID)
	if err != nil {
		return commerce.OrderEvent{}, err
	}
	for _, t := range ts {
		if t.Event == commerce.EventOrderPaid {
			// The host posts the order's card in the shopper's conversation
			// with the app before the app's handler runs (it opens the
			// app's messaging window); the node is not started, so here.
			for _, c := range ts {
				if c.Event == commerce.EventOrderCreated || c.Event == commerce.EventOrderPaid {
					text := map[string]string{commerce.EventOrderCreated: "Order placed, waiting for payment", commerce.EventOrderPaid: "Payment received"}[c.Event]
					if _, err := f.h.Chat.PostOrderEvent(ctx, c.ID, f.w.ShopperID, f.w.BrandOrgID, f.w.InstallationID, o.ID, c.Event, text); err != nil {
						return commerce.OrderEvent{}, err
					}
				}
			}
			return commerce.OrderEvent{ID: t.ID, OrderID: o.ID, ShopperID: f.w.ShopperID, BrandOrgID: f.w.BrandOrgID, AppID: f.w.AppID,
				InstallationID: f.w.InstallationID, Event: t.Event, From: t.From, To: t.To, Actor: t.Actor, Reason: t.Reason, At: t.At, Detail: t.Detail}, nil
		}
	}
	return commerce.OrderEvent{}, fmt.Errorf("order %s was not paid", o.ID)
}
