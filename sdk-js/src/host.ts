// Host APIs. In the sandbox the only way out is the frozen global
// souk.call(name, args): Promise<unknown>; every API here is a typed wrapper
// around it. Each needs its permission in souk.json ("storage", "log", …);
// a call without it rejects. Arguments and results are JSON copies.

import type { JSONValue, View } from "./view";

/** The one global the sandbox provides (besides console). */
export interface SoukHost {
  call(name: string, args: unknown): Promise<unknown>;
}

declare global {
  // The sandbox's console; output is captured per app, rate-limited.
  interface Console {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  }
  var console: Console;
}

/** call sends one host call; resolved lazily so the SDK can be imported anywhere. */
export function call<T>(name: string, args: unknown): Promise<T> {
  const host = (globalThis as unknown as { souk?: SoukHost }).souk;
  if (!host) {
    return Promise.reject(new Error(`souk host is not available: ${name} can only run inside souk`));
  }
  return host.call(name, args) as Promise<T>;
}

/** A page of results; pass cursor back to get the next one. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface PageOptions {
  cursor?: string;
  /** 1-100, default 20. */
  limit?: number;
}

/** Money on the wire: a decimal string in the currency's major unit, e.g. {amount: "12.50", currency: "EUR"}. */
export interface Money {
  amount: string;
  currency: string;
}

// ---- storage (permission "storage"): per-installation key-value, with size and count quotas.

export const storage = {
  /** The value stored under key, or null. */
  get: <T extends JSONValue = JSONValue>(key: string): Promise<T | null> => call<T | null>("storage.get", { key }),
  set: (key: string, value: JSONValue): Promise<void> => call<void>("storage.set", { key, value }),
  /** Resolves true if the key existed. */
  delete: (key: string): Promise<boolean> => call<boolean>("storage.delete", { key }),
  /** Keys in lexical order. */
  list: (opts: { prefix?: string } & PageOptions = {}): Promise<{ keys: string[]; cursor?: string }> =>
    call("storage.list", opts),
};

// ---- log (permission "log"): structured logs the developer sees with receipts.

function logAt(level: "debug" | "info" | "warn" | "error") {
  return (message: string, fields?: Record<string, JSONValue>): void => {
    // Fire and forget: a dropped log line (rate limit) must not fail the event.
    call<void>(`log.${level}`, fields ? { message, fields } : { message }).catch(() => {});
  };
}

export const log = {
  debug: logAt("debug"),
  info: logAt("info"),
  warn: logAt("warn"),
  error: logAt("error"),
};

// ---- commerce and chat: typed now, arrive with the marketplace/chat issues.

export interface Product {
  id: string;
  title: string;
  description?: string;
  /** Set by the host from the brand's catalog. */
  price: Money;
  images: string[];
  /** Units in stock, if the brand tracks stock. */
  stock?: number;
  attributes?: Record<string, string>;
}

export type OrderStatus = "created" | "paid" | "shipped" | "delivered" | "completed" | "cancelled" | "refunded" | "disputed";

export interface OrderLine {
  productId: string;
  quantity: number;
  /** Computed by the host from the catalog. */
  unitPrice: Money;
  total: Money;
}

export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** Computed by the host; never trusted from the app. */
  total: Money;
  createdAt: string;
}

export interface Shipment {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: "pending" | "in_transit" | "out_for_delivery" | "delivered" | "exception";
  events: { at: string; status: string; description?: string }[];
}

export interface Review {
  id: string;
  productId: string;
  rating: 1 | 2 | 3 | 4 | 5;
  text?: string;
  createdAt: string;
  verifiedPurchase: true;
}

/** Arrives with the marketplace issue. Permission "catalog": read the installing brand's catalog. */
export const catalog = {
  list: (opts: { query?: string } & PageOptions = {}): Promise<Page<Product>> => call("catalog.list", opts),
  get: (productId: string): Promise<Product | null> => call("catalog.get", { productId }),
};

/** Arrives with the marketplace issue. Permission "orders". Prices and totals come from the catalog. */
export const orders = {
  create: (req: { items: { productId: string; quantity: number }[]; note?: string }): Promise<Order> =>
    call("orders.create", req),
  get: (orderId: string): Promise<Order | null> => call("orders.get", { orderId }),
  list: (opts: { status?: OrderStatus } & PageOptions = {}): Promise<Page<Order>> => call("orders.list", opts),
};

/**
 * Arrives with the payments issue. Permission "payments". request opens the
 * host's own payment sheet; only the shopper, with their PIN, confirms.
 */
export const payments = {
  request: (orderId: string): Promise<{ status: "paid" | "cancelled" | "pending"; paymentId?: string }> =>
    call("payments.request", { orderId }),
  /** amount defaults to the full order total. */
  refund: (req: { orderId: string; amount?: Money; reason: string }): Promise<{ refundId: string; status: string }> =>
    call("payments.refund", req),
};

/** Arrives with the marketplace issue. Permission "logistics". */
export const logistics = {
  ship: (req: { orderId: string; carrier: string; trackingNumber: string }): Promise<Shipment> => call("logistics.ship", req),
  track: (orderId: string): Promise<Shipment | null> => call("logistics.track", { orderId }),
};

/** Arrives with the marketplace issue. Permission "reviews": read only; apps never write reviews. */
export const reviews = {
  list: (opts: { productId?: string } & PageOptions = {}): Promise<Page<Review>> => call("reviews.list", opts),
  summary: (productId: string): Promise<{ count: number; average: string; histogram: Record<"1" | "2" | "3" | "4" | "5", number> }> =>
    call("reviews.summary", { productId }),
};

/** Arrives with the chat issue. Permission "chat": send into the conversation the app was opened in. */
export const chat = {
  send: (msg: { text?: string; view?: View }): Promise<{ messageId: string }> => call("chat.send", msg),
};
