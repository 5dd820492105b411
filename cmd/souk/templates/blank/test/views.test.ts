import test from "node:test";
import assert from "node:assert/strict";
import { home } from "../src/views.js";

test("home shows the visit count and a button", () => {
  const v = home("en", 3);
  assert.equal(v.type, "stack");
  const json = JSON.stringify(v);
  assert.ok(json.includes("Visit number 3"), json);
  assert.ok(json.includes('"action":"wave"'), json);
});
