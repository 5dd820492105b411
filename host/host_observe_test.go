package host_test

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/soukhq/souk/internal/tracing"
)

// useTestTracer records every span of the test binary in memory; nodes
// started afterwards mount the HTTP tracing middleware.
func useTestTracer() *tracetest.InMemoryExporter {
	exp := tracetest.NewInMemoryExporter()
	tracing.Use(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)))
	return exp
}

// metricsAndTraces: after the core flow, every metric souk defines has
// samples in /metrics, every metric the Grafana dashboards query exists,
// and one app render is one trace from the HTTP request down to the
// app's host calls.
func (f *flow) metricsAndTraces(t *testing.T) {
	exposed := scrapeMetricNames(t, f.n.base+"/metrics")
	// Counters labelled by something only a failure names have no series
	// until that failure happens.
	onlyOnFailure := map[string]bool{"souk_http_panics_total": true}
	for _, name := range definedMetrics(t) {
		if !exposed[name] && !exposed[name+"_count"] && !onlyOnFailure[name] {
			t.Errorf("%s is defined in the source but has no sample in /metrics after the core flow", name)
		}
	}
	for metric, dashboards := range dashboardMetrics(t) {
		if !exposed[metric] {
			t.Errorf("%v query %s, which /metrics does not expose", dashboards, metric)
		}
	}

	if f.spans == nil {
		t.Fatal("the flow runs without a test tracer")
	}
	f.spans.Reset()
	home := f.ann.render(f.installation, "home", nil)
	trace := receiptTrace(f.spans, home.receiptID)
	var spans []sdktrace.ReadOnlySpan
	for _, s := range f.spans.GetSpans().Snapshots() {
		if s.SpanContext().TraceID() == trace {
			spans = append(spans, s)
		}
	}
	byID := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID().String()] = s
	}
	parentName := func(s sdktrace.ReadOnlySpan) string {
		if p, ok := byID[s.Parent().SpanID().String()]; ok {
			return p.Name()
		}
		return ""
	}
	var chain []string
	hostCalls := 0
	for _, s := range spans {
		switch {
		case strings.HasPrefix(s.Name(), "POST /api/v1/installations/") && strings.HasSuffix(s.Name(), "/render") && !s.Parent().IsValid():
			chain = append(chain, "http")
		case s.Name() == "app.event render" && strings.HasPrefix(parentName(s), "POST "):
			chain = append(chain, "event")
			if !slices.Contains(s.Attributes(), attribute.String("souk.outcome", "ok")) {
				t.Errorf("the event span's attributes %v do not say ok", s.Attributes())
			}
		case s.Name() == "sandbox.run" && parentName(s) == "app.event render":
			chain = append(chain, "sandbox")
		case strings.HasPrefix(s.Name(), "host.") && parentName(s) == "sandbox.run":
			hostCalls++
		}
	}
	slices.Sort(chain)
	if !slices.Equal(chain, []string{"event", "http", "sandbox"}) || hostCalls == 0 {
		names := []string{}
		for _, s := range spans {
			names = append(names, s.Name()+" ← "+parentName(s))
		}
		t.Fatalf("render %s traced as %v with %d host calls; spans: %v", home.receiptID, chain, hostCalls, names)
	}
}

// receiptTrace is the trace id of the event span that wrote receipt id.
func receiptTrace(exp *tracetest.InMemoryExporter, id string) (trace [16]byte) {
	for _, s := range exp.GetSpans().Snapshots() {
		if slices.Contains(s.Attributes(), attribute.String("souk.receipt", id)) {
			trace = s.SpanContext().TraceID()
		}
	}
	return trace
}

func scrapeMetricNames(t *testing.T, url string) map[string]bool {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", r.StatusCode, body)
	}
	names := map[string]bool{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		name, _, _ = strings.Cut(name, " ")
		names[name] = true
	}
	return names
}

// definedMetrics is every souk_ metric name in the repository's Go source
// (outside tests), so a metric added later is held to the same rule.
func definedMetrics(t *testing.T) []string {
	t.Helper()
	lit := regexp.MustCompile(`(?:Name:\s*|NewDesc\()"(souk_[a-z0-9_]+)"`)
	seen := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 20 {
		t.Fatalf("found only %d metric definitions: %v", len(seen), seen)
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// dashboardMetrics is every metric the Grafana dashboards in deploy/grafana
// query, with the dashboards that query it.
func dashboardMetrics(t *testing.T) map[string][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "deploy", "grafana", "*.json"))
	if len(files) == 0 {
		t.Fatal("no dashboards in deploy/grafana")
	}
	metricName := regexp.MustCompile(`\b(?:souk|go|process)_[a-zA-Z0-9_]+\b`)
	want := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var dash any
		if err := json.Unmarshal(b, &dash); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		queries := 0
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if s, ok := x.(string); ok && (k == "expr" || k == "query") {
						queries++
						for _, m := range metricName.FindAllString(s, -1) {
							want[m] = append(want[m], filepath.Base(f))
						}
					}
					walk(x)
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(dash)
		if queries == 0 {
			t.Errorf("%s queries nothing", f)
		}
	}
	return want
}
