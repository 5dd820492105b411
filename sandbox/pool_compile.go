package sandbox

import "context"

// Compile compiles job's script in a worker, under the same limits as an
// event (job.Limits: its deadline plus the kill grace and the compile
// allowance, and the worker's memory budget), and runs nothing. The
// marketplace calls it at upload, so a bundle that cannot be compiled
// within those limits — a syntax error, a constant expression the worker
// refuses to fold, a compile that outlives the deadline or the memory
// budget — fails its checks instead of killing workers once released. The
// Result's outcome is ok, error (Err says why), or killed/crashed; Handler
// and Args are ignored. Like Run, a kill counts toward quarantine.
func (p *Pool) Compile(ctx context.Context, job Job) (Result, error) {
	job.compileOnly = true
	job.Handler, job.Args = "", nil
	return p.Run(ctx, job, nil)
}
