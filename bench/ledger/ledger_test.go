package ledgerbench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A short SQLite-only run of souk bench ledger: it measures, checks the
// ledger afterwards and prints the SQLite figures in the shared shape.
func TestBenchLedgerSQLite(t *testing.T) {
	var log bytes.Buffer
	r, err := Run(context.Background(), Config{SQLiteOnly: true, Clients: 2, Duration: 300 * time.Millisecond, Accounts: 20}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if r.Lite.Ops == 0 || r.Lite.Failures != 0 {
		t.Fatalf("sqlite run: %+v", r.Lite)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"souk bench ledger", "ledger on sqlite", "ledger check on sqlite: ok (", "SQLite ledger transfers/s", "machine: "} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}
