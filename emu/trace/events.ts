// The trace event model: what a run can record, in one union type.
//
// Producers: the machine converts the core's event records (emu/core-host.ts),
// device activity and guest marks (emu/devices/trace-control.ts) into
// TraceEvents and hands them, in cycle order, to every sink. Sinks
// (text-sink.ts, chrome-sink.ts) only format; they never reach into the machine
// except through the TraceContext they are given.
//
//   TraceCategory        the selectable categories of docs/machine.md §4
//   parseCategories(s)   "insn,mode" -> Set; throws UserError on an unknown name
//   TraceEvent           one record, stamped with its cycle
//   TraceSink            begin / event / end

import { UserError } from '../user-error.ts';

export const TRACE_CATEGORIES = ['insn', 'call', 'mode', 'intr', 'mmu', 'dev', 'mark'] as const;
export type TraceCategory = (typeof TRACE_CATEGORIES)[number];

export function parseCategories(list: string): Set<TraceCategory> {
  const chosen = new Set<TraceCategory>();
  for (const raw of list.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (name === 'all') TRACE_CATEGORIES.forEach((c) => chosen.add(c));
    else if ((TRACE_CATEGORIES as readonly string[]).includes(name)) chosen.add(name as TraceCategory);
    else throw new UserError(`unknown trace category '${name}' (choose from ${TRACE_CATEGORIES.join(', ')}, all)`);
  }
  return chosen;
}

export type EntryCause = 'syscall' | 'irq' | 'exception';

export type TraceEvent =
  | { kind: 'insn'; cycle: bigint; cpl: number; eip: number }
  // a call at eip to target, or a ret at eip to target; esp after its push or pop; the cr3 it ran under
  | { kind: 'call' | 'ret'; cycle: bigint; cpl: number; eip: number; target: number; esp: number; cr3: number }
  | { kind: 'mode'; cycle: bigint; from: number; to: number; cause: EntryCause | 'iret' }
  | { kind: 'irq'; cycle: bigint; vector: number; eip: number }
  | { kind: 'exception'; cycle: bigint; vector: number; error: number; eip: number; cr2: number }
  | { kind: 'softint'; cycle: bigint; vector: number; eip: number }
  | { kind: 'iret'; cycle: bigint; eip: number; cpl: number }
  | { kind: 'tlb-miss'; cycle: bigint; vaddr: number }
  | { kind: 'tlb-flush'; cycle: bigint; reason: 'cr3' | 'cr0' }
  | { kind: 'invlpg'; cycle: bigint; vaddr: number }
  | { kind: 'cr3'; cycle: bigint; value: number }
  | { kind: 'halt'; cycle: bigint; eip: number; cost: number }  // idle from cycle + cost, when the hlt has retired
  | { kind: 'wake'; cycle: bigint }
  | { kind: 'dev'; cycle: bigint; device: string; what: string; detail: Record<string, unknown> }
  | { kind: 'mark'; cycle: bigint; name: string; value: number }
  | { kind: 'begin'; cycle: bigint; name: string }
  | { kind: 'end'; cycle: bigint }
  | { kind: 'counter'; cycle: bigint; name: string; value: number }
  | { kind: 'thread'; cycle: bigint; id: number; name: string };

/** The category an event belongs to (what --trace selects). */
export function categoryOf(event: TraceEvent): TraceCategory {
  switch (event.kind) {
    case 'insn': return 'insn';
    case 'call': case 'ret': return 'call';
    case 'mode': case 'halt': case 'wake': return 'mode';
    case 'irq': case 'exception': case 'softint': case 'iret': return 'intr';
    case 'tlb-miss': case 'tlb-flush': case 'invlpg': case 'cr3': return 'mmu';
    case 'dev': return 'dev';
    default: return 'mark';
  }
}

/** What sinks may ask of the machine while formatting. */
export interface TraceContext {
  clockMHz: number;
  /** "name+0x12" for a code address, or null when no symbol covers it. */
  symbolize(addr: number): string | null;
  /** The same for a code address in an address space (a call or ret's CPL and cr3): user programs' own symbols where known. */
  symbolizeIn?(addr: number, cpl: number, cr3: number): string | null;
  /** The program running in user mode under cr3, where known ('ls'). */
  programIn?(cr3: number): string | null;
  /** The disassembly of the instruction at a virtual address, read without side effects. */
  disassemble(eip: number): string;
}

export interface TraceSink {
  /** Categories this sink needs recorded, beyond what the user selected. */
  readonly needs: ReadonlySet<TraceCategory>;
  event(event: TraceEvent): void;
  /** Called once, at the end of the run, with the final cycle. */
  end(cycle: bigint): void;
}
