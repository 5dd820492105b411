package runtime

import (
	"strings"
	"testing"
)

// lodash-es and other npm libraries find the global object with
// Function("return this")(); souk build rewrites exactly that idiom to
// globalThis (the sandbox refuses code generation from strings), and
// leaves any other use of Function alone.
func TestBuildRewritesGlobalObjectIdiom(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"souk.json":                        `{"name":"glob","version":"1.0.0","entry":"main.js","permissions":[]}`,
		"node_modules/oldlib/package.json": `{"name":"oldlib","main":"index.js"}`,
		"node_modules/oldlib/index.js": `var root = typeof self == "object" && self || Function('return this')();
var root2 = new Function("return this")( );
var s = "keep Function(\"return 1\")";
module.exports = { root: root, root2: root2, s: s };`,
		"main.js": `import lib from "oldlib";
export default { render() { return { same: lib.root === globalThis && lib.root2 === globalThis, s: lib.s }; } };`,
	})
	bun := buildApp(t, dir)
	script := string(bun.Script)
	if strings.Contains(script, "return this") {
		t.Fatalf("the idiom survived the build:\n%s", script)
	}
	if !strings.Contains(script, `keep Function(\"return 1\")`) && !strings.Contains(script, `keep Function("return 1")`) {
		t.Fatalf("a string that is not the idiom was changed:\n%s", script)
	}
}
