// Cases for docs/isa.md §7 (TLB: hits, misses, D-bit refill, FIFO replacement,
// flushes, the fetch page rule) and §8 (exact cycle counts of small sequences).
//
// In these cases code lives in page 0x2000 (TLB set 2). Pages A..E below all
// fall in set 0 (vpn & 15 = 0) and map to the DATA frame.

import { StopReason } from '../../../emu/cpu-state.ts';
import { assemble } from '../encode.ts';
import type { IsaCase } from '../run-case.ts';
import { one } from './builders.ts';
import {
  CODE, CR0_PG, CR0_WP, DATA, KERNEL_STACK_TOP, PAGE_DIRECTORY, PTE, SUPERVISOR_RW, USER_RW, bytesAt, dwords, flags,
  handlerOf, kernelMappings, pteAddress,
} from './layout.ts';
import { paged } from './paging.ts';

const [A, B, C, D, E] = [0x410000, 0x420000, 0x430000, 0x440000, 0x450000];
const setZeroPages = [A, B, C, D, E].map((linear) => ({ linear, physical: DATA, flags: SUPERVISOR_RW }));
const read = (address: number): string => `mov eax, [${address}]`;

export const TLB_CASES: IsaCase[] = [
  paged(one('hits and misses: the second access to a page hits', '7', [read(DATA), 'mov ebx, [0x4004]', 'nop'], {},
    { cycles: 45 }, { counters: { tlbMisses: 2, tlbHits: 1 } })),
  paged(one('a write through an entry with D = 0 is a miss that sets D', '7',
    [read(DATA), 'mov [0x4000], eax', 'mov [0x4004], eax'], {}, { cycles: 66 },
    { counters: { tlbMisses: 3, tlbHits: 1 },
      expect: { memory: [dwords(pteAddress(DATA), DATA | SUPERVISOR_RW | PTE.A | PTE.D)] } })),
  paged(one('FIFO replacement within a set', '7', [read(A), read(B), read(C), read(D), read(E), read(B), read(A), read(B)], {},
    { cycles: 176 }, { counters: { tlbMisses: 8, tlbHits: 1 } }), [...kernelMappings(), ...setZeroPages]),
  paged(one('a D-bit refill stays in its way and does not advance FIFO', '7',
    [read(A), read(B), read(C), read(D), `mov [${A}], eax`, read(E), read(B), read(A)], {},
    { cycles: 176 }, { counters: { tlbMisses: 8, tlbHits: 1 } }), [...kernelMappings(), ...setZeroPages]),
  paged(one('a fill uses the FIFO way even when another way is empty', '7',
    [read(A), read(B), read(C), read(D), `invlpg [${B}]`, read(E), read(A)], {},
    { cycles: 167 }, { counters: { tlbMisses: 7, tlbHits: 1, invlpg: 1, tlbFlushes: 0 } }), [...kernelMappings(), ...setZeroPages]),
  paged(one('global entries survive a cr3 write; the fetch page does not', '7',
    [read(DATA), 'mov cr3, ebx', read(DATA)], { ebx: PAGE_DIRECTORY }, { cycles: 74 },
    { counters: { tlbMisses: 3, tlbHits: 1, tlbFlushes: 1, cr3Loads: 1 } }), kernelMappings({ data: SUPERVISOR_RW | PTE.G })),
  paged(one('a cr0 write changing WP flushes global entries too', '7',
    [read(DATA), 'mov cr0, ebx', read(DATA)], { ebx: CR0_PG | CR0_WP }, { cycles: 94, cr0: CR0_PG | CR0_WP },
    { counters: { tlbMisses: 4, tlbHits: 0, tlbFlushes: 1 } }), kernelMappings({ data: SUPERVISOR_RW | PTE.G })),
  paged(one('invlpg drops the page and the fetch page', '7', [read(DATA), `invlpg [${DATA}]`, read(DATA)], {},
    { cycles: 79 }, { counters: { tlbMisses: 3, tlbHits: 1, invlpg: 1, tlbFlushes: 0 } })),
  paged(one('fetch page: an instruction crossing into a new page looks it up once', '7',
    ['nop', 'nop', 'mov eax, 0x12345678', 'nop', 'jmp -10'], {}, { eip: 0x2ffe, cycles: 47, eax: 0x12345678 },
    { codeAt: 0x2ffd, steps: 6, counters: { tlbMisses: 2, tlbHits: 1 } }),
  [...kernelMappings(), { linear: 0x3000, flags: SUPERVISOR_RW }]),
  paged(one('fetch page: both pages are looked up when the first byte is outside it', '7',
    ['mov eax, 0x12345678', 'jmp -7'], {}, { eip: 0x3003, cycles: 44 },
    { codeAt: 0x2ffe, steps: 3, counters: { tlbMisses: 2, tlbHits: 2 } }),
  [...kernelMappings(), { linear: 0x3000, flags: SUPERVISOR_RW }]),
  paged(one('a hit entry that refuses the access faults without a walk', '7', [read(DATA), 'iret'],
    { esp: 0x7ff0, ksp: KERNEL_STACK_TOP },
    { eip: handlerOf(14), cpl: 0, cr2: DATA, cycles: 212 },
    { steps: 3,
      memory: [dwords(0x7ff0, 0x3000, 0x1b, 0x2, 0x6000), bytesAt(0x3000, assemble(read(DATA)))],
      counters: { tlbMisses: 6, tlbHits: 8, userCycles: 20, kernelCycles: 192, pageFaults: 1 },
      expect: { memory: [dwords(KERNEL_STACK_TOP - 20, 5, 0x3000, 0x1b)] } }),
  [...kernelMappings(), { linear: 0x3000, flags: USER_RW }]),
  paged(one('a stale entry is used until flushed', '7', [read(DATA), `mov dword [${pteAddress(DATA)}], 0`, 'mov ebx, [0x4000]'], {},
    { ebx: 0x1234, cycles: 66 },
    { memory: [dwords(DATA, 0x1234)], counters: { tlbMisses: 3, tlbHits: 1, pageFaults: 0 } }),
  [...kernelMappings(), { linear: 0x11000, flags: SUPERVISOR_RW }]),
  paged(one('a faulting lookup fills nothing: the retry misses again', '7', read(0x5000), {},
    { eip: handlerOf(14), cycles: 221, instructions: 2 },
    { steps: 4, memory: [bytesAt(handlerOf(14), assemble(['add esp, 4', 'iret']))],
      counters: { tlbMisses: 6, tlbHits: 12, pageFaults: 2, exceptions: { 14: 2 } } })),

  // §8 cycle counts
  one('cycles of a small sequence', '8',
    ['mov eax, 1', 'add eax, [0x4000]', 'shl dword [0x4000], 1', 'jne short 0', 'rep stosb', 'hlt'],
    { ecx: 3, edi: 0x4100 }, { cycles: 18, instructions: 6, eax: 6, ecx: 0 },
    { memory: [dwords(DATA, 5)], counters: { kernelCycles: 18, userCycles: 0, idleCycles: 0 },
      expect: { stop: StopReason.Dead, memory: [dwords(DATA, 10)] } }),
  one('cycles at CPL 3 are user cycles', '8', ['nop', 'add eax, [0x4000]'], { cpl: 3, eflags: flags() },
    { cycles: 3 }, { counters: { userCycles: 3, kernelCycles: 0 } }),
];
