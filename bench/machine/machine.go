// Package machine reads what the benchmarks report beside their figures on
// a shared machine: the load average, CPU time of this process and of
// sandbox workers, and a scratch PostgreSQL database per run. It is the
// benchmarks' one home for these; nothing in the domain imports it.
package machine

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// LoadAverage is /proc/loadavg's 1-, 5- and 15-minute figures ("" where
// unknown).
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// SelfCPU is the user+system CPU time this process has used (0 where
// unknown).
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ProcessCPU is the user+system CPU time of another process, from
// /proc/{pid}/stat (0 where unknown, e.g. it has exited).
func ProcessCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// utime and stime are the 12th and 13th fields after the parenthesised
	// command name, in clock ticks (100 per second on Linux).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) <= 12 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}

// ScratchDatabase creates a database named prefix + random hex on the
// PostgreSQL server admin points at, and returns its URL and a function
// that drops it.
func ScratchDatabase(ctx context.Context, admin, prefix string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	var rnd [6]byte
	_, _ = crand.Read(rnd[:])
	name := prefix + hex.EncodeToString(rnd[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create scratch database: %w", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, errors.New("bad database URL")
	}
	u.Path = "/" + name
	drop := func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}
