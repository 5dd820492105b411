// @souk/sdk: everything a souk mini-program uses. See ../README.md.
export * from "./app";
export * from "./host";
export * from "./view";
