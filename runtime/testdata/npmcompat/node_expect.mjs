// Writes each case's expect.json from Node's run of the same main.js: the reference answer.
// Usage (in this directory, after npm ci): node node_expect.mjs
import { readdirSync, writeFileSync } from "node:fs";
for (const name of readdirSync("cases").sort()) {
  try {
    const mod = await import("./cases/" + name + "/main.js");
    const v = await mod.default.render();
    writeFileSync("cases/" + name + "/expect.json", JSON.stringify(v) + "\n");
  } catch (e) {
    console.error(name + ": " + e);
  }
}
