// switchless cc beyond the corpus: names, errors, the listing, and the kernel
// and user targets (docs/abi.md §2, §6, §10-§12).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../emu/user-error.ts';
import { compileFile } from '../../tools/cc/compile.ts';
import { mangle } from '../../tools/cc/names.ts';
import { runNative } from '../../tools/native/run-native.ts';
import { TRAP_KINDS, trapKindOfV8Message } from '../../tools/cc/traps.ts';
import { runBareElf } from './run-tx86.ts';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'switchless-cc-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

function source(name: string, text: string): string {
  const file = path.join(DIR, name);
  fs.writeFileSync(file, text);
  return file;
}

async function compileError(file: string, options = {}): Promise<string> {
  try {
    await compileFile(file, options);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a compile error');
}

describe('names', () => {
  it('mangles AssemblyScript names into labels readably', () => {
    expect(mangle('hello/main')).toBe('hello.main');
    expect(mangle('~lib/string/String#concat')).toBe('lib.string.String@concat');
    expect(mangle('~lib/util/sort/insertionSort<i32>')).toBe('lib.util.sort.insertionSort$i32$');
    expect(mangle('hello/main~anonymous|0')).toBe('hello.main.anonymous$0');
  });
});

describe('traps', () => {
  it('the runtime spells every trap kind as tools/cc/traps.ts does', () => {
    const runtime = fs.readFileSync(path.join(import.meta.dirname, '../../tools/cc/runtime/common.s'), 'utf8');
    for (const kind of TRAP_KINDS) expect(runtime).toContain(`.asciz "${kind}"`);
  });

  it('maps V8 messages onto the kinds', () => {
    expect(trapKindOfV8Message('remainder by zero')).toBe('integer divide by zero');
    expect(trapKindOfV8Message('divide result unrepresentable')).toBe('integer overflow');
    expect(trapKindOfV8Message('Maximum call stack size exceeded')).toBe('call stack exhausted');
    expect(trapKindOfV8Message('something else')).toBeUndefined();
  });
});

describe('compile errors', () => {
  it('names the function and instruction that uses floating point', async () => {
    const file = source('fp.ts', 'export function area(r: f64): f64 { return r * r * 3.14; }\nexport function main(): i32 { return <i32>area(2); }\n');
    expect(await compileError(file)).toMatch(/^fp\.ts: unsupported (f64 parameter or result|instruction f64\.\w+) in function fp\/area$/);
  });

  it('names an import the target does not provide', async () => {
    const file = source('imp.ts', '@external("env", "seedling") declare function seedling(): i32;\nexport function main(): i32 { return seedling(); }\n');
    expect(await compileError(file)).toMatch(/^imp\.ts: import env\.seedling is not provided by the bare target/);
  });

  it('requires main on the bare target', async () => {
    const file = source('nomain.ts', 'export function start(): i32 { return 1; }\n');
    expect(await compileError(file)).toBe('nomain.ts: the bare target needs an exported function main(): i32');
  });

  it('reports AssemblyScript errors as file:line:column', async () => {
    const file = source('bad.ts', 'export function main(): i32 {\n  return missing;\n}\n');
    expect(await compileError(file)).toMatch(/^bad\.ts:2:10: .*missing/);
  });
});

describe('the listing', () => {
  it('shows addresses, bytes, function banners and the wasm of each statement', async () => {
    const file = source('listing.ts', 'export function main(): i32 { let s = 0; for (let i = 0; i < 10; i++) s += i * i; return s; }\n');
    const asmPath = path.join(DIR, 'listing.asm');
    const result = await compileFile(file, { emitAsm: asmPath });
    const listing = fs.readFileSync(asmPath, 'utf8');
    expect(listing).toBe(result.listing);
    expect(listing).toMatch(/; ==== listing\/main \(wasm function \d+, code offset 0x[0-9a-f]+\) ====/);
    expect(listing).toMatch(/^ +listing\.main:$/m);
    expect(listing).toMatch(/; \(return /);
    expect(listing).toMatch(/^00100000 {2}[0-9a-f]{2}/m);
    expect((await runBareElf(result.elf)).exitStatus).toBe(285 & 255);
  });
});

describe('bounds checks (docs/abi.md §8.2)', () => {
  const program = 'export function peek(p: usize): u32 { return load<u32>(p, 8); }\n' +
    'export function main(): i32 { return <i32>peek(16); }\n';

  it('the bare target checks a load against the bound of its offset + size', async () => {
    const result = await compileFile(source('peek.ts', program));
    expect(result.asm).toMatch(/cmp (e[a-z]{2}), \[__wasm_bound_12\]\n {4}ja \.L\d+\n {4}mov e[a-z]{2}, dword \[\1\+__wasm_memory\+8\]/);
    const pages = Number(/^__wasm_memory_pages: \.long (\d+)$/m.exec(result.asm)![1]);
    const bound = Number(/^__wasm_bound_12: \.long (\d+)$/m.exec(result.asm)![1]);
    expect(bound).toBe((pages * 65536 - 12) >>> 0);
  });

  it('the kernel and user targets leave loads unchecked', async () => {
    const kernel = await compileFile(source('peek-k.ts', program), { target: 'kernel' });
    expect(kernel.asm).not.toMatch(/__wasm_bound_\d/);
    const user = await compileFile(source('peek-u.ts', program), { target: 'user', syscalls: { exit: 1, write: 4, sbrk: 12 } });
    expect(user.asm).not.toMatch(/__wasm_bound_\d/);
  });
});

describe('the heap limit', () => {
  it('--max-memory (asc --maximumMemory) stops memory.grow at the same page natively and on tx86', async () => {
    const file = source('grow.ts', '@external("bare", "putc") declare function putc(c: u32): void;\n' +
      'export function main(): i32 { let n = 0; while (memory.grow(1) >= 0) n++; putc(48 + <u32>memory.size()); return n; }\n');
    const ascArgs = ['--maximumMemory', '5'];
    const { elf } = await compileFile(file, { ascArgs });
    const tx86 = await runBareElf(elf, { maxCycles: 50_000_000 });
    const native = await runNative(file, { ascArgs });
    expect(tx86.stdout).toBe('5');
    expect(native.stdout).toBe('5');
    expect(tx86.exitStatus).toBe(native.exitStatus);
  });
});

describe('the kernel target', () => {
  const program = `
@external("cpu", "outb") declare function outb(port: u32, v: u32): void;
@external("cpu", "inl") declare function inl(port: u32): u32;
@external("cpu", "read_cr0") declare function read_cr0(): u32;
@external("cpu", "rdtsc") declare function rdtsc(): u64;
@external("cpu", "cli") declare function cli(): void;
export function kmain(): u32 {
  cli();
  const t = rdtsc();
  const message = "kernel\\n";
  for (let i = 0; i < message.length; i++) outb(0x3f8, message.charCodeAt(i));
  return (inl(0x520) >> 20) + read_cr0() + (t > 0 ? 1 : 0);
}
`;
  const entry = `
.text
.global _start
_start:
    call __wasm_init
    call kmain
    mov edx, 0x500
    out dx, al
    hlt
`;

  it('compiles cpu intrinsics inline and links the kernel entry stub', async () => {
    const file = source('kern.ts', program);
    const stub = source('entry.s', entry);
    const result = await compileFile(file, { target: 'kernel', extraAsm: [stub] });
    expect(result.asm).toMatch(/^ {4}out dx, al$/m);
    expect(result.asm).toMatch(/^ {4}in eax, dx$/m);
    expect(result.asm).toMatch(/^ {4}mov e[a-z]{2}, cr0$/m);
    expect(result.asm).toMatch(/^ {4}rdtsc$/m);
    expect(result.asm).toMatch(/^ {4}cli$/m);
    const run = await runBareElf(result.elf, { ramMiB: 16 });
    expect(run.stdout).toBe('kernel\n');
    expect(run.exitStatus).toBe(17); // 16 MiB of RAM, cr0 = 0, a non-zero cycle count
  });
});

describe('the user target', () => {
  const program = `
@external("sys", "write") declare function write(fd: i32, buf: usize, n: usize): isize;
@external("sys", "getpid") declare function getpid(): i32;
export function main(): i32 {
  const s = String.UTF8.encode("hi\\n");
  write(1, changetype<usize>(s), s.byteLength);
  return getpid();
}
`;
  const syscalls = { exit: 1, write: 4, sbrk: 12, getpid: 20 };

  it('lowers sys imports to int 0x80 stubs with the numbers given', async () => {
    const file = source('user.ts', program);
    const result = await compileFile(file, { target: 'user', syscalls });
    expect(result.asm).toMatch(/push 4\n(.*\n){0,12}? {4}call __wasm_syscall3/);
    expect(result.asm).toMatch(/push 20\n {4}call __wasm_syscall0/);
    expect(result.asm).toMatch(/^__wasm_syscall3:$/m);
    expect(result.asm).toMatch(/^ {4}int 0x80$/m);
    expect(result.entry).toBeGreaterThanOrEqual(0x40000000);
  });

  it('needs the numbers of the system calls its runtime makes', async () => {
    const file = source('user2.ts', program);
    expect(await compileError(file, { target: 'user', syscalls: { write: 4 } }))
      .toBe('the user target needs system call numbers for exit, sbrk (the syscalls option)');
  });
});
