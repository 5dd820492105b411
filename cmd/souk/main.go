// Command souk is the single binary of the souk platform: the server, the
// developer tools and the sandbox worker (souk re-executes itself as one).
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// rootCmd is the top of the command tree; each subcommand lives in its own
// file and adds itself in an init function.
var rootCmd = &cobra.Command{
	Use:   "souk",
	Short: "souk runs sandboxed JavaScript mini-programs with chat, payments and a wallet ledger",
	Long: `souk is a mini-program runtime and marketplace host in one binary.

Run "souk serve" to start the server on embedded SQLite and local files
(no setup needed), or set DATABASE_URL and SOUK_S3_* to scale out on
PostgreSQL and S3. Developers start a mini-program with "souk init",
try it on a local node with a seeded world and live reload with "souk dev"
(--webhook-url delivers its webhooks locally), test a handler in CI with
"souk run EVENT.json", bundle it with "souk build", log in with "souk login"
and upload it with "souk publish"; "souk logs --follow" shows its events as
they happen and "souk listen --forward-to URL" forwards its webhooks from a
server to your machine.`,
	SilenceUsage:  true,
	SilenceErrors: true,
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "souk:", err)
		os.Exit(1)
	}
}
