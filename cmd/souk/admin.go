package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/identity"
)

func init() {
	admin := &cobra.Command{Use: "admin", Short: "Operator tasks on the database (create the first admin, …)"}
	var c config
	var email, password string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a platform admin (or promote the user with that email and password)",
		Long: `Create a platform admin account in the database chosen by --data-dir or
DATABASE_URL (the same settings as "souk serve"). Re-running it with the same
email and password is harmless. The password may also come from the
environment variable SOUK_ADMIN_PASSWORD, which keeps it out of shell history.`,
		Example: `  souk admin create --email ops@example.com --password 'a long passphrase'`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if password == "" {
				password = os.Getenv("SOUK_ADMIN_PASSWORD")
			}
			if email == "" || password == "" {
				return errors.New("--email and --password (or SOUK_ADMIN_PASSWORD) are required")
			}
			db, err := openStore(cmd.Context(), &c, newLogger())
			if err != nil {
				return err
			}
			defer db.Close()
			u, err := identity.New(db).CreateAdmin(cmd.Context(), email, password)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "admin %s (%s) is ready\n", u.Email, u.ID)
			return nil
		},
	}
	create.Flags().StringVar(&email, "email", "", "the admin's email")
	create.Flags().StringVar(&password, "password", "", "the admin's password (at least 8 characters)")
	addStorageFlags(create, &c)
	admin.AddCommand(create)
	rootCmd.AddCommand(admin)
}
