package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// deviceLogin runs the device authorization flow (RFC 8628) against
// server: it asks for a code, prints where to approve it, tries to open the
// browser there, and polls until the person approves (an API token for
// this machine), denies, or the code expires.
func deviceLogin(ctx context.Context, server string, out io.Writer, openBrowser bool) (token, id string, err error) {
	c := newAPIClient(server, "")
	host, _ := os.Hostname()
	name := "souk CLI"
	if host != "" {
		name += " on " + host
	}
	var dc struct {
		DeviceCode              string `json:"device_code"`
		UserCode                string `json:"user_code"`
		VerificationURI         string `json:"verification_uri"`
		VerificationURIComplete string `json:"verification_uri_complete"`
		ExpiresIn               int    `json:"expires_in"`
		Interval                int    `json:"interval"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/device/code", map[string]string{"client_name": name}, &dc); err != nil {
		return "", "", fmt.Errorf("starting the browser login: %w", err)
	}
	fmt.Fprintf(out, "To log in, open %s\nand check that it shows the code %s (or enter it at %s).\n", dc.VerificationURIComplete, dc.UserCode, dc.VerificationURI)
	if openBrowser && startBrowser(dc.VerificationURIComplete) == nil {
		fmt.Fprintln(out, "Opened your browser. Waiting for your approval…")
	} else {
		fmt.Fprintln(out, "Waiting for your approval…")
	}
	interval := time.Duration(dc.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second
	}
	deadline := time.Now().Add(time.Duration(dc.ExpiresIn)*time.Second + interval)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return "", "", ctx.Err()
		case <-time.After(interval):
		}
		var tok struct {
			AccessToken string `json:"access_token"`
			Token       struct {
				ID string `json:"id"`
			} `json:"token"`
		}
		err := c.do(ctx, http.MethodPost, "/api/v1/device/token", map[string]string{"device_code": dc.DeviceCode, "token_name": name}, &tok)
		var ae *apiError
		if errors.As(err, &ae) {
			switch ae.Code {
			case "authorization_pending":
				continue
			case "slow_down":
				interval += 5 * time.Second
				continue
			case "access_denied":
				return "", "", errors.New("the login was denied in the browser")
			case "expired_token":
				return "", "", errors.New("the code expired before it was approved; run souk login again")
			}
		}
		if err != nil {
			return "", "", err
		}
		return tok.AccessToken, tok.Token.ID, nil
	}
	return "", "", errors.New("the code expired before it was approved; run souk login again")
}

// startBrowser opens url in the desktop's browser, best effort.
func startBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no display")
		}
		cmd = exec.Command("xdg-open", url)
	}
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // reaped, nothing to report
	return nil
}
