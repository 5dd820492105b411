// The minimal benchmark bundle: a render that returns one text component.
// It measures the fixed cost of an event (fresh runtime or context, call,
// result) with almost no app work.
var __soukApp = { default: { render(page, params, ctx) { return { type: "text", text: "hello " + ctx.shopper + " on " + page }; } } };
