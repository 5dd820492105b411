// Package sdkjs carries the @souk/sdk sources (src/*.ts) inside the souk
// binary. souk build resolves "@souk/sdk" to this copy, so an app is always
// bundled with the SDK of the host that builds it and the package never has
// to come from a registry (the @souk scope is unclaimed there: a
// dependency-confusion risk); souk init writes the same files into a new
// project for editors and tsc.
package sdkjs

import (
	"embed"
	"io/fs"
)

//go:embed package.json src/*.ts
var files embed.FS

// Source is the SDK: package.json and src/*.ts.
func Source() fs.FS { return files }

// Entry is the module "@souk/sdk" resolves to, a path in Source.
const Entry = "src/index.ts"
