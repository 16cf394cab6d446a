// A flat profile by function, exact to the cycle: `switchless run --profile`
// and `switchless boot --profile` (docs/machine.md §4.1).
//
//   const profile = new ProfileSink(context);   // a TraceSink: needs call and mode events
//   ... the run ...
//   profile.rows()           ProfileRow[], most self cycles first
//   formatProfile(rows, n)   the table --profile prints
//
// Between two events the CPU runs the innermost open call of the stack in use
// (call-stacks.ts): the one of the last call or ret, or, after a change of
// privilege level, the stack of the level entered. Its function is charged the
// cycles (self); a function's total runs from its call to its ret, counted once
// when it is on its stack more than once (recursion). Cycles before the first
// traced call, or on a stack with no open call (an interrupt handler that calls
// nothing), are `(no call)`; halted cycles (from each hlt's retirement to the
// wake-up, as the core counts idle cycles) are `(idle)`.

import { CallStacks, stackKey } from './call-stacks.ts';
import type { TraceCategory, TraceContext, TraceEvent, TraceSink } from './events.ts';

export interface ProfileRow {
  function: string;
  calls: number;
  selfCycles: number;
  totalCycles: number;
}

const NO_CALL = '(no call)';
const IDLE = '(idle)';

export class ProfileSink implements TraceSink {
  readonly needs: ReadonlySet<TraceCategory> = new Set<TraceCategory>(['call', 'mode']);
  private readonly stacks: CallStacks;
  private readonly table = new Map<string, ProfileRow>();
  /** Open calls of each function, over every stack (a total is counted at the outermost). */
  private readonly active = new Map<string, number>();
  private readonly cr3ByLevel = new Map<number, number>();
  private key = stackKey(0, 0);
  private idle = false;
  private last = 0n;

  constructor(context: TraceContext) {
    this.stacks = new CallStacks(context);
  }

  private row(name: string): ProfileRow {
    let r = this.table.get(name);
    if (!r) this.table.set(name, (r = { function: name, calls: 0, selfCycles: 0, totalCycles: 0 }));
    return r;
  }

  /** Charges the cycles since the last event to whatever ran. */
  private charge(cycle: bigint): void {
    if (cycle <= this.last) return;
    const name = this.idle ? IDLE : this.stacks.top(this.key)?.name ?? NO_CALL;
    this.row(name).selfCycles += Number(cycle - this.last);
    this.last = cycle;
  }

  private leave(name: string, cycles: bigint): void {
    const open = (this.active.get(name) ?? 1) - 1;
    this.active.set(name, open);
    if (open === 0) this.row(name).totalCycles += Number(cycles);
  }

  event(e: TraceEvent): void {
    switch (e.kind) {
      case 'call': {
        this.charge(e.cycle);
        this.key = stackKey(e.cpl, e.cr3);
        this.cr3ByLevel.set(e.cpl, e.cr3);
        const frame = this.stacks.call(e);
        this.row(frame.name).calls++;
        this.active.set(frame.name, (this.active.get(frame.name) ?? 0) + 1);
        break;
      }
      case 'ret':
        this.charge(e.cycle);
        this.key = stackKey(e.cpl, e.cr3);
        this.cr3ByLevel.set(e.cpl, e.cr3);
        for (const frame of this.stacks.ret(e)) this.leave(frame.name, e.cycle - frame.start);
        break;
      case 'mode':
        this.charge(e.cycle);
        this.key = stackKey(e.to, this.cr3ByLevel.get(e.to) ?? 0);
        break;
      case 'halt':
        this.charge(e.cycle + BigInt(e.cost)); // the hlt itself is the halting code's
        this.idle = true;
        break;
      case 'wake':
        this.charge(e.cycle);
        this.idle = false;
        break;
      default:
        break;
    }
  }

  end(cycle: bigint): void {
    this.charge(cycle);
    for (const frame of this.stacks.open()) this.leave(frame.name, cycle - frame.start);
  }

  rows(): ProfileRow[] {
    return [...this.table.values()].sort((a, b) => b.selfCycles - a.selfCycles || a.function.localeCompare(b.function));
  }
}

/** The table --profile prints: the `limit` functions with the most self cycles. */
export function formatProfile(rows: ProfileRow[], limit = 25): string {
  const all = rows.reduce((n, r) => n + r.selfCycles, 0) || 1;
  const num = (n: number) => n.toLocaleString('en-US');
  const lines = ['profile: cycles by function (self: in the function itself; total: with what it calls)',
    `${'self cycles'.padStart(16)} ${'%'.padStart(6)} ${'calls'.padStart(10)} ${'total cycles'.padStart(16)}  function`];
  for (const r of rows.slice(0, limit)) {
    lines.push(`${num(r.selfCycles).padStart(16)} ${(100 * r.selfCycles / all).toFixed(1).padStart(6)} ` +
      `${num(r.calls).padStart(10)} ${(r.calls ? num(r.totalCycles) : '').padStart(16)}  ${r.function}`);
  }
  if (rows.length > limit) lines.push(`(${rows.length - limit} more functions; --stats-json has them all)`);
  return lines.join('\n') + '\n';
}
