package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

// The token file is the user's alone: 0600 in a 0700 directory under the
// user's config directory, and souk logout removes the token.
func TestCredentialsFileMode(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	p, err := saveCredentials(credentials{Server: "http://x", Tokens: map[string]string{"http://x": "secret"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "souk", credentialsFile); p != want {
		t.Fatalf("credentials at %s, want %s", p, want)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(p))
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("credentials directory mode %v, want 0700", dst.Mode().Perm())
	}
	// Rewriting keeps the mode, even over a file someone loosened.
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := saveCredentials(credentials{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Fatalf("rewritten credentials file mode %v, want 0600", st.Mode().Perm())
	}
	c, err := loadCredentials()
	if err != nil || len(c.Tokens) != 0 {
		t.Fatalf("after saving empty credentials: %+v %v", c, err)
	}
}

// --server wins over SOUK_SERVER, which wins over the last login's server.
func TestServerResolution(t *testing.T) {
	c := credentials{Server: "http://last:1"}
	t.Setenv("SOUK_SERVER", "env:2")
	if got := (&remote{server: "https://flag:3/"}).resolve(c); got != "https://flag:3" {
		t.Errorf("flag: %s", got)
	}
	if got := (&remote{}).resolve(c); got != "http://env:2" {
		t.Errorf("env: %s", got)
	}
	t.Setenv("SOUK_SERVER", "")
	if got := (&remote{}).resolve(c); got != "http://last:1" {
		t.Errorf("last login: %s", got)
	}
	if got := (&remote{}).resolve(credentials{}); got != defaultServer {
		t.Errorf("default: %s", got)
	}
}

// A bundle with eval fails souk build (not the upload), naming the
// TypeScript line; the same app without it builds.
func TestBuildRefusesEvalAtTheTypeScriptLine(t *testing.T) {
	dir := t.TempDir()
	out, err := exec.Command(soukBin, "init", dir, "--template", "blank", "--name", "evil").CombinedOutput()
	if err != nil {
		t.Fatalf("souk init: %v\n%s", err, out)
	}
	build := exec.Command(soukBin, "build", ".", "-o", filepath.Join(t.TempDir(), "ok.zip"))
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the blank template does not build: %v\n%s", err, out)
	}
	src := "import { defineApp, ui } from \"@souk/sdk\";\n\nexport default defineApp({\n  render(page) {\n    const n = eval(\"1 + 1\");\n    return ui.text(String(n) + page);\n  },\n});\n"
	if err := os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	build = exec.Command(soukBin, "build", ".", "-o", filepath.Join(t.TempDir(), "bad.zip"))
	build.Dir = dir
	out, err = build.CombinedOutput()
	if err == nil {
		t.Fatalf("souk build accepted eval:\n%s", out)
	}
	for _, want := range []string{"src/index.ts:5:15: eval", `const n = eval("1 + 1");`, "static checks"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("souk build output lacks %q:\n%s", want, out)
		}
	}
}

// souk init writes a project whose files are all there, with the app name.
func TestInitTemplates(t *testing.T) {
	for _, tmpl := range initTemplates {
		dir := filepath.Join(t.TempDir(), "My Cool_Shop")
		cmd := rootCmdForTest(t, "init", dir, "--template", tmpl)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"souk.json", "package.json", "tsconfig.json", "tsconfig.test.json", ".gitignore", "src/index.ts",
			"src/views.ts", "test/views.test.ts", ".souk/sdk/src/index.ts", ".souk/sdk/src/host.ts"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", tmpl, err)
			}
		}
		b, _ := os.ReadFile(filepath.Join(dir, "souk.json"))
		if !strings.Contains(string(b), `"name": "my-cool-shop"`) {
			t.Errorf("%s souk.json: %s", tmpl, b)
		}
		pkg, _ := os.ReadFile(filepath.Join(dir, "package.json"))
		if strings.Contains(string(pkg), "@souk/sdk") || strings.Contains(string(pkg), `"dependencies"`) {
			t.Errorf("%s package.json depends on packages: %s", tmpl, pkg)
		}
		if err := rootCmdForTest(t, "init", dir, "--template", tmpl).Execute(); err == nil {
			t.Errorf("%s: init over an existing project did not refuse", tmpl)
		}
	}
}

func rootCmdForTest(t *testing.T, args ...string) *cobra.Command {
	t.Helper()
	rootCmd.SetArgs(args)
	rootCmd.SetOut(&strings.Builder{})
	rootCmd.SetErr(&strings.Builder{})
	t.Cleanup(func() { rootCmd.SetArgs(nil) })
	return rootCmd
}

// proseAfterSouk are words that follow "souk" in help text without naming
// a command ("the souk binary", "souk host APIs").
var proseAfterSouk = map[string]bool{"binary": true, "host": true, "server": true, "sandbox": true, "is": true,
	"platform": true, "runs": true, "re": true, "cli": true, "and": true, "itself": true, "on": true,
	"node": true, "for": true}

var soukMention = regexp.MustCompile(`(?:^|[^/@\w.-])souk ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?`)

// souk --help and every command's help mention only commands that exist.
func TestHelpMentionsOnlyExistingCommands(t *testing.T) {
	var walk func(c *cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		checked++
		help := c.Short + "\n" + c.Long + "\n" + c.Example + "\n" + c.UsageString()
		for _, m := range soukMention.FindAllStringSubmatch(help, -1) {
			if proseAfterSouk[m[1]] {
				continue
			}
			sub, rest, err := rootCmd.Find([]string{m[1]})
			if err != nil || sub == rootCmd || len(rest) > 0 {
				t.Errorf("help of %q mentions %q, which is not a command", c.CommandPath(), m[0])
				continue
			}
			if m[2] != "" && sub.HasSubCommands() {
				if s, _, err := sub.Find([]string{m[2]}); err != nil || s == sub {
					t.Errorf("help of %q mentions %q, which is not a command", c.CommandPath(), m[0])
				}
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(rootCmd)
	if checked < 15 {
		t.Fatalf("walked only %d commands", checked)
	}
	// The developer loop is all there.
	for _, name := range []string{"login", "whoami", "logout", "init", "build", "publish", "versions", "release", "rollback", "status", "logs", "dev", "run", "listen"} {
		if c, _, err := rootCmd.Find([]string{name}); err != nil || c == rootCmd {
			t.Errorf("no souk %s", name)
		}
	}
}

// The server's check messages name app.js positions; publish prints them
// at the TypeScript line through the local source map.
func TestCheckMessagesMappedToSources(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"souk.json":   `{"name":"mapped","version":"1.0.0","entry":"src/main.ts","permissions":[]}`,
		"src/main.ts": "import { ui } from \"@souk/sdk\";\n\nexport default {\n  render() {\n    return ui.text(String(eval(\"2\")));\n  },\n};\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, err := runtime.ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	findings := marketplace.ScanScript(b.Script)
	if len(findings) != 1 {
		t.Fatalf("findings: %v", findings)
	}
	got := newSourceMapper(b.SourceMap).mapMessage(findings[0].String())
	if !strings.HasPrefix(got, "src/main.ts:5:") || !strings.Contains(got, "eval") {
		t.Fatalf("mapped message %q, want it at src/main.ts:5", got)
	}
	if got := newSourceMapper(nil).mapMessage("app.js:3:4: eval"); got != "app.js:3:4: eval" {
		t.Fatalf("without a map: %q", got)
	}
}
