// Exact cycle counts (docs/isa.md §8, base costs from the §14 table) for small
// programs on the wasm core, worked out by hand, and their attribution to
// user, kernel and idle time.

import { describe, expect, it } from 'vitest';
import { StopReason } from '../../emu/cpu-state.ts';
import { coreWithProgram, runToEnd } from './program.ts';

describe('core cycle accounting', () => {
  it('charges base costs and the r/m memory surcharge', async () => {
    const { core, symbols } = await coreWithProgram(`
      .text
      .global _start
      _start:
        mov eax, 5          ; 1
        add eax, 3          ; 1
        mov [value], eax    ; 1 + 1 (write)
        add [value], eax    ; 1 + 2 (read-modify-write)
        cmp eax, [value]    ; 1 + 1 (read)
        hlt                 ; 2
      .data
      .global value
      value: .long 0
    `);
    expect(runToEnd(core)).toBe(StopReason.Dead);
    const c = core.counters();
    expect(c.cycles).toBe(11n);
    expect(c.instructions).toBe(6n);
    expect(c.kernelCycles).toBe(11n);
    expect(new DataView(core.ram.buffer, core.ram.byteOffset).getUint32(symbols.value, true)).toBe(16);
  });

  it('adds 2 cycles for a taken jcc', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov ecx, 3          ; 1
      again:
        dec ecx             ; 1 x3
        jnz again           ; 3 + 3 taken, 1 not taken
        hlt                 ; 2
    `);
    runToEnd(core);
    expect(core.counters().cycles).toBe(13n);
    expect(core.counters().instructions).toBe(8n);
  });

  it('charges rep string instructions 4 + 1 per element', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        mov esi, src        ; 1
        mov edi, dst        ; 1
        mov ecx, 5          ; 1
        cld                 ; 1
        rep movsd           ; 4 + 5
        rep movsd           ; 4 (ecx = 0)
        hlt                 ; 2
      .data
      src: .long 1, 2, 3, 4, 5
      dst: .space 20
    `);
    runToEnd(core);
    expect(core.counters().cycles).toBe(19n);
    const s = core.getState();
    expect(s.regs[1]).toBe(0);
  });

  it('charges port accesses 30 cycles, with the cycle counter at the instruction start', async () => {
    const seen: bigint[] = [];
    const { core, portWrites } = await coreWithProgram(`
      .global _start
      _start:
        mov edx, 0x510      ; 1
        mov eax, 7          ; 1
        out dx, eax         ; 30
        in al, dx           ; 30
        hlt                 ; 2
    `, { onPortWrite: (_p, _s, _v, c) => seen.push(c.cycles()), portRead: () => 0x99 });
    runToEnd(core);
    expect(core.counters().cycles).toBe(64n);
    expect(portWrites).toEqual([{ port: 0x510, size: 4, value: 7 }]);
    expect(seen).toEqual([2n]);
    expect(core.getState().regs[0] & 0xff).toBe(0x99);
  });

  it('charges int n and iret at CPL 0: 40 for the delivery, 20 for iret', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        lidt [idtr]         ; 10 + 1
        int 0x40            ; 0 + 40
        hlt                 ; 2
      handler:
        iret                ; 20
      .data
      idtr: .word 0x41 * 8 - 1
            .long idt
      .align 8
      idt:  .space 0x40 * 8
            .long handler, 1
    `);
    runToEnd(core);
    const c = core.counters();
    expect(c.cycles).toBe(73n);
    expect(c.instructions).toBe(4n);
    expect(c.softInts[0x40]).toBe(1n);
    expect(c.modeSwitches.syscall).toBe(0n);
  });

  it('attributes user, kernel and delivery cycles across a system call from CPL 3', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        lidt [idtr]             ; 11
        mov eax, 0x300000       ; 1
        mov ksp, eax            ; 10
        push 0x200000           ; 2: user esp
        push 0x2                ; 2: eflags
        push 0x1B               ; 2: user cs
        push user               ; 2
        iret                    ; 20 + 10 to CPL 3
      user:
        mov ebx, 1              ; 1 (user)
        int 0x80                ; 0 (user) + 40 + 20 (kernel)
        nop                     ; 1 (user)
        int 0x81                ; 60 (kernel)
      syscall:
        iret                    ; 30
      exit:
        hlt                     ; 2
      .data
      idtr: .word 0x82 * 8 - 1
            .long idt
      .align 8
      idt:  .space 0x80 * 8
            .long syscall, 0xD  ; present, DPL 3
            .long exit, 0xD
    `);
    expect(runToEnd(core)).toBe(StopReason.Dead);
    const c = core.counters();
    expect(c.userCycles).toBe(2n);
    expect(c.kernelCycles).toBe(60n + 60n + 30n + 60n + 2n);
    expect(c.idleCycles).toBe(0n);
    expect(c.cycles).toBe(c.userCycles + c.kernelCycles);
    expect(c.modeSwitches).toEqual({ syscall: 2n, irq: 0n, exception: 0n });
    expect(c.returnsToUser).toBe(2n);
    expect(c.softInts[0x80]).toBe(1n);
    expect(c.softInts[0x81]).toBe(1n);
  });

  it('charges a faulting instruction nothing but the delivery', async () => {
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        lidt [idtr]         ; 11
        xor edx, edx        ; 1
        xor ecx, ecx        ; 1
        div ecx             ; #DE: not charged, 40 for the delivery
      handler:
        hlt                 ; 2
      .data
      idtr: .word 7
            .long idt
      .align 8
      idt:  .long handler, 1
    `);
    runToEnd(core);
    const c = core.counters();
    expect(c.cycles).toBe(11n + 2n + 40n + 2n);
    expect(c.instructions).toBe(4n);
    expect(c.exceptions[0]).toBe(1n);
  });

  it('charges 20 cycles per page walk, with the fetch page rule', async () => {
    const { core } = await coreWithProgram(`
      .equ PD, 0x200000
      .equ PT, 0x201000
      .global _start
      _start:
        mov edi, PT             ; 1
        mov eax, 3              ; 1
        mov ecx, 1024           ; 1
      fill:
        mov [edi], eax          ; 2
        add eax, 0x1000         ; 1
        add edi, 4              ; 1
        dec ecx                 ; 1
        jnz fill                ; 3, or 1 the last time
        mov eax, PT | 3         ; 1
        mov [PD], eax           ; 2
        mov eax, PD             ; 1
        mov cr3, eax            ; 10
        mov eax, 0x80000000     ; 1
        mov cr0, eax            ; 10
        mov eax, [value]        ; 2 + 20 (fetch miss) + 20 (data miss)
        mov eax, [value]        ; 2 (hit; the fetch page needs no lookup)
        hlt                     ; 2
      .data
      value: .long 42
    `);
    runToEnd(core);
    const c = core.counters();
    expect(c.cycles).toBe(3n + 1024n * 8n - 2n + 1n + 2n + 1n + 10n + 1n + 10n + 42n + 2n + 2n);
    expect(c.tlb).toEqual({ hits: 1n, misses: 2n, flushes: 2n, invlpg: 0n });
    expect(c.cr3Loads).toBe(1n);
    expect(core.getState().regs[0]).toBe(42);
  });

  it('delivers a hardware interrupt after sti; hlt and counts idle time', async () => {
    let acknowledged = 0;
    const { core } = await coreWithProgram(`
      .global _start
      _start:
        lidt [idtr]         ; 11
        sti                 ; 2
        hlt                 ; 2
        hlt                 ; 2 (IF = 0 in the handler's frame? no: after iret IF = 1)
      handler:
        mov ebx, 1          ; 1
        iret                ; 20
      .data
      idtr: .word 33 * 8 - 1
            .long idt
      .align 8
      idt:  .space 32 * 8
            .long handler, 1
    `, { intAck: () => { acknowledged++; return 32; } });
    expect(core.run(1000n)).toBe(StopReason.Halted);
    expect(core.counters().cycles).toBe(15n);
    core.addIdleCycles(100n);
    core.setInterruptLine(true);
    expect(core.step()).toBe(StopReason.Step); // the delivery
    core.setInterruptLine(false);
    expect(acknowledged).toBe(1);
    const s = core.getState();
    expect(s.halted).toBe(false);
    expect(core.run(1000n)).toBe(StopReason.Halted);
    const c = core.counters();
    expect(c.idleCycles).toBe(100n);
    expect(c.interrupts[32]).toBe(1n);
    expect(c.cycles).toBe(15n + 100n + 40n + 1n + 20n + 2n);
    expect(c.kernelCycles).toBe(15n + 40n + 1n + 20n + 2n);
  });
});
