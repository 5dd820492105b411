package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// me is GET /api/v1/me.
type me struct {
	User struct {
		ID           string `json:"id"`
		Email        string `json:"email"`
		PlatformRole string `json:"platform_role"`
	} `json:"user"`
	Via  string `json:"via"`
	Orgs []struct {
		OrgID   string `json:"org_id"`
		OrgKind string `json:"org_kind"`
		OrgName string `json:"org_name"`
		Role    string `json:"role"`
	} `json:"orgs"`
}

func newLoginCommand() *cobra.Command {
	var r remote
	var token, email string
	var device, noBrowser bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to a souk server: approve a code in your browser, or give an API token",
		Long: `Login remembers an API token for a souk server, so that publish, versions,
release, rollback, status and logs can act for you. The token is kept in
the user's config directory (souk/credentials.json under os.UserConfigDir,
~/.config/souk on Linux), readable only by you (mode 0600).

In a terminal, with no flags, login asks the server for a device code,
prints the page to approve it and tries to open your browser there; sign in,
check that the page shows the same code, approve, and login receives an API
token named "souk CLI on <host>" for this machine (souk logout revokes it).
--device does the same when standard input is not a terminal;
--no-browser only prints the page.

Or give the token with --token, or paste it on standard input. Or give
--email: login reads your password from standard input, signs in once,
creates an API token named "souk CLI" for this machine and keeps only that
token (souk logout revokes it).

SOUK_TOKEN, if set, is used instead of a remembered token (for CI).`,
		Example: `  souk login --server https://souk.example.com
  souk login --server https://souk.example.com --token "$TOKEN"
  echo "$TOKEN" | souk login
  souk login --email dev@example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			creds, err := loadCredentials()
			if err != nil {
				return err
			}
			server := r.resolve(creds)
			ctx := cmd.Context()
			in := bufio.NewReader(cmd.InOrStdin())
			token := token // the flag's value; what login obtains stays in this run
			tokenID := ""
			switch {
			case device || (token == "" && email == "" && isTerminal(cmd)):
				if token != "" || email != "" {
					return errors.New("give --device, --token or --email, not several")
				}
				token, tokenID, err = deviceLogin(ctx, server, cmd.OutOrStdout(), !noBrowser)
				if err != nil {
					return err
				}
			case email != "":
				if token != "" {
					return errors.New("give --token or --email, not both")
				}
				prompt(cmd, "Password for "+email+": ")
				password, err := readLine(in)
				if err != nil {
					return fmt.Errorf("reading the password from standard input: %w", err)
				}
				token, tokenID, err = tokenFromPassword(ctx, server, email, password)
				if err != nil {
					return err
				}
			case token == "" || token == "-":
				prompt(cmd, "Paste an API token for "+server+": ")
				if token, err = readLine(in); err != nil {
					return fmt.Errorf("reading the token from standard input: %w", err)
				}
			}
			if token == "" {
				return errors.New("no token given")
			}
			var who me
			if err := newAPIClient(server, token).do(ctx, http.MethodGet, "/api/v1/me", nil, &who); err != nil {
				return fmt.Errorf("the server refused the token: %w", err)
			}
			if creds.Tokens == nil {
				creds.Tokens = map[string]string{}
			}
			if creds.TokenIDs == nil {
				creds.TokenIDs = map[string]string{}
			}
			creds.Server, creds.Tokens[server] = server, token
			if tokenID != "" {
				creds.TokenIDs[server] = tokenID
			} else {
				delete(creds.TokenIDs, server)
			}
			p, err := saveCredentials(creds)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "logged in to %s as %s (token kept in %s)\n", server, who.User.Email, p)
			return nil
		},
	}
	addServerFlag(cmd, &r)
	cmd.Flags().StringVar(&token, "token", "", `an API token ("-" or absent: read it from standard input)`)
	cmd.Flags().StringVar(&email, "email", "", "sign in with this email and the password from standard input, and keep a new API token")
	cmd.Flags().BoolVar(&device, "device", false, "approve a device code in the browser (the default in a terminal)")
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "with the device code, only print the page to open")
	return cmd
}

// prompt writes a prompt when standard input is a terminal.
func prompt(cmd *cobra.Command, text string) {
	if isTerminal(cmd) {
		fmt.Fprint(cmd.ErrOrStderr(), text)
	}
}

// isTerminal reports whether the command's standard input is a terminal.
func isTerminal(cmd *cobra.Command) bool {
	if f, ok := cmd.InOrStdin().(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return true
		}
	}
	return false
}

func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", err
	}
	return strings.TrimSpace(line), nil
}

// tokenFromPassword signs in, creates an API token for the CLI and ends
// the session again: only the API token is kept.
func tokenFromPassword(ctx context.Context, server, email, password string) (token, id string, err error) {
	var session struct {
		Token string `json:"token"`
	}
	if err := newAPIClient(server, "").do(ctx, http.MethodPost, "/api/v1/auth/login",
		map[string]string{"email": email, "password": password}, &session); err != nil {
		return "", "", fmt.Errorf("signing in: %w", err)
	}
	sc := newAPIClient(server, session.Token)
	defer sc.do(ctx, http.MethodPost, "/api/v1/auth/logout", nil, nil) //nolint:errcheck // best effort
	host, _ := os.Hostname()
	name := "souk CLI"
	if host != "" {
		name += " on " + host
	}
	var created struct {
		Token string `json:"token"`
		Info  struct {
			ID string `json:"id"`
		} `json:"info"`
	}
	if err := sc.do(ctx, http.MethodPost, "/api/v1/me/tokens",
		map[string]any{"name": name, "scopes": []string{"read", "write"}}, &created); err != nil {
		return "", "", fmt.Errorf("creating an API token: %w", err)
	}
	return created.Token, created.Info.ID, nil
}

func newWhoamiCommand() *cobra.Command {
	var r remote
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who you are logged in as, on which server, and your organisations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := r.client(true)
			if err != nil {
				return err
			}
			var who me
			if err := c.do(cmd.Context(), http.MethodGet, "/api/v1/me", nil, &who); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s (%s) on %s\n", who.User.Email, who.User.ID, c.server)
			if who.User.PlatformRole != "" && who.User.PlatformRole != "user" {
				fmt.Fprintf(out, "platform role: %s\n", who.User.PlatformRole)
			}
			for _, o := range who.Orgs {
				fmt.Fprintf(out, "  %s org %q (%s): %s\n", o.OrgKind, o.OrgName, o.OrgID, o.Role)
			}
			if len(who.Orgs) == 0 {
				fmt.Fprintln(out, "  no organisations yet: souk org create NAME makes a developer org")
			}
			return nil
		},
	}
	addServerFlag(cmd, &r)
	return cmd
}

func newLogoutCommand() *cobra.Command {
	var r remote
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "Forget the token for a server (and revoke it if souk login created it)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			creds, err := loadCredentials()
			if err != nil {
				return err
			}
			server := r.resolve(creds)
			token, ok := creds.Tokens[server]
			if !ok {
				fmt.Fprintf(cmd.OutOrStdout(), "not logged in to %s\n", server)
				return nil
			}
			if id := creds.TokenIDs[server]; id != "" {
				if err := newAPIClient(server, token).do(cmd.Context(), http.MethodDelete, "/api/v1/me/tokens/"+id, nil, nil); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "warning: could not revoke the token on the server: %v\n", err)
				}
			}
			delete(creds.Tokens, server)
			delete(creds.TokenIDs, server)
			if creds.Server == server {
				creds.Server = ""
			}
			if _, err := saveCredentials(creds); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "logged out of %s\n", server)
			return nil
		},
	}
	addServerFlag(cmd, &r)
	return cmd
}

func newOrgCommand() *cobra.Command {
	org := &cobra.Command{Use: "org", Short: "Your developer organisations (apps belong to one)", Args: cobra.NoArgs}
	var r remote
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a developer organisation; you become its owner",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := r.client(true)
			if err != nil {
				return err
			}
			var o struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			}
			if err := c.do(cmd.Context(), http.MethodPost, "/api/v1/orgs", map[string]string{"kind": "developer", "name": args[0]}, &o); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created developer org %q (%s)\n", o.Name, o.ID)
			return nil
		},
	}
	addServerFlag(create, &r)
	org.AddCommand(create)
	return org
}
