package runtime

import (
	"encoding/base64"
	stdjson "encoding/json"
	"fmt"
	"math"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
)

// ViewLimits bound a view returned by an app.
type ViewLimits struct {
	MaxBytes          int // the JSON, before and after normalizing
	MaxDepth          int // root is depth 1
	MaxNodes          int
	MaxText           int // bytes in a text node
	MaxString         int // bytes in a label, title, name, value, …
	MaxArgsBytes      int // a button's or product card's args, as compact JSON
	MaxURLBytes       int
	MaxDataImageBytes int // a data:image/… src
	MaxOptions        int // options in a select
	MaxPatchOps       int
}

// DefaultViewLimits are the platform's defaults; MaxBytes follows the app's
// viewBytes limit (see Manifest.EffectiveLimits).
func DefaultViewLimits() ViewLimits {
	return ViewLimits{
		MaxBytes: DefaultAppLimits.ViewBytes, MaxDepth: 16, MaxNodes: 500,
		MaxText: 4000, MaxString: 256, MaxArgsBytes: 2048, MaxURLBytes: 2048,
		MaxDataImageBytes: 8 << 10, MaxOptions: 100, MaxPatchOps: 50,
	}
}

// ViewLimitsFor is DefaultViewLimits with MaxBytes from the app's viewBytes limit.
func ViewLimitsFor(m *Manifest) ViewLimits {
	l := DefaultViewLimits()
	l.MaxBytes = m.EffectiveLimits().ViewBytes
	return l
}

// Node is one validated component. Which fields may be set depends on Type
// (see components); the host's shell renders from these fields only.
type Node struct {
	Type        string             `json:"type"`
	ID          string             `json:"id,omitempty"`
	Text        string             `json:"text,omitempty"`
	Style       string             `json:"style,omitempty"`
	Src         string             `json:"src,omitempty"`
	Alt         string             `json:"alt,omitempty"`
	Title       string             `json:"title,omitempty"`
	Subtitle    string             `json:"subtitle,omitempty"`
	Label       string             `json:"label,omitempty"`
	Action      string             `json:"action,omitempty"`
	Args        stdjson.RawMessage `json:"args,omitempty"` // compact, keys sorted
	Disabled    bool               `json:"disabled,omitempty"`
	ProductID   string             `json:"productId,omitempty"` // the host fills title, image, price
	OrderID     string             `json:"orderId,omitempty"`
	SubmitLabel string             `json:"submitLabel,omitempty"`
	Name        string             `json:"name,omitempty"`
	Placeholder string             `json:"placeholder,omitempty"`
	Value       any                `json:"value,omitempty"` // string, or float64 for numberInput
	Required    bool               `json:"required,omitempty"`
	MaxLength   *int               `json:"maxLength,omitempty"`
	Multiline   bool               `json:"multiline,omitempty"`
	Min         *float64           `json:"min,omitempty"`
	Max         *float64           `json:"max,omitempty"`
	Step        *float64           `json:"step,omitempty"`
	Options     []Option           `json:"options,omitempty"`
	Checked     bool               `json:"checked,omitempty"`
	Gap         string             `json:"gap,omitempty"`
	Children    []*Node            `json:"children,omitempty"`
}

// Option is one choice of a select.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// View is a validated component tree: its root node. Marshal it to get the
// normalized JSON the host stores and renders; never render the app's raw JSON.
type View struct {
	Root *Node
}

func (v View) MarshalJSON() ([]byte, error) { return marshalNode(v.Root) }

// Find returns the node with the given id, or nil.
func (v View) Find(id string) *Node {
	var found *Node
	walkNodes(v.Root, func(n *Node) bool {
		if n.ID == id {
			found = n
		}
		return found == nil
	})
	return found
}

func walkNodes(n *Node, f func(*Node) bool) bool {
	if n == nil || !f(n) {
		return false
	}
	for _, c := range n.Children {
		if !walkNodes(c, f) {
			return false
		}
	}
	return true
}

func marshalNode(n *Node) ([]byte, error) { return stdjson.Marshal(n) }

// components lists each component's fields besides "type" and "id".
var components = map[string][]string{
	"text":        {"text", "style"},
	"image":       {"src", "alt"},
	"button":      {"label", "action", "args", "style", "disabled"},
	"list":        {"children"},
	"card":        {"title", "subtitle", "children"},
	"productCard": {"productId", "action", "args"},
	"form":        {"action", "submitLabel", "children"},
	"textInput":   {"name", "label", "placeholder", "value", "required", "maxLength", "multiline"},
	"numberInput": {"name", "label", "value", "min", "max", "step"},
	"select":      {"name", "label", "options", "value"},
	"checkbox":    {"name", "label", "checked"},
	"orderStatus": {"orderId"},
	"divider":     {},
	"stack":       {"children", "gap"},
	"row":         {"children", "gap"},
	"column":      {"children", "gap"},
}

// The grammars of ids (and input names), actions, and product and order
// references, as byte loops rather than regular expressions: they run on
// every node of every view, where regexp was a quarter of ValidateView's
// time. view_grammar_test.go checks each against the expression in its
// comment.

// validID: ^[A-Za-z0-9_-]{1,64}$
func validID(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// validAction: ^[A-Za-z][A-Za-z0-9_.:-]{0,63}$
func validAction(s string) bool {
	return len(s) >= 1 && len(s) <= 64 && isAlpha(s[0]) && refTail(s[1:])
}

// validRef: ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$
func validRef(s string) bool {
	return len(s) >= 1 && len(s) <= 128 && isAlnum(s[0]) && refTail(s[1:])
}

func refTail(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '.' && c != ':' && c != '-' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }

var (
	blobRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$`)
	dataRe = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]*={0,2})$`)
	styles = map[string][]string{
		"text":   {"body", "title", "subtitle", "caption", "muted"},
		"button": {"primary", "secondary", "danger"},
	}
	gaps   = []string{"none", "small", "medium", "large"}
	inputs = []string{"textInput", "numberInput", "select", "checkbox"}
)

// ValidateView checks a view returned by render or action and returns it
// normalized. Errors are *Error with a view_* code and the node's path.
func ValidateView(raw stdjson.RawMessage, limits ViewLimits) (View, error) {
	v, err := decodeJSON(raw, limits)
	if err != nil {
		return View{}, err
	}
	w := &viewWalker{limits: limits, ids: map[string]bool{}}
	root, err := w.node(v, "view", 1, nil)
	if err != nil {
		return View{}, err
	}
	return finishView(root, limits)
}

func finishView(root *Node, limits ViewLimits) (View, error) {
	out, err := marshalNode(root)
	if err != nil {
		return View{}, errorf(CodeViewMalformed, "view: %v", err)
	}
	if len(out) > limits.MaxBytes {
		return View{}, errorf(CodeViewTooLarge, "view is %d bytes of JSON; the limit is %d", len(out), limits.MaxBytes)
	}
	return View{Root: root}, nil
}

func decodeJSON(raw []byte, limits ViewLimits) (any, error) {
	if len(raw) > limits.MaxBytes {
		return nil, errorf(CodeViewTooLarge, "view is %d bytes of JSON; the limit is %d", len(raw), limits.MaxBytes)
	}
	var v any
	// json v2 rejects duplicate keys and invalid UTF-8, so the host and the
	// shell can never read two different views out of one JSON text.
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, &Error{Code: CodeViewMalformed, Message: "view is not valid JSON: " + err.Error(), Err: err}
	}
	return v, nil
}

type viewWalker struct {
	limits ViewLimits
	nodes  int
	ids    map[string]bool
	// patch nodes are checked out of context; the patched view is then
	// validated as a whole.
	loose bool
}

// formScope is the enclosing form: inputs need one and their names are unique in it.
type formScope struct{ names map[string]bool }

func (w *viewWalker) node(v any, at string, depth int, form *formScope) (*Node, error) {
	if depth > w.limits.MaxDepth {
		return nil, errorf(CodeViewTooDeep, "%s: views may nest at most %d levels", at, w.limits.MaxDepth)
	}
	if w.nodes++; w.nodes > w.limits.MaxNodes {
		return nil, errorf(CodeViewTooMany, "%s: views may have at most %d nodes", at, w.limits.MaxNodes)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errorf(CodeViewMalformed, "%s: a component must be a JSON object, got %s", at, jsonKind(v))
	}
	typ, ok := obj["type"].(string)
	if !ok {
		return nil, errorf(CodeViewMalformed, "%s: \"type\" must be a string naming a component", at)
	}
	allowed, ok := components[typ]
	if !ok {
		return nil, errorf(CodeViewComponent, "%s: unknown component %q (known: %s)", at, typ, componentList())
	}
	at = fmt.Sprintf("%s (%s)", at, typ)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k != "type" && k != "id" && !slices.Contains(allowed, k) {
			return nil, errorf(CodeViewField, "%s: field %q is not allowed (allowed: id, %s)", at, k, strings.Join(allowed, ", "))
		}
	}
	f := fields{obj: obj, at: at, w: w}
	n := &Node{Type: typ}
	n.ID = f.str("id", false, 64)
	if n.ID != "" {
		if !validID(n.ID) {
			return nil, errorf(CodeViewValue, "%s: id %q must be 1-64 of A-Z a-z 0-9 _ -", at, n.ID)
		}
		if w.ids[n.ID] {
			return nil, errorf(CodeViewDuplicateID, "%s: id %q is used twice", at, n.ID)
		}
		w.ids[n.ID] = true
	}
	isInput := slices.Contains(inputs, typ)
	if isInput && form == nil && !w.loose {
		return nil, errorf(CodeViewValue, "%s: inputs must be inside a form", at)
	}

	switch typ {
	case "text":
		n.Text = f.str("text", false, w.limits.MaxText)
		n.Style = f.enum("style", styles["text"])
	case "image":
		n.Src = f.str("src", true, max(w.limits.MaxURLBytes, w.limits.MaxDataImageBytes))
		n.Alt = f.str("alt", false, w.limits.MaxString)
		if f.err == nil {
			f.err = checkImageSrc(n.Src, at, w.limits)
		}
	case "button":
		n.Label = f.str("label", true, w.limits.MaxString)
		n.Action = f.action("action", true)
		n.Args = f.args("args")
		n.Style = f.enum("style", styles["button"])
		n.Disabled = f.boolean("disabled")
	case "card":
		n.Title = f.str("title", false, w.limits.MaxString)
		n.Subtitle = f.str("subtitle", false, w.limits.MaxString)
	case "productCard":
		n.ProductID = f.ref("productId")
		n.Action = f.action("action", false)
		n.Args = f.args("args")
	case "form":
		if form != nil {
			return nil, errorf(CodeViewValue, "%s: forms cannot nest", at)
		}
		n.Action = f.action("action", true)
		n.SubmitLabel = f.str("submitLabel", false, w.limits.MaxString)
	case "textInput", "numberInput", "select", "checkbox":
		n.Name = f.str("name", true, 64)
		if f.err == nil && !validID(n.Name) {
			f.err = errorf(CodeViewValue, "%s: name %q must be 1-64 of A-Z a-z 0-9 _ -", at, n.Name)
		}
		if f.err == nil && form != nil {
			if form.names[n.Name] {
				f.err = errorf(CodeViewDuplicateID, "%s: input name %q is used twice in one form", at, n.Name)
			}
			form.names[n.Name] = true
		}
		n.Label = f.str("label", false, w.limits.MaxString)
		switch typ {
		case "textInput":
			n.Placeholder = f.str("placeholder", false, w.limits.MaxString)
			if s, ok := f.optStr("value", w.limits.MaxText); ok {
				n.Value = s
			}
			n.Required = f.boolean("required")
			n.MaxLength = f.intPtr("maxLength", 1, 100_000)
			n.Multiline = f.boolean("multiline")
		case "numberInput":
			if x := f.num("value"); x != nil {
				n.Value = *x
			}
			n.Min, n.Max, n.Step = f.num("min"), f.num("max"), f.num("step")
			if f.err == nil && n.Min != nil && n.Max != nil && *n.Min > *n.Max {
				f.err = errorf(CodeViewValue, "%s: min is above max", at)
			}
			if f.err == nil && n.Step != nil && *n.Step <= 0 {
				f.err = errorf(CodeViewValue, "%s: step must be positive", at)
			}
		case "select":
			n.Options = f.options("options")
			if s, ok := f.optStr("value", w.limits.MaxString); ok {
				n.Value = s
			}
		case "checkbox":
			n.Checked = f.boolean("checked")
		}
	case "orderStatus":
		n.OrderID = f.ref("orderId")
	case "stack", "row", "column":
		n.Gap = f.enum("gap", gaps)
	}
	if f.err != nil {
		return nil, f.err
	}

	if slices.Contains(allowed, "children") {
		raw, present := obj["children"]
		if present {
			list, ok := raw.([]any)
			if !ok {
				return nil, errorf(CodeViewValue, "%s: \"children\" must be an array", at)
			}
			inner := form
			if typ == "form" {
				inner = &formScope{names: map[string]bool{}}
			}
			for i, c := range list {
				child, err := w.node(c, fmt.Sprintf("%s.children[%d]", strings.SplitN(at, " ", 2)[0], i), depth+1, inner)
				if err != nil {
					return nil, err
				}
				n.Children = append(n.Children, child)
			}
		}
	}
	return n, nil
}

// fields reads typed fields from a component object; the first error sticks.
type fields struct {
	obj map[string]any
	at  string
	w   *viewWalker
	err error
}

func (f *fields) fail(code, field, format string, args ...any) {
	if f.err == nil {
		f.err = errorf(code, "%s: field %q: %s", f.at, field, fmt.Sprintf(format, args...))
	}
}

func (f *fields) optStr(name string, maxLen int) (string, bool) {
	v, ok := f.obj[name]
	if !ok {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		f.fail(CodeViewValue, name, "must be a string, got %s", jsonKind(v))
		return "", false
	}
	if len(s) > maxLen {
		f.fail(CodeViewString, name, "is %d bytes; the limit is %d", len(s), maxLen)
		return "", false
	}
	return s, true
}

func (f *fields) str(name string, required bool, maxLen int) string {
	s, ok := f.optStr(name, maxLen)
	if required && (!ok || s == "") && f.err == nil {
		f.fail(CodeViewValue, name, "is required")
	}
	return s
}

func (f *fields) enum(name string, allowed []string) string {
	s, ok := f.optStr(name, 32)
	if ok && !slices.Contains(allowed, s) {
		f.fail(CodeViewValue, name, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
	return s
}

func (f *fields) action(name string, required bool) string {
	s := f.str(name, required, 64)
	if s != "" && !validAction(s) {
		f.fail(CodeViewValue, name, "%q must start with a letter and use only A-Z a-z 0-9 _ . : - (at most 64)", s)
	}
	return s
}

func (f *fields) ref(name string) string {
	s := f.str(name, true, 128)
	if s != "" && !validRef(s) {
		f.fail(CodeViewValue, name, "%q is not a valid id", s)
	}
	return s
}

func (f *fields) boolean(name string) bool {
	v, ok := f.obj[name]
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		f.fail(CodeViewValue, name, "must be true or false, got %s", jsonKind(v))
	}
	return b
}

func (f *fields) num(name string) *float64 {
	v, ok := f.obj[name]
	if !ok {
		return nil
	}
	x, isNum := v.(float64)
	if !isNum || math.IsInf(x, 0) || math.IsNaN(x) {
		f.fail(CodeViewValue, name, "must be a finite number, got %s", jsonKind(v))
		return nil
	}
	return &x
}

func (f *fields) intPtr(name string, lo, hi int) *int {
	x := f.num(name)
	if x == nil {
		return nil
	}
	if *x != math.Trunc(*x) || *x < float64(lo) || *x > float64(hi) {
		f.fail(CodeViewValue, name, "must be a whole number from %d to %d", lo, hi)
		return nil
	}
	i := int(*x)
	return &i
}

func (f *fields) args(name string) stdjson.RawMessage {
	v, ok := f.obj[name]
	if !ok {
		return nil
	}
	b, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		f.fail(CodeViewValue, name, "%v", err)
		return nil
	}
	if len(b) > f.w.limits.MaxArgsBytes {
		f.fail(CodeViewTooLarge, name, "is %d bytes of JSON; the limit is %d", len(b), f.w.limits.MaxArgsBytes)
		return nil
	}
	return b
}

func (f *fields) options(name string) []Option {
	v, ok := f.obj[name]
	list, isList := v.([]any)
	if !ok || !isList || len(list) == 0 {
		f.fail(CodeViewValue, name, "must be a non-empty array of {value, label}")
		return nil
	}
	if len(list) > f.w.limits.MaxOptions {
		f.fail(CodeViewValue, name, "has %d options; the limit is %d", len(list), f.w.limits.MaxOptions)
		return nil
	}
	out := make([]Option, 0, len(list))
	for i, o := range list {
		m, isObj := o.(map[string]any)
		val, ok1 := m["value"].(string)
		label, ok2 := m["label"].(string)
		if !isObj || !ok1 || !ok2 || len(m) != 2 {
			f.fail(CodeViewValue, name, "option %d must be exactly {value: string, label: string}", i)
			return nil
		}
		if len(val) > f.w.limits.MaxString || len(label) > f.w.limits.MaxString {
			f.fail(CodeViewString, name, "option %d is longer than %d bytes", i, f.w.limits.MaxString)
			return nil
		}
		out = append(out, Option{Value: val, Label: label})
	}
	return out
}

// checkImageSrc allows https URLs, bundle assets, host blobs and small
// raster data: URLs. Never javascript:, http:, svg or other data.
func checkImageSrc(src, at string, limits ViewLimits) error {
	bad := func(format string, args ...any) error {
		return errorf(CodeViewURL, "%s: field \"src\": %s", at, fmt.Sprintf(format, args...))
	}
	switch {
	case strings.HasPrefix(src, "data:"):
		if len(src) > limits.MaxDataImageBytes {
			return bad("data: image is %d bytes; the limit is %d (upload larger images as assets)", len(src), limits.MaxDataImageBytes)
		}
		m := dataRe.FindStringSubmatch(src)
		if m == nil {
			return bad("only data:image/(png|jpeg|gif|webp);base64 is allowed")
		}
		if _, err := base64.StdEncoding.DecodeString(m[2]); err != nil {
			return bad("bad base64 in data: URL")
		}
		return nil
	case len(src) > limits.MaxURLBytes:
		return bad("is %d bytes; the limit is %d", len(src), limits.MaxURLBytes)
	case strings.HasPrefix(src, "asset:"):
		p := strings.TrimPrefix(src, "asset:")
		if pathError(p) != nil {
			return bad("%q is not a clean relative asset path", p)
		}
		if ct := AssetExts[strings.ToLower(path.Ext(p))]; !strings.HasPrefix(ct, "image/") {
			return bad("asset %q is not an image", p)
		}
		return nil
	case strings.HasPrefix(src, "blob:"):
		k := strings.TrimPrefix(src, "blob:")
		if !blobRe.MatchString(k) || slices.Contains(strings.Split(k, "/"), "..") {
			return bad("%q is not a valid blob key", k)
		}
		return nil
	case strings.HasPrefix(src, "https://"):
		u, err := url.Parse(src)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Opaque != "" ||
			strings.ContainsAny(src, " \t\r\n\\\"'<>`") {
			return bad("%q is not a plain https URL", src)
		}
		return nil
	}
	return bad("must be https://…, asset:<path>, blob:<key> or a small data:image/…;base64 URL")
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func componentList() string {
	names := make([]string, 0, len(components))
	for k := range components {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// ---- patches

// PatchOp is one edit, addressed by node id: "replace" (Node replaces the
// node with ID), "remove", or "append" (Node becomes ID's last child).
type PatchOp struct {
	Op   string `json:"op"`
	ID   string `json:"id"`
	Node *Node  `json:"node,omitempty"`
}

// Patch is what action may return instead of a whole view: {"patch": [ops]}.
type Patch struct {
	Ops []PatchOp `json:"patch"`
}

// ValidateActionResult validates what action returned: a whole view, or a
// patch to apply to the view the shopper is looking at (exactly one of the
// results is non-nil on success).
func ValidateActionResult(raw stdjson.RawMessage, limits ViewLimits) (*View, *Patch, error) {
	v, err := decodeJSON(raw, limits)
	if err != nil {
		return nil, nil, err
	}
	if obj, ok := v.(map[string]any); ok {
		if _, isPatch := obj["patch"]; isPatch {
			p, err := validatePatch(obj, limits)
			return nil, p, err
		}
	}
	w := &viewWalker{limits: limits, ids: map[string]bool{}}
	root, err := w.node(v, "view", 1, nil)
	if err != nil {
		return nil, nil, err
	}
	view, err := finishView(root, limits)
	if err != nil {
		return nil, nil, err
	}
	return &view, nil, nil
}

func validatePatch(obj map[string]any, limits ViewLimits) (*Patch, error) {
	if len(obj) != 1 {
		return nil, errorf(CodeViewPatch, "a patch is exactly {\"patch\": [ops]}")
	}
	list, ok := obj["patch"].([]any)
	if !ok || len(list) == 0 || len(list) > limits.MaxPatchOps {
		return nil, errorf(CodeViewPatch, "\"patch\" must be an array of 1 to %d ops", limits.MaxPatchOps)
	}
	w := &viewWalker{limits: limits, ids: map[string]bool{}, loose: true}
	p := &Patch{}
	for i, o := range list {
		at := fmt.Sprintf("patch[%d]", i)
		m, ok := o.(map[string]any)
		if !ok {
			return nil, errorf(CodeViewPatch, "%s: must be an object", at)
		}
		op, _ := m["op"].(string)
		id, _ := m["id"].(string)
		if !validID(id) {
			return nil, errorf(CodeViewPatch, "%s: \"id\" must name a node id", at)
		}
		want := 3
		if op == "remove" {
			want = 2
		} else if op != "replace" && op != "append" {
			return nil, errorf(CodeViewPatch, "%s: \"op\" must be replace, remove or append", at)
		}
		if len(m) != want {
			return nil, errorf(CodeViewPatch, "%s: replace and append take exactly op, id and node; remove takes op and id", at)
		}
		po := PatchOp{Op: op, ID: id}
		if want == 3 {
			n, err := w.node(m["node"], at+".node", 1, nil)
			if err != nil {
				return nil, err
			}
			po.Node = n
		}
		p.Ops = append(p.Ops, po)
	}
	return p, nil
}

// Apply returns a new view with the patch applied, validated as a whole
// (ids unique, inputs in forms, every cap). The receiver is not changed.
func (v View) Apply(p *Patch, limits ViewLimits) (View, error) {
	root := cloneNode(v.Root)
	for i, op := range p.Ops {
		if root.ID == op.ID && op.Op != "append" {
			if op.Op == "remove" {
				return View{}, errorf(CodeViewPatch, "patch[%d]: cannot remove the root", i)
			}
			root = cloneNode(op.Node)
			continue
		}
		if !applyOp(root, op) {
			return View{}, errorf(CodeViewPatch, "patch[%d]: no node with id %q", i, op.ID)
		}
	}
	out, err := marshalNode(root)
	if err != nil {
		return View{}, errorf(CodeViewPatch, "%v", err)
	}
	return ValidateView(out, limits)
}

func applyOp(n *Node, op PatchOp) bool {
	if op.Op == "append" && n.ID == op.ID {
		if _, ok := components[n.Type]; !ok || !slices.Contains(components[n.Type], "children") {
			return false
		}
		n.Children = append(n.Children, cloneNode(op.Node))
		return true
	}
	for i, c := range n.Children {
		if c.ID == op.ID && op.Op != "append" {
			if op.Op == "remove" {
				n.Children = slices.Delete(n.Children, i, i+1)
			} else {
				n.Children[i] = cloneNode(op.Node)
			}
			return true
		}
		if applyOp(c, op) {
			return true
		}
	}
	return false
}

func cloneNode(n *Node) *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Children = make([]*Node, len(n.Children))
	for i, ch := range n.Children {
		c.Children[i] = cloneNode(ch)
	}
	if len(c.Children) == 0 {
		c.Children = nil
	}
	c.Options = slices.Clone(n.Options)
	return &c
}
