// The kernel's constants for the host tools, read from kernel-as/param.ts (the
// one definition, docs/kernel.md §15).
//
//   KERNEL_PARAMS.KERNBASE -> 0xC0000000

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PARAM_FILE = fileURLToPath(new URL('../../kernel-as/param.ts', import.meta.url));

function readParams(): Record<string, number> {
  const params: Record<string, number> = {};
  for (const m of readFileSync(PARAM_FILE, 'utf8').matchAll(/^export const (\w+): u32 = (0x[0-9A-Fa-f]+|\d+);/gm)) {
    params[m[1]] = Number(m[2]);
  }
  return params;
}

export const KERNEL_PARAMS: Readonly<Record<string, number>> = readParams();

/** A constant that must exist. */
export function param(name: string): number {
  const value = KERNEL_PARAMS[name];
  if (value === undefined) throw new Error(`kernel-as/param.ts defines no ${name}`);
  return value;
}
