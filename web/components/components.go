// Package components renders a mini-program's validated view
// (runtime.View) as accessible HTML inside the host's pages. Third-party
// code never ships HTML or script to the browser: every string of the view
// is text (html/template escapes it in context), images are the host's own
// URLs or the small data: images the runtime allowed (an https image of
// another origin is not loaded), product cards are filled by the host, and
// inputs that ask for a password or a PIN are refused. Buttons and forms
// are real forms that post the action back (htmx swaps the new view in; a
// plain post works without script).
package components

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/site"
)

//go:embed node.html
var files embed.FS

var tpl = template.Must(template.New("").Funcs(site.Funcs).ParseFS(files, "node.html"))

// ErrNotFound is what a Host answers for a product or order it will not show.
var ErrNotFound = errors.New("components: not found")

// Host fills what the host owns in a view.
type Host interface {
	// Product is the host's own title, image and price of a product the
	// view names; the app cannot set them.
	Product(ctx context.Context, productID string) (Product, error)
	// Order is the state of an order the shopper may see.
	Order(ctx context.Context, orderID string) (Order, error)
	// ImageURL maps an app image ("asset:…" or "blob:…") to a URL on this
	// host, or "" when there is none.
	ImageURL(src string) string
}

// Product is a product card's host-filled content.
type Product struct {
	Title    string
	ImageURL string // a URL on this host, or ""
	Price    string // formatted for display, "" to hide
}

// Order is an order status block's content.
type Order struct {
	ID    string
	State string // commerce state, shown through the catalog (order.state.*)
	Total string
}

// Frame says where actions go.
type Frame struct {
	// ActionURL receives the action posts (see ParseAction).
	ActionURL string
	// Target is the htmx target that the answer replaces (a CSS selector of
	// the host's own frame element, e.g. "#app-view").
	Target string
	CSRF   string
	L      *site.Localizer
}

type node struct {
	*runtime.Node
	Kids []*node
	F    *Frame
	// UID is an HTML id unique in the page (app ids are never used as ids).
	UID string

	Img        template.URL
	ImgBlocked string // the other origin's host name
	Product    *Product
	Order      *Order
	Missing    bool
	Refused    bool
	Args       string
	Num        string
	Min        string
	Max        string
	Step       string
	Selected   string
	Field      string // the posted field name (typed prefix + name)
	TextValue  string
	ButtonArgs string
}

// Render renders a validated view.
func Render(ctx context.Context, v runtime.View, host Host, f Frame) (template.HTML, error) {
	if v.Root == nil {
		return "", nil
	}
	r := &renderer{ctx: ctx, host: host, f: &f}
	root, err := r.build(v.Root)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "node", root); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

type renderer struct {
	ctx  context.Context
	host Host
	f    *Frame
	n    int
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

func (r *renderer) build(n *runtime.Node) (*node, error) {
	r.n++
	out := &node{Node: n, F: r.f, UID: fmt.Sprintf("v%d", r.n)}
	switch n.Type {
	case "image":
		switch {
		case strings.HasPrefix(n.Src, "data:image/"):
			// Checked by runtime.ValidateView: base64 png, jpeg, gif or webp only.
			out.Img = template.URL(n.Src)
		case strings.HasPrefix(n.Src, "asset:"), strings.HasPrefix(n.Src, "blob:"):
			if u := r.host.ImageURL(n.Src); strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
				out.Img = template.URL(u)
			} else {
				out.Missing = true
			}
		default:
			// https images of other origins are not loaded: they would tell
			// another site who looks at what (and the CSP forbids them).
			if u, err := url.Parse(n.Src); err == nil {
				out.ImgBlocked = u.Hostname()
			} else {
				out.ImgBlocked = "?"
			}
		}
	case "button":
		out.ButtonArgs = string(n.Args)
	case "productCard":
		p, err := r.host.Product(r.ctx, n.ProductID)
		if errors.Is(err, ErrNotFound) {
			out.Missing = true
		} else if err != nil {
			return nil, err
		} else {
			if !strings.HasPrefix(p.ImageURL, "/") || strings.HasPrefix(p.ImageURL, "//") {
				p.ImageURL = ""
			}
			out.Product = &p
		}
		out.ButtonArgs = string(n.Args)
	case "orderStatus":
		o, err := r.host.Order(r.ctx, n.OrderID)
		if errors.Is(err, ErrNotFound) {
			out.Missing = true
		} else if err != nil {
			return nil, err
		} else {
			out.Order = &o
		}
	case "textInput", "numberInput", "select", "checkbox":
		out.Refused = asksForSecret(n)
		out.Field = fieldPrefix[n.Type] + n.Name
		switch v := n.Value.(type) {
		case string:
			out.TextValue = v
		case float64:
			out.Num = strconv.FormatFloat(v, 'g', -1, 64)
		}
		out.Min, out.Max, out.Step = num(n.Min), num(n.Max), num(n.Step)
	}
	for _, c := range n.Children {
		k, err := r.build(c)
		if err != nil {
			return nil, err
		}
		out.Kids = append(out.Kids, k)
	}
	return out, nil
}

// Posted field names carry the input's type, so ParseAction rebuilds typed
// values without the view.
var fieldPrefix = map[string]string{"textInput": "t.", "numberInput": "n.", "select": "s.", "checkbox": "c."}

var secretWords = map[string]bool{
	"pin": true, "pins": true, "pincode": true, "password": true, "passwd": true, "passcode": true, "passphrase": true,
	"pwd": true, "pass": true, "otp": true, "cvv": true, "cvc": true, "cvv2": true, "tan": true, "2fa": true, "totp": true,
}

// Secret words of the seed markets' languages (whole substrings: these
// scripts have no spaces between words).
var secretCJK = regexp.MustCompile(`密码|密碼|口令|验证码|驗證碼|暗証|パスワード|暗号|비밀번호|패스워드|인증번호|รหัสผ่าน|รหัส\s*PIN|พิน`)

// asksForSecret reports whether an input looks like it wants a password, a
// PIN or a one-time code: apps may never ask for those (the host's own
// sheets do), so the shell refuses to draw such a field.
func asksForSecret(n *runtime.Node) bool {
	for _, s := range []string{n.Name, n.Label, n.Placeholder} {
		if secretCJK.MatchString(s) {
			return true
		}
		for _, w := range words(s) {
			if secretWords[w] {
				return true
			}
		}
	}
	return false
}

// words splits "paymentPIN", "pay_pin", "Your PIN code" into lower-cased words.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, c := range rs {
		switch {
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			flush()
		case unicode.IsUpper(c) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, c)
		default:
			cur = append(cur, c)
		}
	}
	flush()
	return out
}

// ParseAction reads an action post made from a rendered view: the action
// name and its args (a button's or product card's args, or a form's input
// values by name: strings, numbers, booleans). It trusts nothing: the app
// validates args as it must for any caller.
func ParseAction(form url.Values) (action string, args any, err error) {
	action = form.Get("_action")
	if action == "" || len(action) > 64 {
		return "", nil, errors.New("components: no action")
	}
	if raw := form.Get("_args"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			return "", nil, fmt.Errorf("components: bad args: %w", err)
		}
		return action, args, nil
	}
	values := map[string]any{}
	for _, name := range form["_checkbox"] {
		values[name] = false
	}
	for k, vs := range form {
		if len(vs) == 0 || len(k) < 3 || k[1] != '.' {
			continue
		}
		name, v := k[2:], vs[0]
		switch k[0] {
		case 't', 's':
			values[name] = v
		case 'n':
			if v == "" {
				continue
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return "", nil, fmt.Errorf("components: %s is not a number", name)
			}
			values[name] = f
		case 'c':
			values[name] = v == "true"
		}
	}
	return action, values, nil
}
