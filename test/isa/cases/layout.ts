// The memory layout and builders shared by the ISA test cases.
//
//   physical (and, with kernelPaging(), identical linear) addresses:
//   0x00000 IDT          256 gates (idt())
//   0x01000 HANDLERS     vector v's handler at HANDLERS + 8*v: `hlt` (with IF = 0: Dead)
//   0x02000 CODE         the case's code (run-case.ts DEFAULT_CODE_AT)
//   0x04000 DATA         data
//   0x07000..0x07FFF     stack, esp = STACK_TOP = 0x8000
//   0x08000..0x08FFF     kernel stack for ring-3 cases, ksp = KERNEL_STACK_TOP = 0x9000
//   0x10000 PAGE_DIRECTORY, 0x11000.. page tables (pagingMemory())
//   RAM is 128 KiB: 0x20000 and above is unmapped (reads 0xFF).
//
//   flags('CF ZF')          an eflags value (bit 1 included)
//   dwordBytes(v), dwords(address, ...values)   little-endian memory blocks
//   idt(overrides)          the IDT and handler blocks; IDT_STATE is its register
//   pagingMemory(mappings)  page directory and tables; kernelPaging() maps the layout
//   frameOnStack(...)       the bytes §5.3 pushes, for memory expectations

import { assemble } from '../encode.ts';
import { DEFAULT_CODE_AT, DEFAULT_STACK_TOP, type MemoryBlock } from '../run-case.ts';

export const IDT = 0x0000;
export const HANDLERS = 0x1000;
export const CODE = DEFAULT_CODE_AT;
export const DATA = 0x4000;
export const STACK_TOP = DEFAULT_STACK_TOP;
export const KERNEL_STACK_TOP = 0x9000;
export const PAGE_DIRECTORY = 0x10000;
export const PAGE_TABLES = 0x11000;
export const CR0_PG = 0x8000_0000;
export const CR0_WP = 0x0001_0000;
/** §6 page-table entry bits, written out from the spec. */
export const PTE = { P: 0x1, RW: 0x2, US: 0x4, A: 0x20, D: 0x40, PS: 0x80, G: 0x100 } as const;

export const IDT_STATE = { idtBase: IDT, idtLimit: 256 * 8 - 1 };

export function handlerOf(vector: number): number {
  return HANDLERS + 8 * vector;
}

const FLAG_BITS: Record<string, number> = { CF: 0x1, ZF: 0x40, SF: 0x80, IF: 0x200, DF: 0x400, OF: 0x800 };

export function flags(names = ''): number {
  let value = 0x2;
  for (const name of names.split(/\s+/).filter(Boolean)) {
    const bit = FLAG_BITS[name];
    if (bit === undefined) throw new Error(`no flag ${name}`);
    value |= bit;
  }
  return value;
}

export function dwordBytes(value: number): number[] {
  const v = value >>> 0;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

export function dwords(address: number, ...values: number[]): MemoryBlock {
  return { address, bytes: values.flatMap(dwordBytes) };
}

export function bytesAt(address: number, bytes: number[]): MemoryBlock {
  return { address, bytes };
}

export interface GateOptions {
  handler?: number;
  present?: boolean;
  trap?: boolean;
  dpl?: 0 | 3;
}

/** One 8-byte gate (§5.2). */
export function gateBytes(vector: number, o: GateOptions = {}): number[] {
  const flagWord = (o.present === false ? 0 : 1) | (o.trap ? 2 : 0) | ((o.dpl ?? 0) << 2);
  return [...dwordBytes(o.handler ?? handlerOf(vector)), ...dwordBytes(flagWord)];
}

/** All 256 gates (present, DPL 0 interrupt gates unless overridden) and a `hlt` handler for each. */
export function idt(overrides: Record<number, GateOptions> = {}, base = IDT): MemoryBlock[] {
  const gates: number[] = [];
  for (let v = 0; v < 256; v++) gates.push(...gateBytes(v, overrides[v]));
  const hlt = assemble('hlt');
  const handlers: number[] = [];
  for (let v = 0; v < 256; v++) handlers.push(...hlt, ...new Array(8 - hlt.length).fill(0));
  return [{ address: base, bytes: gates }, { address: HANDLERS, bytes: handlers }];
}

export interface Mapping {
  linear: number;
  physical?: number;     // default: the same as linear
  flags: number;         // PTE bits (P, RW, US, A, D, G ...)
}

/**
 * A page directory at PAGE_DIRECTORY and one page table per directory index used,
 * at PAGE_TABLES + 0x1000*k. PDEs get `pdeFlags` (default P|RW|US, so the PTE decides),
 * or pdeOverride[dirIndex] as a whole PDE value.
 */
export function pagingMemory(mappings: Mapping[], pdeFlags: number = PTE.P | PTE.RW | PTE.US,
  pdeOverride: Record<number, number> = {}): MemoryBlock[] {
  const blocks: MemoryBlock[] = [];
  const tables = new Map<number, number>();
  for (const m of mappings) {
    const dir = m.linear >>> 22;
    if (!tables.has(dir)) {
      const table = PAGE_TABLES + 0x1000 * tables.size;
      tables.set(dir, table);
      blocks.push(dwords(PAGE_DIRECTORY + dir * 4, pdeOverride[dir] ?? (table | pdeFlags)));
    }
    const pte = (((m.physical ?? m.linear) & 0xffff_f000) | m.flags) >>> 0;
    blocks.push(dwords(tables.get(dir)! + ((m.linear >>> 12) & 0x3ff) * 4, pte));
  }
  for (const [dir, value] of Object.entries(pdeOverride)) {
    if (!tables.has(Number(dir))) blocks.push(dwords(PAGE_DIRECTORY + Number(dir) * 4, value));
  }
  return blocks;
}

/** Address of the PTE that pagingMemory() writes for `linear` when its table is the k-th one. */
export function pteAddress(linear: number, tableIndex = 0): number {
  return PAGE_TABLES + 0x1000 * tableIndex + ((linear >>> 12) & 0x3ff) * 4;
}

export const SUPERVISOR_RW = PTE.P | PTE.RW;
export const USER_RW = PTE.P | PTE.RW | PTE.US;
export const USER_RO = PTE.P | PTE.US;

/** Identity mappings of the layout's pages (IDT, handlers, code, data, stacks), supervisor RW unless overridden. */
export function kernelMappings(overrides: Partial<Record<'idt' | 'handlers' | 'code' | 'data' | 'stack' | 'kernelStack', number>> = {}): Mapping[] {
  return [
    { linear: IDT, flags: overrides.idt ?? SUPERVISOR_RW },
    { linear: HANDLERS, flags: overrides.handlers ?? SUPERVISOR_RW },
    { linear: CODE, flags: overrides.code ?? SUPERVISOR_RW },
    { linear: DATA, flags: overrides.data ?? SUPERVISOR_RW },
    { linear: STACK_TOP - 0x1000, flags: overrides.stack ?? SUPERVISOR_RW },
    { linear: KERNEL_STACK_TOP - 0x1000, flags: overrides.kernelStack ?? SUPERVISOR_RW },
  ];
}

export const PAGING_STATE = { cr0: CR0_PG, cr3: PAGE_DIRECTORY };

/** The dwords §5.3 pushes, lowest address first (error code, eip, cs, eflags, [user esp]). */
export function frameOnStack(o: { errorCode?: number; eip: number; cs: number; eflags: number; userEsp?: number }): number[] {
  const words = [o.eip, o.cs, o.eflags];
  if (o.errorCode !== undefined) words.unshift(o.errorCode);
  if (o.userEsp !== undefined) words.push(o.userEsp);
  return words.flatMap(dwordBytes);
}
