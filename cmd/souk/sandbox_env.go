package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/soukhq/souk/sandbox"
)

// sandboxPool starts SOUK_SANDBOX_WORKERS worker processes when it is set;
// nil leaves the host's default (one per CPU the machine has, which in a
// container limited to fewer CPUs is too many).
func sandboxPool() (*sandbox.Pool, error) {
	v := os.Getenv("SOUK_SANDBOX_WORKERS")
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1024 {
		return nil, fmt.Errorf("SOUK_SANDBOX_WORKERS must be a number of worker processes from 1 to 1024, not %q", v)
	}
	return sandbox.NewPool(sandbox.PoolConfig{Size: n})
}
