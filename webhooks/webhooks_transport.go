package webhooks

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// ValidateURL checks an endpoint URL: https with a host, no credentials, no
// fragment; http only to localhost when allowLocalHTTP (development).
func ValidateURL(raw string, allowLocalHTTP bool) error {
	if len(raw) > 2000 {
		return fail(CodeInvalidURL, "the URL is longer than 2000 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fail(CodeInvalidURL, "%q is not an absolute URL", raw)
	}
	if u.User != nil {
		return fail(CodeInvalidURL, "the URL must not carry credentials; verify deliveries with the signing secret")
	}
	if u.Fragment != "" {
		return fail(CodeInvalidURL, "the URL must not have a fragment")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	switch u.Scheme {
	case "https":
	case "http":
		if !allowLocalHTTP || !isLocalHost(host) {
			return fail(CodeInvalidURL, "webhook URLs must be https://")
		}
	default:
		return fail(CodeInvalidURL, "webhook URLs must be https://")
	}
	if !allowLocalHTTP {
		if isLocalHost(host) || strings.HasSuffix(host, ".localhost") {
			return fail(CodeInvalidURL, "webhook URLs must point to a public host")
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			if !publicAddr(ip) {
				return fail(CodeInvalidURL, "webhook URLs must point to a public address")
			}
		} else if looseIPv4(host) {
			// 2130706433, 0x7f.1 or 0177.0.0.1: resolvers that follow
			// inet_aton read these as IPv4 addresses.
			return fail(CodeInvalidURL, "write an IPv4 address in dotted-decimal form (like 203.0.114.1)")
		}
	}
	return nil
}

func isLocalHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "::1"
}

// addrGuard denies every prefix of the IANA IPv4 and IPv6 special-purpose
// address registries (private, loopback, link-local, CGNAT, 0.0.0.0/8,
// benchmarking, documentation, reserved, multicast, 6to4, Teredo, ORCHID…)
// and, for IPv6, everything outside global unicast 2000::/3 — which covers
// IPv4-mapped and -compatible forms and the NAT64 prefixes. Its tables are
// generated from the IANA registries (code.dny.dev/ssrf); SRv6 SIDs
// (5f00::/16, RFC 9602) are added here as the registry lists them now. Any
// port: webhook URLs may name one.
var addrGuard = ssrf.New(ssrf.WithAnyPort(), ssrf.WithDeniedV6Prefixes(netip.MustParsePrefix("5f00::/16")))

// publicAddr reports whether a delivery may connect to ip.
func publicAddr(ip netip.Addr) bool {
	if ip.Zone() != "" {
		return false
	}
	return addrGuard.SafeAddr(ip) == nil
}

// looseIPv4 reports whether host is an IPv4 address in one of the forms
// inet_aton accepts besides dotted decimal: one to four parts, each decimal,
// octal (leading 0) or hexadecimal (0x).
func looseIPv4(host string) bool {
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		digits := "0123456789"
		if len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') {
			p, digits = p[2:], "0123456789abcdefABCDEF"
		}
		for _, r := range p {
			if !strings.ContainsRune(digits, r) {
				return false
			}
		}
	}
	return true
}

// dialGuard is the dialer's Control function in production: it checks the
// address actually dialled, after DNS resolution.
func dialGuard(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhooks: dial %s: %w", address, err)
	}
	if !publicAddr(ap.Addr()) {
		return fmt.Errorf("webhooks: refusing to deliver to non-public address %s", ap.Addr())
	}
	return nil
}

// newTransport dials only public addresses unless allowLocal: a URL that
// passed validation can still resolve to an internal address (DNS
// rebinding), so the check is made on the address actually dialled.
func newTransport(allowLocal bool) *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowLocal {
		d.Control = dialGuard
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
}
