package main

import (
	"github.com/soukhq/souk/sandbox"
	"github.com/spf13/cobra"
)

// The sandbox pool starts workers by re-executing this binary with
// "sandbox-worker"; the command is hidden because people never run it.
func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:    "sandbox-worker",
		Short:  "Run as a sandbox worker process (started by the server, speaks frames on stdin/stdout)",
		Hidden: true,
		Args:   cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			sandbox.WorkerMain()
		},
	})
}
