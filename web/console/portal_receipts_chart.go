package console

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/site"
)

// Per-event usage against the limits, for the receipts explorer: over the
// last 24 hours, per hour, the median (p50, solid line) and p95 (dashed)
// of wall time, CPU time, memory and host calls of the app's events, with
// the limit the events ran under as a dotted line (CPU time is reported,
// not limited: no line). The same figures are in a table beside each
// chart; nothing is told by colour alone.

const (
	usageHours    = 24
	usageStep     = 20
	usageTop      = 24
	usagePlot     = 140
	usageLabel    = 28
	usageReceipts = 2000 // at most this many of the last 24 hours' receipts are read
)

type usageChart struct {
	ID, Title, Unit     string
	Width, Height, Base int
	LabelY              int
	P50, P95            string // polyline points
	// Limit is the limit's label and LimitY its line's height (0: none).
	Limit       string
	LimitY      int
	High        string
	First, Last string
	Hours       []usageHour
}

type usageHour struct {
	X, Y50, Y95 int
	Hour        string
	N           int
	P50, P95    string
	has         bool
	p50v, p95v  float64
}

type usageMetric struct {
	id, titleKey, unit string
	value              func(runtime.Receipt) float64
	limit              func(*runtime.ReceiptLimits) float64
}

var usageMetrics = []usageMetric{
	{"wall", "portal.receipts.usage.wall", "ms", func(r runtime.Receipt) float64 { return float64(r.WallMicros) / 1000 },
		func(l *runtime.ReceiptLimits) float64 { return float64(l.TimeoutMs) }},
	{"cpu", "portal.receipts.usage.cpu", "ms", func(r runtime.Receipt) float64 { return float64(r.CPUMicros) / 1000 }, nil},
	{"memory", "portal.receipts.usage.memory", "MiB", func(r runtime.Receipt) float64 { return float64(r.MemoryBytes) / (1 << 20) },
		func(l *runtime.ReceiptLimits) float64 { return float64(l.MemoryMB) }},
	{"hostcalls", "portal.receipts.usage.host_calls", "", func(r runtime.Receipt) float64 { return float64(r.HostCalls) },
		func(l *runtime.ReceiptLimits) float64 { return float64(l.HostCalls) }},
}

// usageCharts reads the app's receipts of the last 24 hours (up to
// usageReceipts, newest first) and charts them per hour.
func (p *portal) usageCharts(r *site.Req, o devCtx, now time.Time) ([]usageChart, error) {
	end := now.UTC().Truncate(time.Hour).Add(time.Hour)
	start := end.Add(-usageHours * time.Hour)
	var rs []runtime.Receipt
	f := runtime.ReceiptFilter{AppID: o.App.ID, Since: start, Limit: 200}
	for len(rs) < usageReceipts {
		pg, err := p.Receipts.Receipts(r.Context(), f)
		if err != nil {
			return nil, err
		}
		rs = append(rs, pg.Receipts...)
		if pg.Next == "" {
			break
		}
		f.Cursor = pg.Next
	}
	if len(rs) == 0 {
		return nil, nil
	}
	var limits *runtime.ReceiptLimits
	for _, x := range rs {
		if x.Limits != nil {
			limits = x.Limits // the newest receipt's limits
			break
		}
	}
	var out []usageChart
	for _, m := range usageMetrics {
		out = append(out, usageChartOf(r, m, rs, limits, start))
	}
	return out, nil
}

func usageChartOf(r *site.Req, m usageMetric, rs []runtime.Receipt, limits *runtime.ReceiptLimits, start time.Time) usageChart {
	buckets := make([][]float64, usageHours)
	for _, x := range rs {
		if i := int(x.StartedAt.Sub(start) / time.Hour); i >= 0 && i < usageHours {
			buckets[i] = append(buckets[i], m.value(x))
		}
	}
	c := usageChart{ID: m.id, Title: r.L.T(m.titleKey), Unit: m.unit, Width: (usageHours-1)*usageStep + 8, Base: usageTop + usagePlot}
	c.Height = c.Base + usageLabel
	c.LabelY = c.Height - 8
	hi := 0.0
	for i, b := range buckets {
		h := usageHour{X: 4 + i*usageStep, Hour: start.Add(time.Duration(i) * time.Hour).Format("01-02 15:00"), N: len(b)}
		if len(b) > 0 {
			slices.Sort(b)
			h.has, h.p50v, h.p95v = true, percentile(b, 50), percentile(b, 95)
			h.P50, h.P95 = fmtUsage(h.p50v, m.unit), fmtUsage(h.p95v, m.unit)
			hi = max(hi, h.p95v)
		}
		c.Hours = append(c.Hours, h)
	}
	limit := 0.0
	if m.limit != nil && limits != nil {
		limit = m.limit(limits)
	}
	top := max(hi, limit)
	if top <= 0 {
		top = 1
	}
	y := func(v float64) int { return c.Base - int(v*usagePlot/top) }
	var p50, p95 []string
	for i := range c.Hours {
		h := &c.Hours[i]
		if !h.has {
			continue
		}
		h.Y50, h.Y95 = y(h.p50v), y(h.p95v)
		p50 = append(p50, strconv.Itoa(h.X)+","+strconv.Itoa(h.Y50))
		p95 = append(p95, strconv.Itoa(h.X)+","+strconv.Itoa(h.Y95))
	}
	c.P50, c.P95 = strings.Join(p50, " "), strings.Join(p95, " ")
	if limit > 0 {
		c.LimitY = y(limit)
		c.Limit = r.L.T("portal.receipts.usage.limit", strings.TrimSpace(strconv.FormatFloat(limit, 'f', -1, 64)+" "+m.unit))
	} else {
		c.Limit = r.L.T("portal.receipts.usage.no_limit")
	}
	c.High = fmtUsage(hi, m.unit)
	c.First, c.Last = c.Hours[0].Hour, c.Hours[usageHours-1].Hour
	return c
}

// percentile of sorted values, nearest rank.
func percentile(sorted []float64, p int) float64 {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i-1, 0)]
}

func fmtUsage(v float64, unit string) string {
	prec := 1
	switch unit {
	case "":
		prec = 0
	case "MiB":
		prec = 2
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if unit != "" {
		s += " " + unit
	}
	return s
}
