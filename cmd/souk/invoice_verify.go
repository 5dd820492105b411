package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/invoice"
)

// souk invoice verify FILE: check an e-invoice file (from the shell's card
// bag or GET /api/v1/me/invoices/{id}/file) — the Ed25519 signature, the
// document against what was signed (naming each changed field), its chain
// entry and checkpoint, and, online, that the server's current chain still
// includes it up to a signed head and that it is not voided.
func init() {
	inv := &cobra.Command{Use: "invoice", Short: "Work with e-invoice files"}
	var offline, asJSON bool
	var r remote
	verify := &cobra.Command{
		Use:   "verify FILE",
		Short: "Verify an e-invoice file: signature, fields, hash chain, checkpoint and status",
		Long: `Verify an e-invoice file. Offline (--offline) it checks the signature with the key
in the file, every field against the signed digests, the chain entry and the
checkpoint signed when the document was appended. Online (the default) it also
fetches from the issuing server (the origin of the document's verify link, else
--server) the published keys, the chain from the document to the latest signed
checkpoint, and the document's status, and fails if it was voided.
Exit status 1 when any check fails.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var trust invoice.Trust
			if !offline {
				server, err := issuingServer(file, &r)
				if err != nil {
					return err
				}
				if trust, err = fetchTrust(cmd.Context(), newAPIClient(server, ""), file); err != nil {
					return fmt.Errorf("fetching the chain from %s (use --offline to check the file alone): %w", server, err)
				}
			}
			rep := invoice.Verify(file, trust)
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				_ = enc.Encode(rep)
			} else {
				fmt.Fprintf(out, "%s %s from %s to %s, %s\n", strings.ReplaceAll(rep.Kind, "_", " "), rep.Number, rep.Seller, rep.Buyer, rep.Gross)
				for _, c := range rep.Checks {
					fmt.Fprintf(out, "  ok    %s\n", c)
				}
				for _, p := range rep.Problems {
					fmt.Fprintf(out, "  FAIL  %s\n", p)
				}
			}
			if !rep.OK {
				cmd.SilenceUsage = true
				return errors.New("the invoice does not verify")
			}
			if !asJSON {
				fmt.Fprintln(out, "verified")
			}
			return nil
		},
	}
	verify.Flags().BoolVar(&offline, "offline", false, "check the file alone, without asking the server")
	verify.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	addServerFlag(verify, &r)
	inv.AddCommand(verify)
	rootCmd.AddCommand(inv)
}

// issuingServer is the origin of the document's verify link when it is
// absolute, else the --server / SOUK_SERVER / last login's server.
func issuingServer(file []byte, r *remote) (string, error) {
	var b struct {
		Document struct {
			VerifyURL string `json:"verify_url"`
		} `json:"document"`
	}
	if err := json.Unmarshal(file, &b); err != nil {
		return "", fmt.Errorf("not an invoice file: %w", err)
	}
	if r.server == "" && os.Getenv("SOUK_SERVER") == "" {
		if u, err := url.Parse(b.Document.VerifyURL); err == nil && u.Scheme != "" && u.Host != "" {
			return u.Scheme + "://" + u.Host, nil
		}
	}
	creds, _ := loadCredentials()
	return r.resolve(creds), nil
}

// fetchTrust reads what Verify trusts from the server's public routes.
func fetchTrust(ctx context.Context, c *apiClient, file []byte) (invoice.Trust, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var b invoice.File
	if err := json.Unmarshal(file, &b); err != nil {
		return invoice.Trust{}, err
	}
	var keys struct{ Keys []invoice.Key }
	if err := c.do(ctx, "GET", "/api/v1/invoice-chain/keys", nil, &keys); err != nil {
		return invoice.Trust{}, err
	}
	tr := invoice.Trust{Keys: map[string]ed25519.PublicKey{}}
	for _, k := range keys.Keys {
		pub, err := base64.StdEncoding.DecodeString(k.PublicKey)
		if err != nil {
			return tr, err
		}
		tr.Keys[k.ID] = pub
	}
	var st struct{ Status string }
	if err := c.do(ctx, "GET", "/api/v1/invoices/"+url.PathEscape(b.ID)+"/status", nil, &st); err != nil {
		return tr, err
	}
	tr.Status = st.Status
	var latest invoice.Checkpoint
	if err := c.do(ctx, "GET", "/api/v1/invoice-chain/checkpoint", nil, &latest); err != nil {
		return tr, err
	}
	// Walk the published chain from the document to the latest head, a
	// page at a time.
	for from := b.Chain.Seq; from <= latest.Seq; {
		var page struct{ Entries []invoice.ChainEntry }
		q := "/api/v1/invoice-chain/entries?from=" + strconv.FormatInt(from, 10) + "&to=" + strconv.FormatInt(latest.Seq, 10)
		if err := c.do(ctx, "GET", q, nil, &page); err != nil {
			return tr, err
		}
		if len(page.Entries) == 0 {
			break
		}
		tr.Entries = append(tr.Entries, page.Entries...)
		from = page.Entries[len(page.Entries)-1].Seq + 1
	}
	tr.Latest = &latest
	return tr, nil
}
