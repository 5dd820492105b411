package sandbox

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorsFormat(t *testing.T) {
	var he *HostError
	err := fmt.Errorf("wrapped: %w", &HostError{Code: "permission_denied", Message: "no"})
	if !errors.As(err, &he) || he.Error() != "permission_denied: no" {
		t.Fatalf("%v", err)
	}
	if s := (&JSError{Name: "TypeError", Message: "x"}).Error(); s != "TypeError: x" {
		t.Fatal(s)
	}
}
