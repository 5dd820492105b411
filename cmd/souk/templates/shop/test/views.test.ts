import test from "node:test";
import assert from "node:assert/strict";
import type { Product } from "@souk/sdk";
import { shop } from "../src/views.js";

const mug: Product = {
  id: "p1", title: "Mug", description: "", currency: "EUR", images: [],
  skus: [{ id: "s1", options: {}, price: "12.50", available: 3 }],
};

test("a signed-in shopper can buy an available product", () => {
  const json = JSON.stringify(shop([mug], true));
  assert.ok(json.includes('"productId":"p1"'), json);
  assert.ok(json.includes('"skuId":"s1"'), json);
});

test("a sold-out product has no Buy button", () => {
  const soldOut: Product = { ...mug, skus: [{ id: "s1", options: {}, price: "12.50", available: 0 }] };
  const json = JSON.stringify(shop([soldOut], true));
  assert.ok(!json.includes('"action":"buy"'), json);
  assert.ok(json.includes("Sold out"), json);
});
