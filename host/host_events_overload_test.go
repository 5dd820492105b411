package host

import (
	"errors"
	"testing"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
)

// An event the sandbox refused because the app's share was busy is retried
// by its job; the app's own failures are not.
func TestAppEventRetriedWhenOverloaded(t *testing.T) {
	res := func(outcome string) *runtime.EventResult {
		return &runtime.EventResult{Receipt: runtime.Receipt{Outcome: outcome}}
	}
	if err := retryOverloaded(res(sandbox.OutcomeOverloaded), nil); !errors.Is(err, errAppOverloaded) {
		t.Fatalf("overloaded: %v", err)
	}
	for _, o := range []string{sandbox.OutcomeOK, sandbox.OutcomeError, sandbox.OutcomeTimeout, sandbox.OutcomeQuarantined} {
		if err := retryOverloaded(res(o), nil); err != nil {
			t.Fatalf("%s retried: %v", o, err)
		}
	}
	hostErr := errors.New("db down")
	if err := retryOverloaded(nil, hostErr); err != hostErr {
		t.Fatalf("host error: %v", err)
	}
}
