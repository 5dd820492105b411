package webhooks

import (
	"net/netip"
	"strings"
	"testing"
)

// Every IANA special-purpose range (IPv4 and IPv6 registries), and the
// IPv6 forms that embed an IPv4 address, is refused at registration and at
// dial time; public addresses are not.
func TestAddressGuardDeniesSpecialPurposeRanges(t *testing.T) {
	denied := []struct{ name, addr string }{
		// IPv4 special-purpose registry.
		{"this network 0.0.0.0/8", "0.0.0.1"},
		{"unspecified", "0.0.0.0"},
		{"private 10/8", "10.1.2.3"},
		{"shared address space (CGNAT) 100.64/10", "100.64.0.1"},
		{"CGNAT top", "100.127.255.254"},
		{"loopback 127/8", "127.0.0.1"},
		{"loopback other", "127.255.0.9"},
		{"link local 169.254/16", "169.254.169.254"},
		{"private 172.16/12", "172.16.0.1"},
		{"private 172.31", "172.31.255.254"},
		{"IETF protocol assignments 192.0.0/24", "192.0.0.8"},
		{"DS-Lite 192.0.0.0/29", "192.0.0.1"},
		{"NAT64/DNS64 discovery 192.0.0.170", "192.0.0.170"},
		{"documentation TEST-NET-1", "192.0.2.1"},
		{"AS112-v4 192.31.196/24", "192.31.196.1"},
		{"AMT 192.52.193/24", "192.52.193.1"},
		{"6to4 relay anycast 192.88.99/24", "192.88.99.1"},
		{"private 192.168/16", "192.168.1.1"},
		{"AS112 direct delegation 192.175.48/24", "192.175.48.1"},
		{"benchmarking 198.18/15", "198.18.0.1"},
		{"benchmarking 198.19", "198.19.255.1"},
		{"documentation TEST-NET-2", "198.51.100.7"},
		{"documentation TEST-NET-3", "203.0.113.9"},
		{"multicast 224/4", "224.0.0.1"},
		{"multicast top", "239.255.255.250"},
		{"reserved 240/4", "240.0.0.1"},
		{"limited broadcast", "255.255.255.255"},
		// IPv6 special-purpose registry.
		{"loopback ::1", "::1"},
		{"unspecified ::", "::"},
		{"IPv4-mapped loopback", "::ffff:127.0.0.1"},
		{"IPv4-mapped private", "::ffff:10.0.0.1"},
		{"IPv4-mapped public", "::ffff:8.8.8.8"},
		{"IPv4-compatible loopback", "::127.0.0.1"},
		{"IPv4-IPv6 translation 64:ff9b::/96 (NAT64) loopback", "64:ff9b::7f00:1"},
		{"NAT64 private", "64:ff9b::a00:1"},
		{"NAT64 metadata", "64:ff9b::a9fe:a9fe"},
		{"local-use NAT64 64:ff9b:1::/48", "64:ff9b:1::a00:1"},
		{"discard-only 100::/64", "100::1"},
		{"dummy prefix 100:0:0:1::/64", "100:0:0:1::1"},
		{"IETF protocol assignments 2001::/23", "2001:1::1"},
		{"Teredo 2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2"},
		{"Teredo embedding 127.0.0.1", "2001:0:0:0:0:0:80ff:fffe"},
		{"port control protocol anycast", "2001:1::1"},
		{"TURN anycast", "2001:1::2"},
		{"DNS-SD SRP anycast", "2001:1::3"},
		{"benchmarking 2001:2::/48", "2001:2::1"},
		{"AMT 2001:3::/32", "2001:3::1"},
		{"AS112-v6 2001:4:112::/48", "2001:4:112::1"},
		{"ORCHIDv2 2001:20::/28", "2001:20::1"},
		{"drone remote ID 2001:30::/28", "2001:30::1"},
		{"documentation 2001:db8::/32", "2001:db8::1"},
		{"6to4 2002::/16", "2002:7f00:1::1"},
		{"6to4 public embedding", "2002:808:808::1"},
		{"AS112 direct delegation 2620:4f:8000::/48", "2620:4f:8000::1"},
		{"documentation 3fff::/20", "3fff::1"},
		{"SRv6 SIDs 5f00::/16", "5f00::1"},
		{"unique local fc00::/7", "fd00::1"},
		{"unique local fc", "fc00::1"},
		{"link local fe80::/10", "fe80::1"},
		{"site local (deprecated) fec0::/10", "fec0::1"},
		{"multicast ff00::/8", "ff02::1"},
		{"reserved ::/8 other", "::2"},
		{"reserved outside 2000::/3", "4000::1"},
	}
	for _, c := range denied {
		t.Run(c.name, func(t *testing.T) {
			ip := netip.MustParseAddr(c.addr)
			if publicAddr(ip) {
				t.Fatalf("publicAddr(%s) = true", ip)
			}
			if err := dialGuard("tcp6", netip.AddrPortFrom(ip, 443).String(), nil); err == nil || !strings.Contains(err.Error(), "non-public") {
				t.Fatalf("dial to %s allowed: %v", ip, err)
			}
			host := c.addr
			if ip.Is6() {
				host = "[" + host + "]"
			}
			if err := ValidateURL("https://"+host+"/hook", false); err == nil {
				t.Fatalf("ValidateURL accepts https://%s", host)
			}
		})
	}
	for _, a := range []string{"8.8.8.8", "1.1.1.1", "93.184.215.14", "100.63.255.255", "100.128.0.1", "198.17.255.255",
		"198.20.0.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2001:4860:4860::8888"} {
		ip := netip.MustParseAddr(a)
		if !publicAddr(ip) {
			t.Errorf("publicAddr(%s) = false for a public address", a)
		}
		if err := dialGuard("tcp", netip.AddrPortFrom(ip, 8443).String(), nil); err != nil {
			t.Errorf("dial to public %s refused: %v", a, err)
		}
	}
}

// IPv4 addresses spelled in decimal, octal or hexadecimal, zones, trailing
// dots and localhost names are refused at registration.
func TestValidateURLRefusesDisguisedAddresses(t *testing.T) {
	for _, u := range []string{
		"https://2130706433/h",          // 127.0.0.1 as one decimal number
		"https://0x7f000001/h",          // hex
		"https://0x7f.0.0.1/h",          // hex part
		"https://0177.0.0.1/h",          // octal
		"https://017700000001/h",        // octal number
		"https://127.1/h",               // two-part form
		"https://10.1.1/h",              // three-part form
		"https://3232235777/h",          // 192.168.1.1
		"https://134744072/h",           // 8.8.8.8, still not dotted-decimal
		"https://127.0.0.1./h",          // trailing dot
		"https://localhost./h",          // trailing dot
		"https://LOCALHOST/h",           // case
		"https://a.b.localhost/h",       // .localhost
		"https://[fe80::1%25eth0]/h",    // zone
		"https://[::ffff:7f00:1]/h",     // mapped, hex form
		"https://[64:ff9b::c0a8:101]/h", // NAT64 192.168.1.1
		"https://240.0.0.1/h",
		"https://198.18.0.1/h",
		"https://[2002:c0a8:101::1]/h",
		"https://[2001:0:0:0:0:0:f5ff:fffe]/h",
	} {
		if err := ValidateURL(u, false); err == nil {
			t.Errorf("ValidateURL(%s) accepted", u)
		}
	}
	for _, u := range []string{"https://hooks.example.com/h", "https://1e100.net/h", "https://8.8.8.8:8443/h", "https://[2606:4700:4700::1111]/h", "https://123.example/h"} {
		if err := ValidateURL(u, false); err != nil {
			t.Errorf("ValidateURL(%s) = %v", u, err)
		}
	}
}
