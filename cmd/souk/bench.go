package main

import (
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
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
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
