// The run loop's invariants (docs/machine.md §1.4, §2): stopping and resuming
// is invisible, a snapshot restores a machine exactly, masked interrupts wait,
// and a CPU that can never wake is reported instead of hanging.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { Machine } from '../../emu/machine/machine.ts';
import { createProgramMachine, readU32, runProgram, withHandler } from './machine-harness.ts';

const primes = readFileSync('examples/primes.s', 'utf8');

// A program that takes timer interrupts while computing, so that device
// events, interrupt delivery and ordinary instructions interleave.
const busyWithTimer = withHandler(32, 0, `
          mov edx, 0x40
          mov eax, 1237
          out dx, eax
          mov edx, 0x44
          mov eax, 3
          out dx, eax
          sti
          mov ecx, 200000
          xor ebx, ebx
  work:   add ebx, ecx
          rol ebx, 3
          dec ecx
          jnz work
          mov eax, [ticks]
          mov edx, 0x3F8
          out dx, al
          mov eax, ebx
          mov edx, 0x500
          out dx, eax
`, `
          inc dword [ticks]
          push eax
          push edx
          mov edx, 0x4C
          mov eax, 1
          out dx, eax
          mov edx, 0x20
          out dx, eax
          pop edx
          pop eax
          iret
  .data
  ticks: .long 0`);

describe('stopping and resuming is invisible', () => {
  it('a run resumed every 997 cycles ends exactly like an uninterrupted run', async () => {
    const whole = await runProgram(busyWithTimer);
    const { machine, console } = await createProgramMachine(busyWithTimer);
    let limit = 0n;
    let exit;
    do {
      limit += 997n;
      exit = await machine.run({ maxCycles: limit });
    } while (exit.reason === 'cycle-limit');
    expect(exit).toEqual(whole.exit);
    expect(console.text()).toBe(whole.output);
    const { hostSeconds: _a, mips: _b, ...chunked } = machine.stats(0);
    const { hostSeconds: _c, mips: _d, ...straight } = whole.machine.stats(0);
    expect(chunked).toEqual(straight);
    expect(straight.interrupts.byVector['32']).toBeGreaterThan(100);
  });
});

describe('snapshots', () => {
  it('a machine restored from a snapshot continues exactly as the original', async () => {
    const original = await createProgramMachine(busyWithTimer);
    expect((await original.machine.run({ maxCycles: 300_000n })).reason).toBe('cycle-limit');
    const snapshot = original.machine.save();
    const restoredConsole = new MemoryConsole();
    const restored = await Machine.create({ console: restoredConsole });
    restored.load(structuredClone(snapshot));

    const exitA = await original.machine.run({ maxCycles: 100_000_000n });
    const exitB = await restored.run({ maxCycles: 100_000_000n });
    expect(exitB).toEqual(exitA);
    expect(restored.state()).toEqual(original.machine.state());
    const { hostSeconds: _a, mips: _b, ...a } = original.machine.stats(0);
    const { hostSeconds: _c, mips: _d, ...b } = restored.stats(0);
    expect(b).toEqual(a);
    expect(restoredConsole.text()).toBe(original.console.text().slice(-restoredConsole.text().length));
  });
});

describe('interrupts', () => {
  it('a masked line is not delivered until unmasked; cli holds it off too', async () => {
    const { machine, exit } = await runProgram(withHandler(32, null, `
              mov edx, 0x40
              mov eax, 100
              out dx, eax
              mov edx, 0x44
              mov eax, 1                  ; one-shot in 100 cycles, line masked
              out dx, eax
              sti
              mov ecx, 1000
      spin1:  dec ecx
              jnz spin1                   ; ~2000 cycles: expired but masked
              mov eax, [ticks]
              mov [0x90000], eax          ; 0: nothing delivered
              cli
              mov edx, 0x24
              mov eax, 0xFFFE
              out dx, eax                 ; unmask with IF clear
              mov ecx, 1000
      spin2:  dec ecx
              jnz spin2
              mov eax, [ticks]
              mov [0x90004], eax          ; still 0: IF is clear
              sti
              nop                         ; the sti shadow: delivered after this
              mov eax, [ticks]
              mov [0x90008], eax          ; 1
              mov edx, 0x500
              xor eax, eax
              out dx, eax
    `, `
              inc dword [ticks]
              mov edx, 0x4C
              mov eax, 1
              out dx, eax
              mov edx, 0x20
              out dx, eax
              iret
      .data
      ticks: .long 0`));
    expect(exit.reason).toBe('exit');
    expect([readU32(machine, 0x90000), readU32(machine, 0x90004), readU32(machine, 0x90008)]).toEqual([0, 0, 1]);
  });

  it('hlt with nothing that can wake the CPU is reported, not waited on forever', async () => {
    const { exit } = await runProgram('_start: sti\n hlt');
    expect(exit.reason).toBe('halted-forever');
    const { exit: dead } = await runProgram('_start: cli\n hlt');
    expect(dead.reason).toBe('halted-forever');
  });
});

describe('the bare start state (docs/isa.md §11)', () => {
  it('esp is the top of RAM and the boot-info block is filled', async () => {
    const { machine } = await runProgram('_start: mov [0x90000], esp\n mov edx, 0x500\n out dx, eax', { ramMiB: 16 });
    expect(readU32(machine, 0x90000)).toBe(16 << 20);
    expect(readU32(machine, 0x500)).toBe(0x2bad7886);
    expect(readU32(machine, 0x504)).toBe(16 << 20);
    expect(readU32(machine, 0x510)).toBe(700_000);
  });

  it('primes.s prints the primes below 100', async () => {
    const { output, exit } = await runProgram(primes);
    expect(exit).toMatchObject({ reason: 'exit', status: 0 });
    expect(output.trim().split('\n').map(Number)).toEqual(
      [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]);
  });
});

