// Device timing as guest software sees it, exact in cycles: the timer's
// period, the disk's DMA latency and its IRQ, measured with rdtsc inside
// interrupt handlers. The expected figures follow from docs/isa.md §8 (rdtsc
// 20, mov to memory 2, mov/out costs, delivery 40) and docs/devices.md.

import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { DISK_PER_SECTOR, DISK_SEEK } from '../../emu/devices/params.ts';
import { readU32, runProgram, withHandler } from './machine-harness.ts';

describe('timer', () => {
  it('interrupts exactly every PERIOD cycles from the cycle it was started', async () => {
    const period = 100_000;
    const ticks = 5;
    const { exit, machine, symbols } = await runProgram(withHandler(32, 0, `
          mov edx, 0x40
          mov eax, ${period}
          out dx, eax                 ; PERIOD
          rdtsc
          mov [start], eax
          mov edx, 0x44
          mov eax, 3
          out dx, eax                 ; CONTROL: enabled, periodic -> starts now
  idle:   sti
          hlt
          cmp edi, TIMES + 4 * ${ticks}
          jb idle
          mov edx, 0x500
          xor eax, eax
          out dx, eax
  `, `
          rdtsc
          mov [edi], eax
          add edi, 4
          mov edx, 0x4C
          mov eax, 1
          out dx, eax                 ; STATUS: acknowledge
          mov edx, 0x20
          out dx, eax                 ; EOI
          iret
  .data
  start: .long 0`));
    expect(exit.reason).toBe('exit');
    const start = readU32(machine, symbols.get('start')!);
    const times = Array.from({ length: ticks }, (_, k) => readU32(machine, 0x90000 + 4 * k));
    // CONTROL's out begins 24 cycles after rdtsc: rdtsc 20, mov [m], eax 2, mov edx 1, mov eax 1.
    const started = start + 24;
    times.forEach((t, k) => expect(t).toBe(started + (k + 1) * period + 40));
    expect(machine.stats(0).interrupts.byVector['32']).toBe(ticks);
  });
});

describe('disk', () => {
  it('completes a DMA read after count × perSector cycles, plus a seek when the track changes', async () => {
    const image = new Uint8Array(512 * 2048);
    image.set([0xde, 0xad, 0xbe, 0xef], 512 * 640); // first bytes of sector 640 (track 10)
    image.set([0x11, 0x22, 0x33, 0x44], 0);
    const { exit, machine } = await runProgram(withHandler(46, 14, `
          ; read 4 sectors at lba 0 (head already on track 0), then 2 at lba 640
          mov ebx, 0
          mov ecx, 4
          call read
          mov ebx, 640
          mov ecx, 2
          call read
          mov edx, 0x500
          xor eax, eax
          out dx, eax
  read:   mov edx, 0x1F0
          mov eax, ebx
          out dx, eax                 ; LBA
          mov edx, 0x1F4
          mov eax, ecx
          out dx, eax                 ; COUNT
          mov edx, 0x1F8
          mov eax, 0x200000
          out dx, eax                 ; DMA_ADDR
          mov esi, edi
          rdtsc
          mov [esi + 0x100], eax
          mov edx, 0x1FC
          mov eax, 1
          out dx, eax                 ; COMMAND read: issued 24 cycles after rdtsc
  wait:   sti
          hlt
          cmp edi, esi
          je wait
          ret
  `, `
          rdtsc
          mov [edi], eax
          add edi, 4
          mov edx, 0x200
          mov eax, 2
          out dx, eax                 ; STATUS: clear done
          mov edx, 0x20
          out dx, eax                 ; EOI
          iret`), { disk: new MemoryBlockBackend(image) });
    expect(exit.reason).toBe('exit');
    const first = readU32(machine, 0x90000) - readU32(machine, 0x90100);
    const second = readU32(machine, 0x90004) - readU32(machine, 0x90104);
    expect(first).toBe(24 + 4 * DISK_PER_SECTOR + 40);
    expect(second).toBe(24 + DISK_SEEK + 2 * DISK_PER_SECTOR + 40);
    expect(readU32(machine, 0x200000)).toBe(0xefbeadde); // the second read's data landed by DMA
    expect(machine.stats(0).disk).toEqual({ reads: 2, writes: 0, bytesRead: 6 * 512, bytesWritten: 0 });
  });
});

