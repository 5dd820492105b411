package api_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// No face moves an order's money with the payments primitives: refunds,
// settlement and disputes go through commerce, which checks the actor, the
// order's state and the brand's policy (issue 10, B7). A face that calls
// payments' Refund, Settle or dispute methods directly bypasses all three.
func TestFacesNeverCallEscrowPrimitives(t *testing.T) {
	primitive := regexp.MustCompile(`Payments\.(Refund|RefundTx|Settle|SettleTx|OpenDispute|OpenDisputeTx|ResolveDispute|ResolveDisputeTx)\(`)
	scanned := 0
	for _, dir := range []string{".", "../web", "../host", "../cmd/souk"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			scanned++
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range primitive.FindAll(src, -1) {
				t.Errorf("%s calls %s: go through commerce, which checks who acts and the order's state", f, m)
			}
		}
	}
	if scanned < 10 {
		t.Fatalf("scanned only %d files", scanned)
	}
}
