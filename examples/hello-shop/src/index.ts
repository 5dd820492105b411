// hello-shop: the example mini-program. `souk build .` bundles it into one
// script (see runtime/doc.go); the SDK resolves through the file: dependency.
import { defineApp, log, storage, ui, patch, type Ctx, type View } from "@souk/sdk";
import { nanoid } from "nanoid/non-secure";
import { greeting } from "./greeting";

const products = ["prod_tea", "prod_mug"];

async function visits(ctx: Ctx): Promise<number> {
  const key = `visits:${ctx.shopperId ?? "anonymous"}`;
  const n = ((await storage.get<number>(key)) ?? 0) + 1;
  await storage.set(key, n);
  return n;
}

function home(name: string, count: number): View {
  return ui.stack([
    ui.image("asset:logo.png", { alt: "hello-shop" }),
    ui.text(greeting(name), { style: "title" }),
    ui.text(`Visit number ${count}`, { id: "visits", style: "muted" }),
    ui.list(products.map((id) => ui.productCard(id, { action: "view", args: { id } }))),
    ui.divider(),
    ui.form("subscribe", [ui.textInput("email", { label: "Email", required: true })], { submitLabel: "Subscribe" }),
    ui.row([ui.button("Say hi", "hi", null, { style: "primary" }), ui.button("Break", "boom", null, { style: "danger" })]),
  ]);
}

export default defineApp({
  async render(page, params, ctx) {
    const count = await visits(ctx);
    log.info("render", { page });
    const name = params["name"];
    return home(typeof name === "string" ? name : "shopper", count);
  },

  async action(name, args, ctx) {
    switch (name) {
      case "hi": {
        const ticket = nanoid(8);
        await storage.set(`hi:${ticket}`, { at: ctx.locale });
        return patch.of(patch.replace("visits", ui.text(`Hi! Your ticket is ${ticket}.`, { id: "visits" })));
      }
      case "boom":
        // Deliberate: the host must report this line of this .ts file.
        throw new Error("boom: deliberate failure for the source-map test");
      default:
        return ui.text(`Unknown action ${name}`);
    }
  },
});
