package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

// devVersion is a version as the API returns it (marketplace.Version).
type devVersion struct {
	Version   string    `json:"version"`
	Status    string    `json:"status"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"created_at"`
	Checks    []struct {
		Check   string `json:"check"`
		OK      bool   `json:"ok"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"checks"`
	Review *struct {
		Decision string   `json:"decision"`
		Reasons  []string `json:"reasons"`
		Message  string   `json:"message"`
	} `json:"review"`
}

type releaseState struct {
	Stable    string `json:"stable"`
	Candidate string `json:"candidate"`
	Percent   int    `json:"percent"`
}

func (s releaseState) String() string {
	switch {
	case s.Stable == "" && s.Candidate == "":
		return "nothing released"
	case s.Candidate == "":
		return "stable " + s.Stable + " for every shopper"
	case s.Stable == "":
		return fmt.Sprintf("%s for %d%% of shoppers (no stable version for the others)", s.Candidate, s.Percent)
	}
	return fmt.Sprintf("%s for %d%% of shoppers, stable %s for the others", s.Candidate, s.Percent, s.Stable)
}

func newPublishCommand() *cobra.Command {
	var a appRef
	var submit bool
	cmd := &cobra.Command{
		Use:   "publish [dir]",
		Short: "Build the app, upload it as a new version and show the automatic checks",
		Long: `Publish builds the app in dir (default: the current directory) as souk build
does, uploads the archive as a new version of the app named in souk.json
(creating the app in your developer org the first time), and prints the
automatic checks the server ran, with positions in your sources.

With --submit, a version whose checks passed goes to review; once a
reviewer approves it, release it with souk release.`,
		Example: `  souk publish --submit
  souk publish ./my-shop --org org_123`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				a.dir = args[0]
			}
			ctx := cmd.Context()
			res, sm, err := buildChecked(cmd, a.dir)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "built %s %s (%d bytes)\n", res.Manifest.Name, res.Manifest.Version, len(res.Archive))
			t, err := a.resolve(ctx, true)
			if err != nil {
				return err
			}
			var v devVersion
			pr := &progressReader{r: bytes.NewReader(res.Archive), total: int64(len(res.Archive)), w: cmd.ErrOrStderr()}
			err = t.c.send(ctx, http.MethodPost, t.path("/versions"), pr, "application/zip", int64(len(res.Archive)), &v)
			pr.done()
			if err != nil {
				return fmt.Errorf("uploading: %w", err)
			}
			fmt.Fprintf(out, "uploaded %s %s to %s: %s\n", t.app.Slug, v.Version, t.c.server, v.Status)
			failed := 0
			for _, c := range v.Checks {
				mark := "ok  "
				if !c.OK {
					if c.Check == "permission_diff" {
						mark = "note"
					} else {
						mark, failed = "FAIL", failed+1
					}
				}
				fmt.Fprintf(out, "  %s %-22s %s\n", mark, c.Check, sm.mapMessage(c.Message))
			}
			if failed > 0 || v.Status == "checks_failed" {
				return fmt.Errorf("%s %s failed %d automatic check(s); fix them, bump \"version\" in souk.json and publish again", t.app.Slug, v.Version, failed)
			}
			if !submit {
				fmt.Fprintf(out, "next: souk publish --submit (or submit %s later from the developer portal)\n", v.Version)
				return nil
			}
			if err := t.c.do(ctx, http.MethodPost, t.path("/versions/"+url.PathEscape(v.Version)+"/submit"), nil, &v); err != nil {
				return fmt.Errorf("submitting for review: %w", err)
			}
			fmt.Fprintf(out, "submitted %s %s for review (%s); when it is approved: souk release --percent 10\n", t.app.Slug, v.Version, v.Status)
			return nil
		},
	}
	addAppFlags(cmd, &a)
	cmd.Flags().Lookup("dir").Hidden = true
	cmd.Flags().BoolVar(&submit, "submit", false, "submit the version for review once its checks pass")
	return cmd
}

// progressReader draws an upload progress bar on w.
type progressReader struct {
	r     io.Reader
	total int64
	n     int64
	w     io.Writer
	shown int
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.total > 0 {
		if pct := int(p.n * 100 / p.total); pct != p.shown || p.n == 0 {
			p.shown = pct
			p.draw()
		}
	}
	return n, err
}

func (p *progressReader) draw() {
	const width = 30
	filled := p.shown * width / 100
	fmt.Fprintf(p.w, "\ruploading [%s%s] %3d%% %s/%s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
		p.shown, kib(p.n), kib(p.total))
}

func (p *progressReader) done() {
	if p.shown != 100 && p.n == p.total {
		p.shown = 100
		p.draw()
	}
	fmt.Fprintln(p.w)
}

func kib(n int64) string { return fmt.Sprintf("%.1f KiB", float64(n)/1024) }

func newVersionsCommand() *cobra.Command {
	var a appRef
	cmd := &cobra.Command{
		Use:   "versions",
		Short: "List the app's versions, newest first, with their review status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := a.resolve(cmd.Context(), false)
			if err != nil {
				return err
			}
			vs, err := listAll(cmd.Context(), t.c, t.path("/versions"), func(v devVersion) string { return v.Version }, 1000)
			if err != nil {
				return err
			}
			var rel releaseState
			if err := t.c.do(cmd.Context(), http.MethodGet, t.path("/status"), nil, &struct {
				Release *releaseState `json:"release"`
			}{&rel}); err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tSTATUS\tRELEASE\tUPLOADED\tNOTE")
			for _, v := range vs {
				released := ""
				switch v.Version {
				case rel.Stable:
					released = "stable"
				case rel.Candidate:
					released = fmt.Sprintf("%d%%", rel.Percent)
				}
				note := ""
				if v.Review != nil && v.Review.Decision == "rejected" {
					note = strings.Join(v.Review.Reasons, ",") + ": " + v.Review.Message
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Version, v.Status, released, v.CreatedAt.Local().Format(time.DateTime), note)
			}
			return tw.Flush()
		},
	}
	addAppFlags(cmd, &a)
	return cmd
}

func newReleaseCommand() *cobra.Command {
	var a appRef
	var percent int
	cmd := &cobra.Command{
		Use:   "release [VERSION] --percent N",
		Short: "Release an approved version to N% of shoppers (100: to everyone)",
		Long: `Release puts an approved version (default: the newest approved one) in front
of N percent of shoppers; each shopper keeps seeing the same version. For
one version the percentage can only rise; 100 makes it the stable version.`,
		Example: `  souk release --percent 10
  souk release 1.2.0 --percent 100`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if percent < 1 || percent > 100 {
				return fmt.Errorf("--percent must be between 1 and 100")
			}
			ctx := cmd.Context()
			t, err := a.resolve(ctx, false)
			if err != nil {
				return err
			}
			version := ""
			if len(args) == 1 {
				version = args[0]
			} else {
				vs, err := listAll(ctx, t.c, t.path("/versions"), func(v devVersion) string { return v.Version }, 1000)
				if err != nil {
					return err
				}
				for _, v := range vs {
					if v.Status == "approved" {
						version = v.Version
						break
					}
				}
				if version == "" {
					return fmt.Errorf("%s has no approved version yet (see souk versions)", t.app.Slug)
				}
			}
			var st releaseState
			if err := t.c.do(ctx, http.MethodPost, t.path("/release"), map[string]any{"version": version, "percent": percent}, &st); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "released %s %s: %s\n", t.app.Slug, version, st)
			return nil
		},
	}
	addAppFlags(cmd, &a)
	cmd.Flags().IntVar(&percent, "percent", 0, "share of shoppers, 1-100 (required)")
	_ = cmd.MarkFlagRequired("percent")
	return cmd
}

func newRollbackCommand() *cobra.Command {
	var a appRef
	cmd := &cobra.Command{
		Use:   "rollback VERSION",
		Short: "Roll back to a kept version, at once for every shopper",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.resolve(cmd.Context(), false)
			if err != nil {
				return err
			}
			var st releaseState
			if err := t.c.do(cmd.Context(), http.MethodPost, t.path("/rollback"), map[string]string{"version": args[0]}, &st); err != nil {
				var kept struct {
					Kept []string `json:"kept"`
				}
				if t.c.do(cmd.Context(), http.MethodGet, t.path("/releases"), nil, &kept) == nil && len(kept.Kept) > 0 {
					return fmt.Errorf("%w (kept versions: %s)", err, strings.Join(kept.Kept, ", "))
				}
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rolled back %s: %s\n", t.app.Slug, st)
			return nil
		},
	}
	addAppFlags(cmd, &a)
	return cmd
}

func newStatusCommand() *cobra.Command {
	var a appRef
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what is released, how many brands run the app and any quarantine",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := a.resolve(cmd.Context(), false)
			if err != nil {
				return err
			}
			var st struct {
				Release       releaseState `json:"release"`
				Installations int          `json:"installations"`
				Healthy       bool         `json:"healthy"`
				Quarantined   []struct {
					Version string    `json:"version"`
					Reason  string    `json:"last_reason"`
					Until   time.Time `json:"until"`
				} `json:"quarantined"`
			}
			if err := t.c.do(cmd.Context(), http.MethodGet, t.path("/status"), nil, &st); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s (%s) in org %s on %s\n", t.app.Slug, t.app.ID, t.org, t.c.server)
			fmt.Fprintf(out, "release:       %s\n", st.Release)
			fmt.Fprintf(out, "installations: %d\n", st.Installations)
			if st.Healthy {
				fmt.Fprintln(out, "health:        ok")
			}
			for _, q := range st.Quarantined {
				fmt.Fprintf(out, "quarantined:   %s: %s\n", q.Version, q.Reason)
			}
			return nil
		},
	}
	addAppFlags(cmd, &a)
	return cmd
}
