package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/soukhq/souk/internal/testenv"
)

const deployDir = "../../deploy"

// EnvVars is every variable cmd/souk's source reads and nothing else: a
// "SOUK_…" or "DATABASE_URL" string literal in cmd/souk or host that is not
// in the list fails, and so does a listed name the source never mentions.
func TestEnvVarsMatchTheSource(t *testing.T) {
	lit := regexp.MustCompile(`"((?:SOUK_[A-Z0-9_]+)|DATABASE_URL)"`)
	inSource := map[string]bool{}
	for _, dir := range []string{".", "../../host"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "env.go" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
				inSource[m[1]] = true
			}
		}
	}
	listed := envVarNames()
	for name := range inSource {
		if _, ok := listed[name]; !ok {
			t.Errorf("cmd/souk reads %s but EnvVars (cmd/souk/env.go) does not list it", name)
		}
	}
	for name := range listed {
		if !inSource[name] {
			t.Errorf("EnvVars lists %s but no code in cmd/souk or host reads it", name)
		}
	}
	// docs/OPERATIONS.md documents every variable.
	ops, err := os.ReadFile("../../docs/OPERATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	for name := range listed {
		if !bytes.Contains(ops, []byte("`"+name+"`")) {
			t.Errorf("docs/OPERATIONS.md does not document %s", name)
		}
	}
}

// strictDecode turns one YAML document into JSON (duplicate keys fail) and
// decodes it into out, failing on any field the official type lacks.
func strictDecode(doc []byte, out any) error {
	j, err := sigsyaml.YAMLToJSONStrict(doc)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	return dec.Decode(out)
}

// k8sManifests decodes every document of every file in deploy/kubernetes
// into its k8s.io/api type.
type k8sManifests struct {
	deployments []*appsv1.Deployment
	configMaps  []*corev1.ConfigMap
	secrets     []*corev1.Secret
	services    []*corev1.Service
	ingresses   []*networkingv1.Ingress
	hpas        []*autoscalingv2.HorizontalPodAutoscaler
	pdbs        []*policyv1.PodDisruptionBudget
}

func loadK8s(t *testing.T) k8sManifests {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(deployDir, "kubernetes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in deploy/kubernetes: %v", err)
	}
	var m k8sManifests
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
			if strings.TrimSpace(regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(doc, "")) == "" {
				continue
			}
			var tm metav1.TypeMeta
			if err := sigsyaml.Unmarshal([]byte(doc), &tm); err != nil {
				t.Fatalf("%s #%d: %v", f, i, err)
			}
			var obj any
			switch tm.APIVersion + " " + tm.Kind {
			case "apps/v1 Deployment":
				o := &appsv1.Deployment{}
				m.deployments, obj = append(m.deployments, o), o
			case "v1 ConfigMap":
				o := &corev1.ConfigMap{}
				m.configMaps, obj = append(m.configMaps, o), o
			case "v1 Secret":
				o := &corev1.Secret{}
				m.secrets, obj = append(m.secrets, o), o
			case "v1 Service":
				o := &corev1.Service{}
				m.services, obj = append(m.services, o), o
			case "networking.k8s.io/v1 Ingress":
				o := &networkingv1.Ingress{}
				m.ingresses, obj = append(m.ingresses, o), o
			case "autoscaling/v2 HorizontalPodAutoscaler":
				o := &autoscalingv2.HorizontalPodAutoscaler{}
				m.hpas, obj = append(m.hpas, o), o
			case "policy/v1 PodDisruptionBudget":
				o := &policyv1.PodDisruptionBudget{}
				m.pdbs, obj = append(m.pdbs, o), o
			default:
				t.Fatalf("%s #%d: %q %q is not a kind this test knows", f, i, tm.APIVersion, tm.Kind)
			}
			if err := strictDecode([]byte(doc), obj); err != nil {
				t.Fatalf("%s #%d (%s): %v", f, i, tm.Kind, err)
			}
		}
	}
	if len(m.deployments) != 1 || len(m.configMaps) != 1 || len(m.secrets) != 1 || len(m.services) != 1 ||
		len(m.ingresses) != 1 || len(m.hpas) != 1 || len(m.pdbs) != 1 {
		t.Fatalf("want one each of Deployment, ConfigMap, Secret, Service, Ingress, HPA, PDB; have %d %d %d %d %d %d %d",
			len(m.deployments), len(m.configMaps), len(m.secrets), len(m.services), len(m.ingresses), len(m.hpas), len(m.pdbs))
	}
	return m
}

// The strict decoding itself rejects a field the official types do not have.
func TestStrictDecodeRejectsUnknownFields(t *testing.T) {
	doc := "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 80, targetPortt: 8080}]\n"
	if err := strictDecode([]byte(doc), &corev1.Service{}); err == nil || !strings.Contains(err.Error(), "targetPortt") {
		t.Fatalf("a misspelt field decoded: %v", err)
	}
	if err := strictDecode([]byte("kind: A\nkind: B\n"), &metav1.TypeMeta{}); err == nil {
		t.Fatal("a duplicate key decoded")
	}
}

func TestKubernetesManifests(t *testing.T) {
	m := loadK8s(t)
	d, cm, sec := m.deployments[0], m.configMaps[0], m.secrets[0]
	listed := envVarNames()

	// Configuration: every key is a variable souk reads, secrets only in the Secret.
	for k := range cm.Data {
		v, ok := listed[k]
		switch {
		case !ok:
			t.Errorf("ConfigMap key %s is not an environment variable souk reads", k)
		case v.Secret:
			t.Errorf("ConfigMap holds %s, which is secret: move it to the Secret", k)
		}
	}
	for k := range sec.StringData {
		if v, ok := listed[k]; !ok || !v.Secret {
			t.Errorf("Secret key %s is not a secret environment variable souk reads", k)
		}
	}
	pod := d.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, have %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	refs := 0
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil && from.ConfigMapRef.Name == cm.Name, from.SecretRef != nil && from.SecretRef.Name == sec.Name:
			refs++
		default:
			t.Errorf("envFrom %+v names neither the ConfigMap nor the Secret", from)
		}
	}
	if refs != 2 {
		t.Errorf("the container takes %d of ConfigMap and Secret, want both", refs)
	}
	for _, e := range c.Env {
		if _, ok := listed[e.Name]; !ok {
			t.Errorf("container env %s is not a variable souk reads", e.Name)
		}
	}

	// Probes: readiness on /readyz, liveness on /healthz, on the port souk
	// listens on (SOUK_ADDR in the ConfigMap).
	_, port, err := net.SplitHostPort(cm.Data["SOUK_ADDR"])
	if err != nil {
		t.Fatalf("SOUK_ADDR %q: %v", cm.Data["SOUK_ADDR"], err)
	}
	if len(c.Ports) != 1 || fmt.Sprint(c.Ports[0].ContainerPort) != port {
		t.Fatalf("container ports %+v do not match SOUK_ADDR's port %s", c.Ports, port)
	}
	probe := func(name string, p *corev1.Probe, path string) {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s probe missing or not HTTP", name)
			return
		}
		if p.HTTPGet.Path != path {
			t.Errorf("%s probe on %s, want %s", name, p.HTTPGet.Path, path)
		}
		if pp := p.HTTPGet.Port; pp.StrVal != c.Ports[0].Name && fmt.Sprint(pp.IntVal) != port {
			t.Errorf("%s probe on port %s, not souk's", name, pp.String())
		}
	}
	probe("readiness", c.ReadinessProbe, "/readyz")
	probe("liveness", c.LivenessProbe, "/healthz")
	probe("startup", c.StartupProbe, "/healthz")

	// Graceful termination: preStop's wait plus --shutdown-grace fit in
	// terminationGracePeriodSeconds.
	var grace time.Duration
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--shutdown-grace="); ok {
			if grace, err = time.ParseDuration(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(c.Args) == 0 || c.Args[0] != "serve" || grace == 0 {
		t.Fatalf("args %q: want serve --shutdown-grace=…", c.Args)
	}
	var preStop time.Duration
	if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
		preStop = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
	}
	if pod.TerminationGracePeriodSeconds == nil || time.Duration(*pod.TerminationGracePeriodSeconds)*time.Second < preStop+grace+2*time.Second {
		t.Errorf("terminationGracePeriodSeconds %v is less than preStop %v + --shutdown-grace %v + 2s", pod.TerminationGracePeriodSeconds, preStop, grace)
	}

	// Resources and a non-root, read-only container.
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("resources incomplete: %+v", c.Resources)
	}
	sc, psc := c.SecurityContext, pod.SecurityContext
	if sc == nil || psc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 ||
		sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		t.Errorf("securityContext must be non-root, read-only root, no privilege escalation, no capabilities: %+v %+v", sc, psc)
	}
	mounts := map[string]bool{}
	for _, vm := range c.VolumeMounts {
		mounts[vm.MountPath] = true
	}
	if !mounts["/tmp"] || !mounts[cm.Data["SOUK_DATA_DIR"]] {
		t.Errorf("a read-only root needs writable /tmp (sandbox workers) and SOUK_DATA_DIR mounted; have %v", mounts)
	}

	// Service, Ingress, HPA and PDB point at the Deployment's pods.
	sel := d.Spec.Selector.MatchLabels
	matches := func(what string, s map[string]string) {
		for k, v := range s {
			if d.Spec.Template.Labels[k] != v {
				t.Errorf("%s selects %s=%s, which the pods do not carry", what, k, v)
			}
		}
		if len(s) == 0 {
			t.Errorf("%s selects nothing", what)
		}
	}
	matches("Deployment", sel)
	svc := m.services[0]
	matches("Service", svc.Spec.Selector)
	if tp := svc.Spec.Ports[0].TargetPort; tp.StrVal != c.Ports[0].Name && fmt.Sprint(tp.IntVal) != port {
		t.Errorf("Service targets %s, not the container's port", tp.String())
	}
	ing := m.ingresses[0]
	if b := ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service; b == nil || b.Name != svc.Name || b.Port.Name != svc.Spec.Ports[0].Name {
		t.Errorf("Ingress backend %+v is not the Service", b)
	}
	if h := m.hpas[0]; h.Spec.ScaleTargetRef.Kind != "Deployment" || h.Spec.ScaleTargetRef.Name != d.Name || h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 {
		t.Errorf("HPA %+v must scale the Deployment from at least 2", h.Spec)
	}
	if p := m.pdbs[0]; p.Spec.Selector == nil {
		t.Error("PDB selects nothing")
	} else {
		matches("PDB", p.Spec.Selector.MatchLabels)
	}

	// The probes answer 200 on a real souk serve started with the
	// ConfigMap's settings (on a local port and data directory, without S3).
	env := []string{}
	for k, v := range cm.Data {
		switch k {
		case "SOUK_ADDR", "SOUK_DATA_DIR", "SOUK_S3_ENDPOINT":
			continue
		}
		env = append(env, k+"="+v)
	}
	s := startServe(t, env, "--data-dir", t.TempDir())
	for _, p := range []string{c.ReadinessProbe.HTTPGet.Path, c.LivenessProbe.HTTPGet.Path} {
		r, err := http.Get("http://" + s.addr + p)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, r.StatusCode)
		}
	}
	s.stop(t)
}

// deploy/compose.yaml: two souk nodes on PostgreSQL and MinIO behind the
// HAProxy of deploy/haproxy.cfg; every variable a node gets is one souk
// reads, and the nodes reach the database and S3 services by name.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(deployDir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string
			Build       map[string]any
			Command     []string
			Environment map[string]string
			DependsOn   any `yaml:"depends_on"`
			Volumes     []any
			Ports       []string
			ReadOnly    bool   `yaml:"read_only"`
			StopGrace   string `yaml:"stop_grace_period"`
		}
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	listed := envVarNames()
	var nodes []string
	for name, svc := range compose.Services {
		if !strings.HasPrefix(name, "souk-") {
			continue
		}
		nodes = append(nodes, name)
		if svc.Build["dockerfile"] != "deploy/Containerfile" || !svc.ReadOnly {
			t.Errorf("%s: build %v read_only %v", name, svc.Build, svc.ReadOnly)
		}
		for k := range svc.Environment {
			if _, ok := listed[k]; !ok {
				t.Errorf("%s: %s is not an environment variable souk reads", name, k)
			}
		}
		env := svc.Environment
		if !strings.Contains(env["DATABASE_URL"], "@postgres:") || !strings.HasPrefix(env["SOUK_S3_ENDPOINT"], "minio:") {
			t.Errorf("%s does not use the compose PostgreSQL and MinIO: %v", name, env)
		}
		if env["SOUK_S3_SECRET_KEY"] != compose.Services["minio"].Environment["MINIO_ROOT_PASSWORD"] {
			t.Errorf("%s's S3 secret is not MinIO's", name)
		}
		var grace time.Duration
		for _, a := range svc.Command {
			if v, ok := strings.CutPrefix(a, "--shutdown-grace="); ok {
				grace, _ = time.ParseDuration(v)
			}
		}
		stop, _ := time.ParseDuration(svc.StopGrace)
		if grace == 0 || stop <= grace {
			t.Errorf("%s: stop_grace_period %q must exceed --shutdown-grace %v", name, svc.StopGrace, grace)
		}
	}
	sort.Strings(nodes)
	if !slices.Equal(nodes, []string{"souk-1", "souk-2"}) {
		t.Fatalf("souk nodes %v, want souk-1 and souk-2", nodes)
	}
	for _, s := range []string{"postgres", "minio", "lb"} {
		if _, ok := compose.Services[s]; !ok {
			t.Errorf("no %s service", s)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(deployDir, "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"uri /readyz", "timeout tunnel", "server souk-1 souk-1:8080", "server souk-2 souk-2:8080"} {
		if !bytes.Contains(cfg, []byte(want)) {
			t.Errorf("haproxy.cfg lacks %q", want)
		}
	}
	// HAProxy itself accepts the file (Debian's haproxy; CI installs it).
	if _, err := exec.LookPath("haproxy"); err != nil {
		if testenv.InCI() {
			t.Fatal("haproxy is not installed")
		}
		t.Log("haproxy not installed: configuration not checked by haproxy -c")
		return
	}
	if out, err := exec.Command("haproxy", "-c", "-f", filepath.Join(deployDir, "haproxy.cfg")).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
}

// SOUK_SANDBOX_WORKERS sizes the sandbox pool; a bad value stops serve with
// a message naming the variable.
func TestSandboxWorkersSetting(t *testing.T) {
	cmd := exec.Command(soukBin, "serve", "--addr", freeAddr(t), "--data-dir", t.TempDir())
	cmd.Env = append(os.Environ(), "SOUK_SANDBOX_WORKERS=lots")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "SOUK_SANDBOX_WORKERS must be") {
		t.Fatalf("serve with SOUK_SANDBOX_WORKERS=lots: %v %s", err, out)
	}
	s := startServe(t, []string{"SOUK_SANDBOX_WORKERS=1"}, "--data-dir", t.TempDir())
	s.stop(t)
}

// The Grafana dashboards are checked against a node's /metrics after the
// core flow has run on it: host.TestCoreFlowOverHTTP, step metrics_and_traces.
