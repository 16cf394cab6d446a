// The three targets of `switchless cc` (docs/abi.md §2): what each links, what
// it imports, how it starts.
//
//   const target = makeTarget('user', { syscalls: { write: 4, exit: 1, sbrk: 12 } });
//   target.lowerImport('sys', 'write', 3)   -> a call to __wasm_syscall3 with 4 first
//   target.runtime                           -> runtime files, in tools/cc/runtime/
//
// Runtime files are linked after the program's own assembly, then any extra
// assembly, then the memory tail (so linear memory ends the image).

import { UserError } from '../../emu/user-error.ts';
import type { CallLowering } from './expressions.ts';
import { BARE_IMPORTS, COMMON_IMPORTS, KERNEL_IMPORTS, MAX_SYSCALL_ARGUMENTS, syscallLowering } from './intrinsics.ts';

export type TargetName = 'bare' | 'kernel' | 'user';
export const TARGETS: readonly TargetName[] = ['bare', 'kernel', 'user'];

export interface TargetOptions {
  /** A fixed virtual address for linear memory; default: the end of the image. */
  memoryBase?: number;
  /** System call numbers by name (user target). */
  syscalls?: Record<string, number>;
}

export interface Target {
  name: TargetName;
  runtime: string[];
  /** The program must export `main(): i32`, which the runtime's _start calls. */
  requiresMain: boolean;
  /** Default text base (the assembler's is 0x00100000). */
  textBase?: number;
  memoryBase: number | null;
  /** The most pages linear memory may have on this target. */
  maxPages: number;
  /** Loads and stores trap beyond memory.size (docs/abi.md §8.2). */
  boundsChecked: boolean;
  lowerImport(module: string, base: string, params: number): CallLowering | null;
  /** Names of the imports it provides, for error messages. */
  provides(): string[];
  /** Target-specific assembly generated with the program (system call stubs, numbers). */
  generated(): string;
}

/** System calls the user runtime itself makes. */
const RUNTIME_SYSCALLS = ['write', 'exit', 'sbrk'];
/** User programs: linear memory (the break) from virtual 0, the image above it (docs/abi.md §3). */
const USER_TEXT_BASE = 0x40000000;
const USER_MEMORY_BASE = 0;
const MAX_PAGES = 65535; // sizes in bytes must fit in 32 bits

export function makeTarget(name: TargetName, options: TargetOptions = {}): Target {
  if (!TARGETS.includes(name)) throw new UserError(`unknown target '${name}' (targets are ${TARGETS.join(', ')})`);
  const memoryBase = options.memoryBase ?? (name === 'user' ? USER_MEMORY_BASE : null);
  const table: Record<string, CallLowering> = { ...COMMON_IMPORTS };
  if (name === 'bare') Object.assign(table, BARE_IMPORTS);
  if (name === 'kernel') Object.assign(table, KERNEL_IMPORTS);
  const syscalls = options.syscalls ?? {};
  if (name === 'user') {
    const missing = RUNTIME_SYSCALLS.filter((s) => syscalls[s] === undefined);
    if (missing.length > 0) {
      throw new UserError(`the user target needs system call numbers for ${missing.join(', ')} (the syscalls option)`);
    }
  }
  return {
    name,
    runtime: ['common.s', 'memory.s', 'i64.s', `${name}.s`],
    requiresMain: name !== 'kernel',
    textBase: name === 'user' ? USER_TEXT_BASE : undefined,
    memoryBase,
    maxPages: name === 'user' ? USER_TEXT_BASE / 65536 : MAX_PAGES,
    boundsChecked: name === 'bare',
    lowerImport(module, base, params) {
      const known = table[`${module}.${base}`];
      if (known) return known;
      if (name === 'user' && module === 'sys') {
        const number = syscalls[base] ?? (/^\d+$/.test(base) ? Number(base) : undefined);
        if (number === undefined || params > MAX_SYSCALL_ARGUMENTS) return null;
        return syscallLowering(number, params);
      }
      return null;
    },
    provides() {
      const names = Object.keys(table);
      if (name === 'user') names.push(...Object.keys(syscalls).map((s) => `sys.${s}`));
      return names.sort();
    },
    generated() {
      if (name !== 'user') return '';
      const lines = ['; system call numbers and stubs (docs/abi.md §10.3)'];
      for (const s of RUNTIME_SYSCALLS) lines.push(`.equ __wasm_sys_${s}, ${syscalls[s]}`);
      lines.push('.text');
      for (let n = 0; n <= MAX_SYSCALL_ARGUMENTS; n++) lines.push(...syscallStub(n));
      return lines.join('\n') + '\n';
    },
  };
}

/**
 * __wasm_syscallN(number, a1..aN): the standard convention outside, int 0x80
 * with eax = number and ebx ecx edx esi edi = arguments inside.
 */
function syscallStub(n: number): string[] {
  const regs = ['ebx', 'ecx', 'edx', 'esi', 'edi'].slice(0, n);
  const saved = regs.filter((r) => r === 'ebx' || r === 'esi' || r === 'edi');
  const lines = [`__wasm_syscall${n}:`];
  for (const r of saved) lines.push(`    push ${r}`);
  const base = 4 * saved.length + 4; // past the saved registers and the return address
  // Arguments were pushed in order: number deepest, the last argument at [esp + base].
  lines.push(`    mov eax, [esp+${base + 4 * n}]`);
  regs.forEach((r, i) => lines.push(`    mov ${r}, [esp+${base + 4 * (n - 1 - i)}]`));
  lines.push('    int 0x80');
  for (const r of [...saved].reverse()) lines.push(`    pop ${r}`);
  lines.push(`    ret ${4 * (n + 1)}`);
  return lines;
}
