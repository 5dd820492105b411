//go:build race

package sandbox

// raceEnabled: the race detector maps terabytes of shadow memory, so a
// race-instrumented worker cannot run under RLIMIT_AS; tests built with
// -race rely on the in-worker memory watchdog and GOMEMLIMIT instead.
const raceEnabled = true
