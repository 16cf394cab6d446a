// Trap kinds and the console lines that report traps and aborts (docs/abi.md §8-§9).
//
// One table serves both sides of the differential test: the tx86 runtime's
// messages (tools/cc/runtime/common.s spells the same words, checked by
// test/toolchain) and tools/native, which maps V8's RuntimeError messages onto
// the same kinds.
//
//   trapLine('integer divide by zero', 'div/main') = 'trap: integer divide by zero in div/main\n'
//   trapKindOfV8Message('remainder by zero')        = 'integer divide by zero'

export const TRAP_KINDS = [
  'integer divide by zero',
  'integer overflow',
  'unreachable',
  'undefined table element',
  'indirect call signature mismatch',
  'out of bounds memory access',
  'call stack exhausted',
] as const;

export type TrapKind = (typeof TRAP_KINDS)[number];

/** Exit status of a program stopped by a trap or by abort (128 + SIGABRT, as a shell reports it). */
export const TRAP_EXIT_STATUS = 134;

const V8_MESSAGES: Record<string, TrapKind> = {
  'divide by zero': 'integer divide by zero',
  'remainder by zero': 'integer divide by zero',
  'divide result unrepresentable': 'integer overflow',
  'unreachable': 'unreachable',
  'unreachable code': 'unreachable',
  'table index is out of bounds': 'undefined table element',
  'null function or function signature mismatch': 'indirect call signature mismatch',
  'memory access out of bounds': 'out of bounds memory access',
  'Maximum call stack size exceeded': 'call stack exhausted',
};

/** The trap kind of a V8 WebAssembly.RuntimeError (or stack-overflow RangeError) message, or undefined. */
export function trapKindOfV8Message(message: string): TrapKind | undefined {
  return V8_MESSAGES[message];
}

export function trapLine(kind: TrapKind, functionName: string): string {
  return `trap: ${kind} in ${functionName}\n`;
}

/**
 * Bytes of a UTF-16 string as the runtimes print it: each code unit as UTF-8,
 * surrogates one by one (so a lone surrogate still prints as three bytes).
 */
export function utf16UnitsToBytes(units: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const c = units[i] & 0xffff;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
