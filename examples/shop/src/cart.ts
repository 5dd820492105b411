// The cart lives in the installation's storage, one key per shopper. It
// holds SKU ids and quantities only: prices are read from the catalog to
// show an estimate, and computed by the host when the order is created.
import { storage, type Ctx, type JSONObject } from "@souk/sdk";

export interface CartLine {
  skuId: string;
  productId: string;
  qty: number;
}

/** At most this many units of one SKU, and this many lines, per cart. */
export const MAX_QTY = 99;
export const MAX_LINES = 20;

export class NoShopper extends Error {
  constructor() {
    super("the cart needs a signed-in shopper");
  }
}

function key(ctx: Ctx): string {
  if (!ctx.shopperId) throw new NoShopper();
  return `cart:${ctx.shopperId}`;
}

export async function load(ctx: Ctx): Promise<CartLine[]> {
  const v = await storage.get<JSONObject>(key(ctx));
  const lines = v?.["lines"];
  if (!Array.isArray(lines)) return [];
  const out: CartLine[] = [];
  for (const l of lines) {
    if (l && typeof l === "object" && !Array.isArray(l) && typeof l["skuId"] === "string" &&
      typeof l["productId"] === "string" && typeof l["qty"] === "number") {
      out.push({ skuId: l["skuId"], productId: l["productId"], qty: l["qty"] });
    }
  }
  return out;
}

export async function save(ctx: Ctx, lines: CartLine[]): Promise<void> {
  if (lines.length === 0) {
    await storage.delete(key(ctx));
    return;
  }
  await storage.set(key(ctx), { lines: lines.map((l) => ({ skuId: l.skuId, productId: l.productId, qty: l.qty })) });
}

/** add puts qty more of a SKU in the cart (capped at MAX_QTY). */
export function add(lines: CartLine[], skuId: string, productId: string, qty: number): CartLine[] {
  const out = lines.map((l) => ({ ...l }));
  const at = out.find((l) => l.skuId === skuId);
  if (at) {
    at.qty = Math.min(MAX_QTY, at.qty + qty);
  } else {
    if (out.length >= MAX_LINES) throw new Error(`a cart holds at most ${MAX_LINES} lines`);
    out.push({ skuId, productId, qty: Math.min(MAX_QTY, qty) });
  }
  return out;
}

/** setQty sets a SKU's quantity; 0 removes the line. */
export function setQty(lines: CartLine[], skuId: string, qty: number): CartLine[] {
  return lines
    .map((l) => (l.skuId === skuId ? { ...l, qty: Math.min(MAX_QTY, qty) } : { ...l }))
    .filter((l) => l.qty > 0);
}

export function count(lines: CartLine[]): number {
  return lines.reduce((n, l) => n + l.qty, 0);
}
