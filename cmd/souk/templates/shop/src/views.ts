// Views are plain data (the host validates and renders them), so they can
// be tested without the host: see test/views.test.ts.
import type { Order, Product, View } from "@souk/sdk";

export function shop(products: Product[], signedIn: boolean): View {
  if (products.length === 0) return message("No products yet: the brand has not added any.");
  const cards: View[] = products.map((p) => {
    const sku = p.skus.find((s) => s.available > 0);
    const children: View[] = [{ type: "productCard", productId: p.id }];
    if (sku && signedIn) {
      children.push({ type: "button", label: `Buy (${sku.price} ${p.currency})`, action: "buy", args: { skuId: sku.id }, style: "primary" });
    } else if (!sku) {
      children.push({ type: "text", text: "Sold out", style: "muted" });
    }
    return { type: "card", title: p.title, children };
  });
  return { type: "stack", children: [{ type: "text", text: "{{name}}", style: "title" }, { type: "list", children: cards }] };
}

export function orderPlaced(order: Order): View {
  return {
    type: "stack",
    children: [
      { type: "text", text: `Order placed: ${order.total} ${order.currency}. Confirm the payment on the payment sheet.` },
      { type: "orderStatus", orderId: order.id },
    ],
  };
}

export function message(text: string): View {
  return { type: "text", text, id: "message" };
}
