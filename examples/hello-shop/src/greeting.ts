/** greeting is split out so the bundle has more than one module. */
export function greeting(name: string): string {
  return `Hello, ${name}!`;
}
