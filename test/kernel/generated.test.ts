// The files generated from tools/kernel/syscalls.ts are up to date, and the
// host's view of the kernel's formats agrees with the kernel's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedSyscallFiles } from '../../tools/kernel/gen-syscalls.ts';
import { packInitrd, readInitrd } from '../../tools/kernel/initrd.ts';
import { KERNEL_PARAMS } from '../../tools/kernel/params.ts';
import { SYSCALLS, ERRNOS } from '../../tools/kernel/syscalls.ts';
import { vectorsAsm } from '../../tools/kernel/vectors.ts';

describe('generated system call files', () => {
  for (const file of generatedSyscallFiles()) {
    it(`${file.path} is up to date (npx tsx tools/kernel/gen-syscalls.ts)`, () => {
      expect(readFileSync(file.path, 'utf8')).toBe(file.text);
    });
  }

  it('numbers and names are unique; at most five arguments', () => {
    expect(new Set(SYSCALLS.map((s) => s.number)).size).toBe(SYSCALLS.length);
    expect(new Set(SYSCALLS.map((s) => s.name)).size).toBe(SYSCALLS.length);
    for (const s of SYSCALLS) expect(s.args.length).toBeLessThanOrEqual(5);
    expect(new Set(ERRNOS.map((e) => e.number)).size).toBe(ERRNOS.length);
  });
});

describe('kernel formats on the host side', () => {
  it('reads kernel-as/param.ts', () => {
    expect(KERNEL_PARAMS.KERNBASE).toBe(0xc0000000);
    expect(KERNEL_PARAMS.PHYS_INITRD % 4096).toBe(0);
    expect(KERNEL_PARAMS.TICK_CYCLES * KERNEL_PARAMS.QUANTUM_TICKS).toBe(3_500_000);
  });

  it('packs and reads back an initial ramdisk', () => {
    const files = [{ name: 'init', data: new Uint8Array([1, 2, 3]) }, { name: 'sh', data: new Uint8Array(100).fill(7) }];
    const bytes = packInitrd(files);
    expect(readInitrd(bytes)).toEqual(files);
    expect(bytes.length % 16).toBe(0);
    expect(() => packInitrd([{ name: 'a/b', data: new Uint8Array(0) }])).toThrow(/bad file name/);
  });

  it('has a trap vector for every exception, IRQ and int 0x80, and none for int 3 from ring 3', () => {
    const asm = vectorsAsm();
    expect(asm).toContain('vector14:\n    push 14\n    jmp alltraps');
    expect(asm).toContain('vector0:\n    push 0\n    push 0\n    jmp alltraps');
    expect(asm).toContain('vector128:');
    expect(asm.match(/^    \.long /gm)).toHaveLength(258);
  });
});
