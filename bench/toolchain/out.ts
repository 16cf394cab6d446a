// Shared by the toolchain bench programs: print a number and a newline.
@external("bare", "putc") declare function putc(c: u32): void;

export function printNumber(n: u32): void {
  const s = n.toString();
  for (let i = 0; i < s.length; i++) putc(s.charCodeAt(i));
  putc(10);
}
