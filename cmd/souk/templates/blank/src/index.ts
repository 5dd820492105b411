// {{name}}: a souk mini-program. souk build bundles this file and what it
// imports into one script; the host calls the handlers below.
import { defineApp, log, storage } from "@souk/sdk";
import { home } from "./views.js";

export default defineApp({
  // render draws a page; the host shows the view in its own shell.
  async render(page, params, ctx) {
    const visits = ((await storage.get<number>("visits")) ?? 0) + 1;
    await storage.set("visits", visits);
    log.info("render", { page, visits });
    return home(ctx.locale, visits);
  },

  // action runs when a shopper taps a button.
  async action(name) {
    const visits = (await storage.get<number>("visits")) ?? 0;
    return home("en", visits, name === "wave" ? "👋 Hello from {{name}}!" : "");
  },
});
