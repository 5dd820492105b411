package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() {
	var c config
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and exit",
		Long: `Apply every pending migration to the database chosen by --data-dir or
DATABASE_URL, then exit. "souk serve" does this at start-up too; run it on
its own to migrate before a rolling deploy.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := newLogger()
			db, err := openStore(cmd.Context(), &c, log)
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "database (%s) is up to date\n", db.Dialect)
			return nil
		},
	}
	addStorageFlags(cmd, &c)
	rootCmd.AddCommand(cmd)
}
