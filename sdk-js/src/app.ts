// Handlers: what a mini-program exports (export default defineApp({...})).
// The host calls (globalThis.__soukApp.default ?? globalThis.__soukApp)[name];
// every handler may be async.

import type { JSONValue, View, ViewPatch } from "./view";
import type { Money, Order } from "./host";

/** Who is calling, and nothing else from the host. */
export interface Ctx {
  readonly installationId: string;
  readonly brandId: string;
  /** Present only if the shopper consented to share it with this app. */
  readonly shopperId?: string;
  /** BCP 47, e.g. "en-GB". */
  readonly locale: string;
}

/** A chat message addressed to the app. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  text?: string;
  sentAt: string;
}

export interface OrderPaidEvent {
  order: Order;
  paymentId: string;
}

export interface ShipmentUpdatedEvent {
  orderId: string;
  status: string;
  carrier: string;
  trackingNumber: string;
  at: string;
}

export interface RefundedEvent {
  orderId: string;
  refundId: string;
  amount: Money;
  reason?: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface App {
  /** Render a page; params come from the link that opened it. */
  render?(page: string, params: Record<string, string>, ctx: Ctx): MaybePromise<View>;
  /** A button, product card or form in a view was used; return a new view or a patch of the current one. */
  action?(name: string, args: JSONValue, ctx: Ctx): MaybePromise<View | ViewPatch>;
  /** A chat message addressed to the app. */
  message?(msg: ChatMessage, ctx: Ctx): MaybePromise<void>;
  /** The app was installed by a brand. */
  install?(ctx: Ctx): MaybePromise<void>;
  orderPaid?(event: OrderPaidEvent, ctx: Ctx): MaybePromise<void>;
  shipmentUpdated?(event: ShipmentUpdatedEvent, ctx: Ctx): MaybePromise<void>;
  refunded?(event: RefundedEvent, ctx: Ctx): MaybePromise<void>;
}

/** defineApp only types the handlers; export its result as the module default. */
export function defineApp<T extends App>(app: T): T {
  return app;
}
