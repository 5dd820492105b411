package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/runtime"
)

// appRef says which app a command acts on: --app (its slug or id), else
// the name in souk.json of --dir; in --org, else in your only developer org.
type appRef struct {
	remote
	org, app, dir string
}

func addAppFlags(cmd *cobra.Command, a *appRef) {
	addServerFlag(cmd, &a.remote)
	cmd.Flags().StringVar(&a.org, "org", "", "the developer org's id (default: your only developer org)")
	cmd.Flags().StringVar(&a.app, "app", "", "the app's name (slug) or id (default: the name in souk.json)")
	cmd.Flags().StringVar(&a.dir, "dir", ".", "the app's directory, for its souk.json")
}

// devApp is an app as the API returns it.
type devApp struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	Slug  string `json:"slug"`
	Name  string `json:"name"`
}

// target is what a developer command acts on.
type target struct {
	c   *apiClient
	org string
	app devApp
}

func (t target) path(rest string) string {
	return "/api/v1/orgs/" + url.PathEscape(t.org) + "/apps/" + url.PathEscape(t.app.ID) + rest
}

// resolve finds the org and the app; with create, a missing app is created
// in the org under the name slug.
func (a *appRef) resolve(ctx context.Context, create bool) (target, error) {
	c, err := a.client(true)
	if err != nil {
		return target{}, err
	}
	t := target{c: c, org: a.org}
	if t.org == "" {
		var who me
		if err := c.do(ctx, http.MethodGet, "/api/v1/me", nil, &who); err != nil {
			return t, err
		}
		var dev []string
		for _, o := range who.Orgs {
			if o.OrgKind == "developer" {
				dev = append(dev, o.OrgID)
			}
		}
		switch len(dev) {
		case 0:
			return t, fmt.Errorf("%s is not in any developer org: create one with souk org create NAME", who.User.Email)
		case 1:
			t.org = dev[0]
		default:
			return t, fmt.Errorf("you are in %d developer orgs (%s): choose one with --org", len(dev), strings.Join(dev, ", "))
		}
	}
	name := a.app
	if name == "" {
		raw, err := os.ReadFile(filepath.Join(a.dir, runtime.ManifestFile))
		if err != nil {
			return t, fmt.Errorf("which app? pass --app, or run this in the app's directory (%w)", errNoManifest)
		}
		var m struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(raw, &m); err != nil || m.Name == "" {
			return t, fmt.Errorf("%s: no \"name\"", filepath.Join(a.dir, runtime.ManifestFile))
		}
		name = m.Name
	}
	apps, err := listAll(ctx, c, "/api/v1/orgs/"+url.PathEscape(t.org)+"/apps", func(x devApp) string { return x.ID }, 10_000)
	if err != nil {
		return t, err
	}
	for _, x := range apps {
		if x.Slug == name || x.ID == name {
			t.app = x
			return t, nil
		}
	}
	if !create {
		return t, fmt.Errorf("no app %q in org %s: souk publish creates it", name, t.org)
	}
	err = c.do(ctx, http.MethodPost, "/api/v1/orgs/"+url.PathEscape(t.org)+"/apps", map[string]string{"slug": name, "name": name}, &t.app)
	return t, err
}
