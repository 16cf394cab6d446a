// Decoded code is never stale (docs/machine.md §1.1): stores into code, in the
// same block or a later one, and RAM written by the host (DMA, loaders) followed
// by invalidateCode are all seen by the next fetch.

import { describe, expect, it } from 'vitest';
import { StopReason } from '../../emu/cpu-state.ts';
import { coreWithProgram, runToEnd } from './program.ts';

describe('self-modifying code and DMA', () => {
  it('a store into the next instruction of the same block is executed', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov byte [patched + 1], 7   ; the immediate of the mov below
      patched:
        mov eax, 1
        hlt
    `);
    expect(runToEnd(core)).toBe(StopReason.Dead);
    expect(core.getState().regs[0]).toBe(7);
  });

  it('a loop that rewrites its own body sees every version', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov ecx, 5
        xor ebx, ebx
      again:
        mov eax, 0              ; its immediate is rewritten every round
        add ebx, eax
        inc dword [again + 1]
        dec ecx
        jnz again
        hlt
    `);
    runToEnd(core);
    expect(core.getState().regs[3]).toBe(0 + 1 + 2 + 3 + 4);
  });

  it('code copied by rep movsb, then run, is the copy', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov esi, template
        mov edi, target
        mov ecx, template_end - template
        rep movsb
        jmp target
      template:
        mov eax, 0x1234
        hlt
      template_end:
      target:
        mov eax, 1
        hlt
    `);
    runToEnd(core);
    expect(core.getState().regs[0]).toBe(0x1234);
  });

  it('RAM written by the host is seen after invalidateCode', async () => {
    const { core, symbols } = await coreWithProgram(`
      .global _start
      _start:
        mov eax, 1
      .global again
      again:
        add ebx, eax
        out dx, al              ; the host rewrites 'again' during this access
        jmp again
    `, {
      onPortWrite: (_port, _size, _value, c) => {
        const at = symbols.again;
        // add ebx, eax -> hlt (0xE2) and padding
        c.ram[at] = 0xe2;
        c.ram[at + 1] = 0x28;
        c.invalidateCode(at, 2);
      },
    });
    expect(runToEnd(core)).toBe(StopReason.Dead);
    expect(core.getState().regs[3]).toBe(1);
    expect(core.counters().instructions).toBe(1n + 2n + 1n + 1n);
  });

  it('the fetch sees ROM contents loaded by the host', async () => {
    const { core } = await coreWithProgram('.global _start\n_start: jmp _start\n');
    const rom = new Uint8Array([0x40, 0x2a, 0, 0, 0, 0xe2]); // mov eax, 42; hlt
    core.loadRom(rom);
    core.reset();
    expect(core.getState().eip).toBe(0xffff0000);
    expect(core.run(100n)).toBe(StopReason.Dead);
    expect(core.getState().regs[0]).toBe(42);
    core.loadRom(new Uint8Array([0x40, 0x2b, 0, 0, 0, 0xe2]));
    core.reset();
    core.run(100n);
    expect(core.getState().regs[0]).toBe(43);
  });
});
