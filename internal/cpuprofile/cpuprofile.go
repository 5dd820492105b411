// Package cpuprofile starts a Go CPU profile into a file: the benchmarks'
// --cpuprofile for the souk process and, through sandbox.EnvCPUProfile,
// each sandbox worker's.
package cpuprofile

import (
	"os"
	"runtime/pprof"
)

// Start profiles this process into path until stop is called.
func Start(path string) (stop func(), err error) {
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
