// @ts-nocheck  (AssemblyScript, compiled by asc, not by tsc)
// Console output for the differential corpus: bare.putc and number printing.

@external("bare", "putc")
export declare function putc(c: u32): void;

export function puts(s: string): void {
  for (let i = 0; i < s.length; i++) putc(<u32>s.charCodeAt(i));
}

export function nl(): void {
  putc(10);
}

export function putU32(n: u32): void {
  if (n >= 10) putU32(n / 10);
  putc(48 + n % 10);
}

export function putI32(n: i32): void {
  if (n < 0) {
    putc(45);
    putU32(<u32>(-n));
  } else putU32(<u32>n);
}

export function putHex(n: u32): void {
  for (let shift = 28; shift >= 0; shift -= 4) {
    const d = (n >> shift) & 15;
    putc(d < 10 ? 48 + d : 87 + d);
  }
}

export function putU64(n: u64): void {
  if (n >= 10) putU64(n / 10);
  putc(<u32>(48 + n % 10));
}

export function putI64(n: i64): void {
  if (n < 0) {
    putc(45);
    putU64(<u64>(-n));
  } else putU64(<u64>n);
}

export function putHex64(n: u64): void {
  putHex(<u32>(n >>> 32));
  putHex(<u32>n);
}

/** "label value\n" */
export function show(label: string, v: i32): void {
  puts(label);
  putc(32);
  putI32(v);
  nl();
}

export function showHex(label: string, v: u32): void {
  puts(label);
  putc(32);
  putHex(v);
  nl();
}

export function showHex64(label: string, v: u64): void {
  puts(label);
  putc(32);
  putHex64(v);
  nl();
}
