package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A short SQLite-only run of souk bench ledger: it measures, checks the
// ledger afterwards and prints the SQLite ratio line.
func TestBenchLedgerSQLite(t *testing.T) {
	var out bytes.Buffer
	b := &ledgerBench{out: &out, clients: 2, duration: 300 * time.Millisecond, accounts: 20}
	if err := b.run(context.Background(), "", true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ledger on sqlite", "ledger check on sqlite", "ok (", "SQLite ledger transfers/s"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}
