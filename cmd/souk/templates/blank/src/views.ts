// Views are plain data (the host validates and renders them), so they can
// be tested without the host: see test/views.test.ts.
import type { View } from "@souk/sdk";

export function home(locale: string, visits: number, notice = ""): View {
  const children: View[] = [
    { type: "text", text: "Welcome to {{name}}", style: "title" },
    { type: "text", text: `Visit number ${visits} (${locale})`, id: "visits" },
    { type: "button", label: "Wave", action: "wave", style: "primary" },
  ];
  if (notice) children.push({ type: "text", text: notice, id: "notice" });
  return { type: "stack", children };
}
