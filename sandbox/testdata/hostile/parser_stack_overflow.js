// expect: error
// error: code generation from strings is disabled
// eval/Function of 300,000 nested parentheses overflows goja's parser stack; both are unavailable here.
var __soukApp = { render() {
  const src = '('.repeat(300000) + '1' + ')'.repeat(300000);
  const out = [];
  try { eval(src); out.push('eval ran'); } catch (e) { out.push(String(e)); }
  try { Function(src); out.push('Function ran'); } catch (e) { out.push(String(e)); }
  throw new Error(out.join(' | '));
} };
