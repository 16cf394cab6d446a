// @ts-nocheck  (AssemblyScript)
// The standard library's String with the stub runtime: concat, slices, search, case, numbers.
import { puts, nl, putI32 } from "./lib/io";

export function main(): i32 {
  const hello = "Hello";
  const world = "wörld ✓";
  const s = hello + ", " + world + "!";
  puts(s); nl();
  puts(s.substring(2, 9)); nl();
  puts(s.slice(-6)); nl();
  putI32(s.indexOf("l")); puts(" "); putI32(s.lastIndexOf("l")); puts(" "); putI32(s.indexOf("zzz")); nl();
  puts(s.toUpperCase()); nl();
  puts(s.toLowerCase()); nl();
  puts(s.replaceAll("l", "L")); nl();
  puts("  trim me  ".trim() + "|"); nl();
  puts("abc".repeat(4)); nl();
  puts("x".padStart(5, "-") + "y".padEnd(4, "+")); nl();
  const parts = "a,bb,,ccc".split(",");
  putI32(parts.length); puts(" "); puts(parts[1] + parts[3]); nl();
  puts((123456789).toString() + " " + (-42).toString() + " " + (255).toString(16) + " " + (0x7fffffffffffffff as i64).toString()); nl();
  putI32(I32.parseInt("-1234")); puts(" "); putI32(I32.parseInt("ff", 16)); nl();
  putI32("apple" < "banana" ? 1 : 0); putI32("b" == "b" ? 1 : 0); putI32(s.startsWith("Hell") ? 1 : 0); putI32(s.endsWith("!") ? 1 : 0); nl();
  let code = 0;
  for (let i = 0; i < s.length; i++) code = code * 31 + s.charCodeAt(i);
  putI32(code); nl();
  puts(String.fromCharCode(72) + String.fromCharCode(105) + String.fromCharCode(0x263a)); nl();
  return s.length;
}
