// The two Node modules the tests use, declared here so that the project
// needs no @types/node: node:test and node:assert/strict.
declare module "node:test" {
  export default function test(name: string, fn: () => void | Promise<void>): Promise<void>;
}
declare module "node:assert/strict" {
  const assert: {
    equal(actual: unknown, expected: unknown, message?: string): void;
    deepEqual(actual: unknown, expected: unknown, message?: string): void;
    ok(value: unknown, message?: string): void;
  };
  export default assert;
}
