// The benchmark bundle: what `souk build` emits for a small storefront app
// (an esbuild IIFE with globalName __soukApp). render builds a product list
// view from the catalog the host passes in.
var __soukApp = (() => {
  var fmt = (minor, cur) => (minor / 100).toFixed(2) + " " + cur;
  function productCard(p, ctx) {
    return {
      type: "product_card",
      id: p.id,
      title: p.title,
      subtitle: p.tags.join(" · "),
      price: fmt(p.price, ctx.currency),
      image: { src: p.image, alt: p.title },
      badge: p.stock === 0 ? "sold out" : p.stock < 5 ? "only " + p.stock + " left" : undefined,
      action: { type: "button", label: p.stock === 0 ? "Notify me" : "Add to cart", action: p.stock === 0 ? "notify" : "add", args: { id: p.id } },
    };
  }
  async function render(page, params, ctx) {
    const items = params.products
      .filter((p) => !params.tag || p.tags.includes(params.tag))
      .sort((a, b) => a.price - b.price)
      .map((p) => productCard(p, ctx));
    return {
      type: "page",
      title: ctx.brand + " — " + page,
      children: [
        { type: "text", text: "Hello " + (ctx.shopper || "guest") + ", " + items.length + " products" },
        { type: "list", items },
        { type: "button", label: "Open cart", action: "cart" },
      ],
    };
  }
  return { default: { render } };
})();
