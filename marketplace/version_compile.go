package marketplace

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
)

// Compiler compiles a bundle's script in the sandbox under an event's
// limits without running it (*sandbox.Pool).
type Compiler interface {
	Compile(ctx context.Context, job sandbox.Job) (sandbox.Result, error)
}

// WithCompiler returns a service whose uploads also run the "compile"
// check: the script is compiled in a sandbox worker under the limits its
// events will run with. Untrusted code is never compiled in the server
// process: goja's compiler can die of hostile input.
func (s *Service) WithCompiler(c Compiler) *Service {
	cp := *s
	cp.compiler = c
	return &cp
}

// compileCheck compiles b's script in the sandbox. The error is only for
// the host's side (the pool is closed, ctx ended).
func compileCheck(ctx context.Context, c Compiler, appID string, b *runtime.Bundle) (Check, error) {
	lim := b.Manifest.EffectiveLimits()
	res, err := c.Compile(ctx, sandbox.Job{AppID: appID, Version: b.Manifest.Version, BundleHash: hex.EncodeToString(b.Hash[:]),
		Script: b.Script, Limits: sandbox.Limits{Timeout: time.Duration(lim.TimeoutMs) * time.Millisecond}})
	if err != nil {
		return Check{}, err
	}
	rc := res.Receipt
	switch {
	case rc.Outcome == sandbox.OutcomeOK:
		return Check{Check: "compile", OK: true, Message: fmt.Sprintf("app.js compiles in the sandbox within the app's %d ms event limit", lim.TimeoutMs)}, nil
	case rc.Outcome == sandbox.OutcomeError && res.Err != nil:
		return Check{Check: "compile", Code: "compile_error", Message: "app.js does not compile in the sandbox: " + res.Err.Name + ": " + res.Err.Message}, nil
	}
	return Check{Check: "compile", Code: "compile_over_limits", Message: fmt.Sprintf(
		"compiling app.js in the sandbox did not finish within the limits its events run with (%d ms, the worker's memory): %s", lim.TimeoutMs, rc.Reason)}, nil
}
