// Cases for docs/isa.md §6 (paging): #PF error codes and cr2, rights (US/RW AND,
// WP), RSVD through PS = 1, A/D bits, fetch faults, precise faults (crossing
// accesses, rep restart), faults during delivery (#DF, triple fault).
//
// Cycle and TLB expectations count, per §7-§8: one lookup per page touched by
// each access (fetch: the fetch page rule), 20 cycles per walk, 40 per delivery
// (+20 from CPL 3); a faulting instruction is charged only its walks.

import { StopReason } from '../../../emu/cpu-state.ts';
import { assemble } from '../encode.ts';
import type { IsaCase } from '../run-case.ts';
import { one } from './builders.ts';
import {
  CODE, CR0_PG, CR0_WP, DATA, IDT_STATE, KERNEL_STACK_TOP, PAGE_DIRECTORY, PAGING_STATE, PTE, SUPERVISOR_RW, USER_RO,
  USER_RW, bytesAt, dwords, flags, frameOnStack, gateBytes, handlerOf, idt, kernelMappings, pagingMemory, pteAddress,
  type Mapping,
} from './layout.ts';

export function paged(testCase: IsaCase, mappings: Mapping[] = kernelMappings(), pdeFlags?: number,
  pdeOverride?: Record<number, number>): IsaCase {
  return {
    ...testCase,
    memory: [...idt(), ...pagingMemory(mappings, pdeFlags, pdeOverride), ...(testCase.memory ?? [])],
    state: { ...IDT_STATE, ...PAGING_STATE, ...testCase.state },
  };
}

const KSP = KERNEL_STACK_TOP;
const user = { cpl: 3 as const, esp: 0x7000, ksp: KSP };
const userMappings = (data: number): Mapping[] => kernelMappings({ code: USER_RW, data, stack: USER_RW });

/** A #PF at CPL 0 whose delivery walks the IDT page and the stack page (4 misses in all, 3 hits). */
function kernelFault(name: string, source: string, errorCode: number, cr2: number,
  o: { mappings?: Mapping[]; cr0?: number; pdeOverride?: Record<number, number>; dataWalks?: number; state?: object } = {}): IsaCase {
  const walks = 3 + (o.dataWalks ?? 1);
  const cycles = 40 + 20 * walks;
  return paged(one(name, '6', source, { cr0: o.cr0 ?? CR0_PG, ...o.state },
    { eip: handlerOf(14), cr2, esp: 0x8000 - 16, cycles, instructions: 0, ...o.state },
    { counters: { pageFaults: 1, exceptions: { 14: 1 }, tlbMisses: walks, tlbHits: 3, kernelCycles: cycles },
      expect: { memory: [dwords(0x8000 - 16, errorCode, CODE, 0x08)] } }),
  o.mappings ?? kernelMappings(), undefined, o.pdeOverride);
}

/** A #PF at CPL 3 (user code, data and stack pages) delivered on the kernel stack. */
function userFault(name: string, source: string, errorCode: number, cr2: number, data: number): IsaCase {
  return paged(one(name, '6', source, user,
    { eip: handlerOf(14), cpl: 0, cr2, esp: KSP - 20, cycles: 140, instructions: 0 },
    { counters: { pageFaults: 1, exceptionSwitches: 1, userCycles: 40, kernelCycles: 100, tlbMisses: 4, tlbHits: 4 },
      expect: { memory: [dwords(KSP - 20, errorCode, CODE, 0x1b, 0x2, 0x7000)] } }), userMappings(data));
}

export const PAGING_CASES: IsaCase[] = [
  kernelFault('read of a page that is not present: error 0', 'mov eax, [0x5000]', 0, 0x5000),
  kernelFault('write of a page that is not present: error W', 'mov [0x5000], eax', 2, 0x5000),
  kernelFault('CPL 0 write to a read-only page with WP = 1: error P|W', 'mov [0x4000], eax', 3, 0x4000,
    { mappings: kernelMappings({ data: PTE.P }), cr0: CR0_PG | CR0_WP }),
  kernelFault('PS = 1 in a PDE: error P|RSVD', 'mov eax, [0x400000]', 9, 0x400000,
    { pdeOverride: { 1: 0x12000 | PTE.P | PTE.RW | PTE.US | PTE.PS } }),
  kernelFault('cmov reads its memory source even when false', 'cmove eax, [0x5000]', 0, 0x5000),
  kernelFault('an access crossing into a missing page: cr2 is the page start', 'mov eax, [0x4ffe]', 0, 0x5000,
    { state: { eax: 0x77 }, dataWalks: 2 }),
  userFault('CPL 3 read of a supervisor page: error P|U', 'mov eax, [0x4000]', 5, 0x4000, SUPERVISOR_RW),
  userFault('CPL 3 write to a read-only page: error P|W|U', 'mov [0x4000], eax', 7, 0x4000, USER_RO),
  userFault('CPL 3 write to a supervisor page: error P|W|U', 'mov [0x4000], eax', 7, 0x4000, SUPERVISOR_RW),

  paged(one('CPL 0 write to a read-only page with WP = 0 succeeds and sets A and D', '6', 'mov [0x4000], eax', { eax: 5 },
    { cycles: 42 }, { counters: { tlbMisses: 2, pageFaults: 0 },
      expect: { memory: [dwords(DATA, 5), dwords(pteAddress(DATA), DATA | PTE.P | PTE.A | PTE.D),
        dwords(pteAddress(CODE), CODE | SUPERVISOR_RW | PTE.A), dwords(PAGE_DIRECTORY, 0x11000 | USER_RW | PTE.A)] } }),
  kernelMappings({ data: PTE.P })),
  paged(one('a read sets A but not D', '6', 'mov eax, [0x4000]', {}, { cycles: 42 },
    { expect: { memory: [dwords(pteAddress(DATA), DATA | SUPERVISOR_RW | PTE.A)] } })),
  paged(one('a faulting access sets neither A nor D', '6', 'mov [0x4000], eax', user, { cpl: 0, eip: handlerOf(14) },
    { expect: { memory: [dwords(pteAddress(DATA), DATA | USER_RO)] } }), userMappings(USER_RO)),
  paged(one('rights are the AND of PDE and PTE: PDE without US', '6', 'nop', user,
    { eip: handlerOf(14), cr2: CODE, cpl: 0 }, { expect: { memory: [dwords(KSP - 20, 0x15, CODE)] } }),
  userMappings(USER_RW), PTE.P | PTE.RW),
  paged(one('rights are the AND of PDE and PTE: PDE without RW; fetch needs no RW', '6', 'mov [0x4000], eax', user,
    { eip: handlerOf(14), cr2: DATA, cpl: 0 }, { expect: { memory: [dwords(KSP - 20, 7, CODE)] } }),
  userMappings(USER_RW), PTE.P | PTE.US),
  paged(one('fetch from a page that is not present: error I', '6', ['jmp eax'], { eax: 0x5000 },
    { eip: handlerOf(14), cr2: 0x5000, instructions: 1 }, { steps: 2, expect: { memory: [dwords(0x8000 - 16, 0x10, 0x5000)] } })),
  paged(one('CPL 3 fetch from a supervisor page: error P|U|I', '6', ['jmp eax'], { ...user, eax: DATA },
    { eip: handlerOf(14), cr2: DATA, cpl: 0 }, { steps: 2, expect: { memory: [dwords(KSP - 20, 0x15, DATA)] } }),
  userMappings(SUPERVISOR_RW)),
  paged({
    name: 'a fetch fault is reported before a decode error', section: '2',
    codeAt: 0x2ffe, code: [...assemble('lidt [0x4000]').slice(0, 1), 0x0d, 0, 0x40, 0, 0], steps: 1,
    expect: { state: { eip: handlerOf(14), cr2: 0x3000 }, memory: [dwords(0x8000 - 16, 0x10, 0x2ffe)] },
  }),
  paged({
    name: 'the same bytes with both pages mapped are #UD', section: '2',
    codeAt: 0x2ffe, code: [...assemble('lidt [0x4000]').slice(0, 1), 0x0d, 0, 0x40, 0, 0], steps: 1,
    expect: { state: { eip: handlerOf(6) }, counters: { exceptions: { 6: 1 } } },
  }, [...kernelMappings(), { linear: 0x3000, flags: SUPERVISOR_RW }]),

  paged(one('a rep fault leaves completed elements done and restarts at the rep', '3.9', 'rep movsd',
    { ecx: 4, esi: DATA, edi: 0x4ff8 },
    { ecx: 2, esi: DATA + 8, edi: 0x5000, eip: handlerOf(14), cr2: 0x5000, cycles: 162, instructions: 0 },
    { memory: [dwords(DATA, 0xa1, 0xa2, 0xa3, 0xa4)],
      counters: { tlbMisses: 6, tlbHits: 6, pageFaults: 1 },
      expect: { memory: [dwords(0x4ff8, 0xa1, 0xa2), dwords(0x8000 - 16, 2, CODE)] } })),
  paged(one('a CPL 3 push to a missing stack page leaves esp', '6', 'push eax', { ...user, esp: 0x6000 },
    { eip: handlerOf(14), cr2: 0x5ffc, cpl: 0 }, { expect: { memory: [dwords(KSP - 20, 6, CODE, 0x1b, 0x2, 0x6000)] } }),
  userMappings(USER_RW)),
  paged(one('a CPL 0 stack fault cannot be delivered: triple fault', '5.3', 'push eax', { esp: 0x6000 },
    { eip: CODE, esp: 0x6000, cr2: 0x5ffc, cycles: 100, instructions: 0 },
    { counters: { pageFaults: 3, tlbMisses: 5, tlbHits: 1, exceptions: {} }, expect: { stop: StopReason.TripleFault } })),
  paged(one('a #PF reading the gate becomes #DF', '5.3', 'int 0x40', { idtBase: 0x600e00 },
    { eip: handlerOf(8), cr2: 0x601000, esp: 0x8000 - 16, cycles: 120, instructions: 0 },
    { memory: [bytesAt(0xe40, gateBytes(8))],
      counters: { pageFaults: 1, exceptions: { 8: 1 }, softInts: {}, tlbMisses: 4, tlbHits: 3 },
      expect: { memory: [dwords(0x8000 - 16, 0, CODE, 0x08)] } }),
  [...kernelMappings(), { linear: 0x600000, physical: 0, flags: SUPERVISOR_RW }]),
  kernelFault('a faulting write crossing pages changes no byte', 'mov [0x4ffe], eax', 2, 0x5000,
    { state: { eax: 0xaabbccdd }, dataWalks: 2 }),
  paged(one('after a faulting crossing write, the first page keeps its fill, A and D', '6', 'mov [0x4ffe], eax', {},
    { eip: handlerOf(14) }, { memory: [dwords(0x4ffc, 0x11111111)],
      expect: { memory: [dwords(0x4ffc, 0x11111111), dwords(pteAddress(DATA), DATA | SUPERVISOR_RW | PTE.A | PTE.D)] } })),
  kernelFault('movs: the source read faults before the destination write', 'movsb', 0, 0x5000,
    { state: { esi: 0x5000, edi: 0x6000 } }),
  // Misses: code, stack read, destination, IDT, and the first push (a D-bit refill of the stack page).
  paged(one('pop r/m32: the stack read, then the destination write faults; esp unchanged', '5.1', 'pop dword [0x5000]',
    { esp: 0x7ffc }, { eip: handlerOf(14), esp: 0x7fec, cr2: 0x5000, cycles: 140 },
    { memory: [dwords(0x7ffc, 0x99)], counters: { tlbMisses: 5, tlbHits: 3 },
      expect: { memory: [dwords(0x7fec, 2, CODE, 0x08, 0x2, 0x99)] } })),
  paged(one('privilege is checked before memory operands', '5.1', 'lidt [0x5000]', user,
    { eip: handlerOf(13), cpl: 0 }, { counters: { pageFaults: 0, exceptions: { 13: 1 } } }), userMappings(USER_RW)),
  paged(one('lea makes no lookup', '3.1', 'lea eax, [0x5000]', {}, { eax: 0x5000, cycles: 21 }, { counters: { tlbMisses: 1 } })),
  paged(one('invlpg of an unmapped page never faults', '3.11', 'invlpg [0x5000]', {}, { cycles: 35 },
    { counters: { invlpg: 1, pageFaults: 0 } })),
];
