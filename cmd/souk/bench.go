package main

import "github.com/spf13/cobra"

// benchCmd groups souk's benchmarks; each adds itself in its own file.
var benchCmd = &cobra.Command{Use: "bench", Short: "Run souk's benchmarks against a peer measured in the same run"}

func init() { rootCmd.AddCommand(benchCmd) }
