package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// The developer commands (login, publish, logs, …) talk to a souk server
// over its JSON API. They remember API tokens per server in the user's
// config directory (os.UserConfigDir: ~/.config/souk on Linux,
// ~/Library/Application Support/souk on macOS), in a file only the user can
// read (0600, in a 0700 directory).

// defaultServer is where the developer commands go without --server,
// SOUK_SERVER or a remembered login: souk serve's default address.
const defaultServer = "http://127.0.0.1:8080"

// credentialsFile is the file under <config dir>/souk.
const credentialsFile = "credentials.json"

// credentials is the content of the credentials file.
type credentials struct {
	// Server is the server of the last login: the default afterwards.
	Server string `json:"server,omitempty"`
	// Tokens are API tokens by server URL.
	Tokens map[string]string `json:"tokens,omitempty"`
	// TokenIDs are the ids of the tokens souk login created (with --email),
	// which souk logout revokes on the server.
	TokenIDs map[string]string `json:"token_ids,omitempty"`
}

func credentialsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config directory to keep the token in: %w", err)
	}
	return filepath.Join(dir, "souk", credentialsFile), nil
}

func loadCredentials() (credentials, error) {
	var c credentials
	p, err := credentialsPath()
	if err != nil {
		return c, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w (delete it and run souk login again)", p, err)
	}
	return c, nil
}

// saveCredentials writes the file with mode 0600 (in a 0700 directory),
// replacing it atomically.
func saveCredentials(c credentials) (string, error) {
	p, err := credentialsPath()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".credentials-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return "", err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return p, os.Rename(f.Name(), p)
}

// remote is where a developer command goes and with which token.
type remote struct {
	server string
}

// addServerFlag registers --server on a developer command.
func addServerFlag(cmd *cobra.Command, r *remote) {
	cmd.Flags().StringVar(&r.server, "server", "",
		"the souk server's URL (env SOUK_SERVER; default: the server of the last souk login, else "+defaultServer+")")
}

// resolve picks the server: --server, SOUK_SERVER, the last login's, the default.
func (r *remote) resolve(c credentials) string {
	s := r.server
	if s == "" {
		s = os.Getenv("SOUK_SERVER")
	}
	if s == "" {
		s = c.Server
	}
	if s == "" {
		s = defaultServer
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	return strings.TrimRight(s, "/")
}

// client returns an API client for the resolved server with its token
// (SOUK_TOKEN wins over the remembered one, for CI).
func (r *remote) client(needToken bool) (*apiClient, error) {
	c, err := loadCredentials()
	if err != nil {
		return nil, err
	}
	server := r.resolve(c)
	token := os.Getenv("SOUK_TOKEN")
	if token == "" {
		token = c.Tokens[server]
	}
	if needToken && token == "" {
		return nil, fmt.Errorf("not logged in to %s: run souk login --server %s", server, server)
	}
	return newAPIClient(server, token), nil
}
