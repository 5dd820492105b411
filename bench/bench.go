// Package bench is the parent of souk's benchmarks — bench/runtime (the
// sandbox against Node.js), bench/ledger (the ledger against pgbench and a
// naive SELECT … FOR UPDATE), bench/chat (WebSocket fan-out against an
// in-memory broadcast server), bench/live (a live room's viewer fan-out and
// a flash sale), bench/httpbench (the request path over HTTP
// against the same event in process) — and of what they share:
// bench/machine (what they read of the machine) and Report, the one shape
// every benchmark prints: its measurements as tables, then its ratios to
// the peer measured in the same run and its targets.
//
// The benchmarks import the domain (some, the host and the API); nothing
// in the domain imports them (imports_test.go checks it). `souk bench …`
// (cmd/souk/bench*.go) are thin wrappers.
package bench

import (
	"fmt"
	"io"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// Report is a benchmark's result in the shape all of them print.
type Report struct {
	// Title is one line: which benchmark, on what, with what shape.
	Title string
	// CPUs and the machine's load average when the run started and ended:
	// events/s and latency shift with what else the machine runs.
	CPUs                  int
	LoadBefore, LoadAfter string
	Tables                []Table
	// Ratios are souk's figures over the peer's, both measured in this run.
	Ratios []Ratio
	// Targets are the figures the product promises, met or not.
	Targets []Target
	// Notes are details printed after the tables.
	Notes []string
}

// Table is a titled table of measurements.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]string
}

// Ratio is souk over its peer (>1: souk does better, for rates; for
// latencies the peer's over souk's), with a target when there is one.
type Ratio struct {
	Name  string
	Value float64
	// Min is the target (0: none).
	Min float64
}

// Target is a figure the product promises: what was measured, what is
// wanted, and whether it was met.
type Target struct {
	Name, Got, Want string
	Met             bool
}

// Row appends a row to the table (values formatted with %v).
func (t *Table) Row(vals ...any) {
	row := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case time.Duration:
			row[i] = Round(x).String()
		case float64:
			row[i] = fmt.Sprintf("%.0f", x)
		default:
			row[i] = fmt.Sprint(v)
		}
	}
	t.Rows = append(t.Rows, row)
}

// Print writes the report.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "souk bench %s\n", r.Title)
	if r.LoadBefore != "" || r.CPUs > 0 {
		fmt.Fprintf(w, "  machine: %d CPUs, load average %s → %s\n", r.CPUs, orUnknown(r.LoadBefore), orUnknown(r.LoadAfter))
	}
	for _, t := range r.Tables {
		if t.Title != "" {
			fmt.Fprintf(w, "  %s\n", t.Title)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if len(t.Columns) > 0 {
			fmt.Fprintf(tw, "    %s\n", strings.Join(t.Columns, "\t"))
		}
		for _, row := range t.Rows {
			fmt.Fprintf(tw, "    %s\n", strings.Join(row, "\t"))
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	if len(r.Ratios) > 0 {
		fmt.Fprintf(w, "  ratios to the peer, measured in this run:\n")
		for _, x := range r.Ratios {
			fmt.Fprintf(w, "    %-48s %7.2f×", x.Name, x.Value)
			if x.Min > 0 {
				fmt.Fprintf(w, "   target ≥ %g×: %s", x.Min, met(x.Value >= x.Min))
			}
			fmt.Fprintln(w)
		}
	}
	if len(r.Targets) > 0 {
		fmt.Fprintf(w, "  targets:\n")
		for _, x := range r.Targets {
			fmt.Fprintf(w, "    %-48s %10s   target %s: %s\n", x.Name, x.Got, x.Want, met(x.Met))
		}
	}
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// Round rounds a latency for printing: to 100µs above 10ms, 10µs above
// 1ms, else 1µs.
func Round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// RaiseFileLimit lifts RLIMIT_NOFILE to at least n (up to the hard limit):
// the WebSocket benchmarks hold two descriptors per client, its own and the
// server's.
func RaiseFileLimit(n int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur >= uint64(n) {
		return nil
	}
	lim.Cur = min(max(uint64(n), lim.Cur), lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("raise the open-file limit to %d: %w", n, err)
	}
	if lim.Cur < uint64(n) {
		return fmt.Errorf("the open-file hard limit %d is below the %d this run needs (ulimit -Hn)", lim.Max, n)
	}
	return nil
}
