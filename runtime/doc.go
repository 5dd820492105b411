// Package runtime defines what a souk mini-program is, independent of how it
// runs: the manifest (souk.json), the bundle archive that souk build writes
// and the host reads, and the server-driven views an app returns. Package
// sandbox runs bundles; this package never executes JavaScript (its tests do,
// in a plain goja runtime, to prove a built bundle loads).
//
// # The contract between runtime and sandbox
//
// The script. A bundle's entry is ONE classic script, app.js: esbuild output
// with Format IIFE, GlobalName "__soukApp", platform browser (the "browser"
// field and the worker/browser export conditions: the sandbox is a
// web-platform runtime without a DOM), target ES2020 with async generators
// and for-await lowered (goja lacks async iteration), the global-object
// idiom Function("return this")() rewritten to globalThis, everything (npm
// packages included) bundled in, no require or import at run time, no
// sourceMappingURL comment (ReadBundle rejects one: goja's parser
// would follow it). After the script runs, handlers are
//
//	(globalThis.__soukApp.default ?? globalThis.__soukApp)[handlerName]
//
// The source map. app.js.map is an external source map v3 with
// sourcesContent, so the host can map a JS stack back to the developer's
// original .ts line and show it. Its "sources" are relative to the app
// directory (e.g. "src/index.ts", "node_modules/nanoid/non-secure/index.js").
//
// Host calls. The sandbox gives JS exactly one frozen global, souk, with
// souk.call(name: string, args: unknown): Promise<unknown>, plus console,
// the timers and the web-platform globals npm libraries expect (TextEncoder,
// URL, structuredClone, crypto.getRandomValues, Intl, …; docs/NPM_COMPAT.md),
// none of which reaches anything of the host.
// @souk/sdk wraps it: storage.get(key) is souk.call("storage.get", {key}),
// log.info(message, fields) is souk.call("log.info", {message, fields}) and so
// on (sdk-js/src/host.ts lists every name and argument shape). A call is
// allowed only if its permission (the part before the dot) is in the
// manifest's permissions and granted at install.
//
// Handlers, all optional and possibly async:
//
//	render(page, params, ctx)        → view
//	action(name, args, ctx)          → view, or a patch {"patch": [ops]}
//	message(msg, ctx)
//	install(ctx)
//	orderPaid(event, ctx)
//	shipmentUpdated(event, ctx)
//	refunded(event, ctx)
//
// ctx is {installationId, brandId, shopperId? (only if the shopper
// consented), locale} and nothing else. A view is checked with ValidateView;
// an action's result with ValidateActionResult, and a patch is applied to the
// shopper's current view with View.Apply, which validates the whole result.
// The sandbox should JSON.stringify a handler's result inside JS and hand the
// host the text, so no JS object is ever read by reference.
//
// Limits. Manifest.EffectiveLimits gives the app's per-event limits
// (timeout, memory, host calls, log bytes, view bytes), within PlatformCaps,
// and every receipt records them (Receipt.Limits) with what was used:
//
//   - timeoutMs is a wall-clock deadline, not CPU time: it runs from the
//     moment the worker starts the event (the bundle's script, then the
//     handler and everything it awaits, host calls included) to its end.
//     Waiting for a free worker and compiling a bundle the worker has not
//     seen are not counted. Receipts report wall_us (from the request to
//     run to the end: waiting, compile_us and the run), and cpu_us, the
//     worker's CPU time, which nothing limits.
//     At the deadline the event's JS is interrupted for good: outcome
//     "timeout". An event that ignores the interrupt (a built-in) is killed
//     at deadline + grace: "killed".
//   - memoryMB bounds the heap the event holds: the sandbox worker's live
//     heap beyond what it holds idle, checked at every garbage collection
//     during the event (one comes at least every memoryMB of allocation).
//     Over it (plus 4 MiB of slack for the event's own arguments) the event
//     stops: outcome "memory_limit"; garbage it dropped does not count.
//     Receipts report memory_bytes (the most it held, as measured) and
//     alloc_bytes. One huge allocation by a built-in completes before the
//     check; the worker's own budget (512 MiB) ends those ("crashed").
//
// Isolation. By default ("isolation": "installation" in souk.json, or
// nothing) an installation's events may run in a runtime the sandbox kept
// warm from its earlier event: the bundle's top level ran once, and
// module-level state (caches, counters) may persist between that
// installation's events — never between installations or versions, and
// never past a timeout, a kill, a crash or an error in the top level. It
// must not hold shopper data. "isolation": "event" gives every event a
// fresh runtime (each event then runs the top level again: slower, but
// exactly replayable). Receipts say which ran: runtime "cold" or "warm".
//
// # Archive layout
//
// A zip with exactly these entries, sorted by name, deflated, every entry
// mode 0644 with the fixed time 2000-01-01T00:00:00Z (so the same input gives
// byte-identical archives):
//
//	app.js         the script
//	app.js.map     its source map
//	assets/...     static assets (images, .json, .txt only), optional
//	souk.json      the manifest, normalized: "entry" is "app.js" and
//	               "assets" is "assets" when there are any
//
// ReadBundle accepts nothing else: its rejections are the Code* constants in
// error.go (bundle_path_traversal, bundle_zip_bomb, …), each with a message
// naming the file or field.
//
// # Resolving @souk/sdk
//
// The SDK is plain TypeScript source (sdk-js/src) with no build step, and
// the souk binary carries a copy of it (package sdkjs). Build resolves the
// import "@souk/sdk" to that copy, never to node_modules, so an app is
// bundled with the SDK of the host that builds it and the package never
// comes from a registry (bundle_build_sdk.go). npm packages other than the
// SDK come from the app's node_modules; a missing one fails the build with
// the advice to run npm install.
package runtime
