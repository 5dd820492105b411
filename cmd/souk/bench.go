package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/soukhq/souk/internal/cpuprofile"
	"github.com/soukhq/souk/sandbox"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// benchCmd groups souk's benchmarks; each adds itself in its own file, a
// thin wrapper over its package under bench/ (which prints every report in
// one shape: bench.Report).
var benchCmd = &cobra.Command{Use: "bench", Short: "Run souk's benchmarks against a peer measured in the same run"}

func init() { rootCmd.AddCommand(benchCmd) }

// cpuProfile starts a Go CPU profile of the run into path ("" none); stop
// ends it.
func cpuProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	return cpuprofile.Start(path)
}

// profileFlags adds --cpuprofile (this process: the node and the load) and
// --worker-cpuprofile (one profile per sandbox worker) to a benchmark.
// `go tool pprof -top` on them shows where an event's CPU goes on each
// side of the pipe.
type profileFlags struct{ host, workers string }

func (p *profileFlags) add(f *pflag.FlagSet) {
	f.StringVar(&p.host, "cpuprofile", "", "write a Go CPU profile of this process (the node and the load it drives) to this file")
	f.StringVar(&p.workers, "worker-cpuprofile", "", "write a Go CPU profile of each sandbox worker into this directory (worker-<pid>.prof)")
}

// start begins the host profile and returns the workers' environment.
func (p *profileFlags) start() (env []string, stop func(), err error) {
	if p.workers != "" {
		dir, err := filepath.Abs(p.workers) // workers may not share the working directory
		if err != nil {
			return nil, nil, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, err
		}
		env = []string{fmt.Sprintf("%s=%s", sandbox.EnvCPUProfile, dir)}
	}
	stop, err = cpuProfile(p.host)
	return env, stop, err
}
