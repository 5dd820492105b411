package api_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/soukhq/souk/store/storetest"
)

// The API's conventions (docs/API.md), checked on the generated OpenAPI
// document so that no route can drift from them unnoticed:
//
//   - every list is one cursor pagination: limit, starting_after and
//     ending_before in, {data: [...], has_more} out;
//   - every time is an RFC 3339 string (format date-time), never a number;
//   - query parameters and body properties are snake_case;
//   - a resource keeps one prefix: the same noun is always reached through
//     the same path, whatever the scope (/orgs/{orgId}, /admin, /me, /review);
//   - whatever a POST creates can be read back with a GET.
func TestAPIConventions(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	r := h.do("GET", "/api/openapi.json", "", nil)
	if r.Status != 200 {
		t.Fatalf("GET /api/openapi.json: %d", r.Status)
	}
	var doc oaDoc
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, v := range checkConventions(doc) {
		t.Error(v)
	}
}

// A document that breaks each convention is caught: the checker is not a
// test that cannot fail.
func TestAPIConventionsCatchViolations(t *testing.T) {
	bad := `{"paths":{
	  "/api/v1/things": {
	    "get": {"operationId":"list-things","parameters":[{"name":"pageSize","in":"query","schema":{"type":"integer"}}],
	      "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Things"}}}}}},
	    "post": {"operationId":"create-thing","responses":{"201":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}
	  },
	  "/api/v1/widgets": {
	    "post": {"operationId":"create-widget","responses":{"201":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}
	  },
	  "/api/v1/things/{thingId}": {
	    "get": {"operationId":"get-thing","responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}
	  },
	  "/api/v1/stuff/things/{thingId}/parts": {
	    "get": {"operationId":"get-parts","responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}
	  }},
	  "components":{"schemas":{
	    "Things":{"type":"object","properties":{"things":{"type":"array","items":{"$ref":"#/components/schemas/Thing"}}}},
	    "Thing":{"type":"object","properties":{"id":{"type":"string"},"createdAt":{"type":"string","format":"date-time"},
	      "updated_at":{"type":"integer","format":"int64"}}}
	  }}}`
	var doc oaDoc
	if err := json.Unmarshal([]byte(bad), &doc); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(checkConventions(doc), "\n")
	for _, want := range []string{
		"list-things: list without starting_after",
		"list-things: list without ending_before",
		"list-things: list response is not {data, has_more}",
		"list-things: query parameter pageSize is not snake_case",
		"Thing.createdAt is not snake_case",
		"Thing.updated_at is a time but not a date-time string",
		"create-widget: POST /api/v1/widgets creates a resource but there is no GET /api/v1/widgets/{…}",
		"noun things is reached through two prefixes",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the checker missed %q; it said:\n%s", want, got)
		}
	}
}

type oaDoc struct {
	Paths      map[string]map[string]oaOp `json:"paths"`
	Components struct {
		Schemas map[string]*oaSchema `json:"schemas"`
	} `json:"components"`
}

type oaOp struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name   string    `json:"name"`
		In     string    `json:"in"`
		Schema *oaSchema `json:"schema"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema *oaSchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *oaSchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type oaSchema struct {
	Ref        string               `json:"$ref"`
	Type       any                  `json:"type"`
	Format     string               `json:"format"`
	Properties map[string]*oaSchema `json:"properties"`
	Items      *oaSchema            `json:"items"`
}

func (s *oaSchema) is(typ string) bool {
	switch t := s.Type.(type) {
	case string:
		return t == typ
	case []any:
		for _, x := range t {
			if x == typ {
				return true
			}
		}
	}
	return false
}

var (
	snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	// A property or query parameter that holds a point in time.
	timeName = regexp.MustCompile(`(^|_)(at|until|since|expires|pay_by)$`)
	// Scopes a resource may be reached through besides its own path.
	scopePrefix = regexp.MustCompile(`^/api/v1(/orgs/\{[^}]+\}|/admin|/me|/review)?`)
)

// Exemptions, each with its reason.
var (
	// Responses that hold arrays but are one resource, not a list.
	notLists = map[string]string{
		"get-me":                 "the caller with their orgs embedded",
		"get-my-credit-score":    "one score with its fixed list of factors",
		"get-credit-exposure":    "a report: one row per currency, never paged",
		"admin-ledger-check":     "a report: every problem found, never paged",
		"get-releases":           "one app's release state with its last 10 kept versions",
		"get-app-status":         "one app's status",
		"get-recording":          "one event's recording: its host calls in full, never paged",
		"list-invoice-chain":     "a range of the invoice hash chain by sequence (from, to; at most 1,000): a verifier's walk, not a cursor list",
		"get-invoice-keys":       "every key that ever signed an invoice: a handful, never paged",
		"get-autorollback":       "one app's rules, live comparison and automatic rollbacks",
		"get-brand-verification": "one request with its document keys (at most 5)",
		"get-authenticity-stats": "counts with the latest 100 warnings, never paged",
	}
	// Schemas whose property names are not the API's: the server-driven
	// view format of the mini-program SDK, carried verbatim.
	foreignSchemas = map[string]string{"Node": "the SDK's view format (sdk-js/src/view.ts)"}
	// POSTs that create something read back elsewhere, or that are uploads
	// or actions rather than resources.
	readBackAt = map[string]string{
		"signup":                    "GET /api/v1/me",
		"create-group":              "GET /api/v1/chat/conversations/{convId}",
		"upload-chat-image":         "an upload: the key is sent in an image message, read with get-message-image",
		"upload-review-photo":       "an upload: the key is sent in a review, read with get-review-photo",
		"upload-product-image":      "an upload: the key is set on the product, read with get-product-image",
		"send-transfer":             "GET /api/v1/chat/transfers/{transferId}",
		"send-red-packet":           "GET /api/v1/chat/red-packets/{redPacketId}",
		"brand-send-message":        "GET /api/v1/chat/conversations/{convId}/messages/{seq} (the brand's agents read the history in the inbox)",
		"create-review":             "GET /api/v1/reviews/{reviewId}",
		"reply-review":              "the reply is part of the review: GET /api/v1/reviews/{reviewId}",
		"report-review":             "a report is read by moderators: GET /api/v1/orgs/{orgId}/review-reports, /api/v1/admin/review-reports",
		"create-invoice":            "GET /api/v1/me/invoices/{invoiceId}/file (and the card bag, list-my-invoices)",
		"share-invoice":             "a share link, read by its holder with GET /api/v1/invoice-shares/{token}",
		"replay-webhook-delivery":   "an action on a delivery, read back with GET …/deliveries/{deliveryId}",
		"create-shipment":           "GET /api/v1/orgs/{orgId}/shipments/{shipmentId}",
		"create-sku":                "GET /api/v1/orgs/{orgId}/skus/{skuId}",
		"create-brand-payment-code": "GET /api/v1/payment-codes/{codeId}",
		"create-brand-coupon":       "GET /api/v1/coupons/{couponId}",
		"admin-create-coupon":       "GET /api/v1/coupons/{couponId}",
		"create-campaign":           "GET /api/v1/admin/campaigns/{campaignId}",
		"redeem-incentive-rebate":   "GET /api/v1/orgs/{orgId}/rebates (and the balance it credited)",
		"submit-brand-verification": "GET /api/v1/orgs/{orgId}/verification (the brand's latest request)",
		"admin-record-fx-rate":      "GET /api/v1/fx/rates (the current rate of every pair)",
		"create-fx-quote":           "GET /api/v1/fx/quotes/{quoteId}",
		"create-fx-conversion":      "GET /api/v1/fx/conversions/{conversionId}",
		"open-live-room":            "GET /api/v1/live-rooms/{roomId}",
		"buy-live-sku":              "an order: GET /api/v1/me/orders/{orderId}",
	}
)

func checkConventions(doc oaDoc) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	resolve := func(s *oaSchema) *oaSchema {
		for s != nil && s.Ref != "" {
			s = doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		}
		return s
	}
	gets := map[string]bool{}
	for path, item := range doc.Paths {
		if _, ok := item["get"]; ok {
			gets[path] = true
		}
	}
	nounPrefix := map[string]map[string]bool{}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		if !strings.HasPrefix(path, "/api/v1/") {
			bad("%s is outside /api/v1", path)
		}
		// One prefix per resource: a collection noun followed by its id.
		rest := scopePrefix.ReplaceAllString(path, "")
		segs := strings.Split(strings.TrimPrefix(rest, "/"), "/")
		for i := 0; i+1 < len(segs); i++ {
			if strings.HasPrefix(segs[i], "{") || !strings.HasPrefix(segs[i+1], "{") {
				continue
			}
			// A noun below another resource's id is that resource's
			// (org members, conversation members).
			key := segs[i]
			if i >= 2 && strings.HasPrefix(segs[i-1], "{") {
				key = segs[i-2] + "/" + segs[i]
			}
			if nounPrefix[key] == nil {
				nounPrefix[key] = map[string]bool{}
			}
			nounPrefix[key]["/"+strings.Join(segs[:i], "/")] = true
		}
		for method, op := range doc.Paths[path] {
			id := op.OperationID
			var query []string
			for _, p := range op.Parameters {
				if p.In != "query" {
					continue
				}
				query = append(query, p.Name)
				if !snakeCase.MatchString(p.Name) {
					bad("%s: query parameter %s is not snake_case", id, p.Name)
				}
				if timeName.MatchString(p.Name) && (p.Schema == nil || !p.Schema.is("string") || p.Schema.Format != "date-time") {
					bad("%s: query parameter %s is a time but not a date-time string", id, p.Name)
				}
			}
			var ok *oaSchema
			status := ""
			for code, resp := range op.Responses {
				if strings.HasPrefix(code, "2") {
					status = code
					if c, found := resp.Content["application/json"]; found {
						ok = resolve(c.Schema)
					}
				}
			}
			if method == "get" && ok != nil && notLists[id] == "" && !strings.HasSuffix(path, "}") {
				isList := false
				for _, p := range ok.Properties {
					if resolve(p).is("array") {
						isList = true
					}
				}
				if isList {
					for _, want := range []string{"limit", "starting_after", "ending_before"} {
						if !slices.Contains(query, want) {
							bad("%s: list without %s", id, want)
						}
					}
					data, more := ok.Properties["data"], ok.Properties["has_more"]
					if len(ok.Properties) != 2 || data == nil || !resolve(data).is("array") || more == nil || !resolve(more).is("boolean") {
						bad("%s: list response is not {data, has_more}", id)
					}
				}
			}
			if method == "post" && (status == "201" || status == "202") && readBackAt[id] == "" {
				if !strings.HasSuffix(path, "}") && !hasGetBelow(gets, path) {
					bad("%s: POST %s creates a resource but there is no GET %s/{…}", id, path, path)
				}
			}
		}
	}
	nouns := make([]string, 0, len(nounPrefix))
	for n := range nounPrefix {
		nouns = append(nouns, n)
	}
	sort.Strings(nouns)
	for _, n := range nouns {
		if len(nounPrefix[n]) > 1 {
			var ps []string
			for p := range nounPrefix[n] {
				ps = append(ps, p)
			}
			sort.Strings(ps)
			bad("noun %s is reached through two prefixes: %s", n, strings.Join(ps, ", "))
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if foreignSchemas[name] != "" {
			continue
		}
		for prop, ps := range doc.Components.Schemas[name].Properties {
			if !snakeCase.MatchString(prop) {
				bad("%s.%s is not snake_case", name, prop)
			}
			if timeName.MatchString(prop) {
				p := resolve(ps)
				if !p.is("string") || p.Format != "date-time" {
					bad("%s.%s is a time but not a date-time string", name, prop)
				}
			}
			if p := resolve(ps); p != nil && p.is("integer") && strings.HasSuffix(prop, "at_us") {
				bad("%s.%s is a Unix time, not a date-time string", name, prop)
			}
		}
	}
	sort.Strings(out)
	return out
}

// hasGetBelow reports whether path/{id} has a GET.
func hasGetBelow(gets map[string]bool, path string) bool {
	for p := range gets {
		if strings.HasPrefix(p, path+"/{") && strings.Count(p, "/") == strings.Count(path, "/")+1 {
			return true
		}
	}
	return false
}
