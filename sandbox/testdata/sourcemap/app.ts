interface Ctx {
  installation: string;
}

export function render(page: string, params: unknown, ctx: Ctx) {
  const label: string = "page " + page + " for " + ctx.installation;
  if (page === "boom") {
    throw new Error("kaboom in " + label);
  }
  return { type: "text", text: label };
}
