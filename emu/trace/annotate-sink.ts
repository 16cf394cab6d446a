// One function's instructions with how often each ran and the cycles each
// took, like perf annotate: `switchless run --annotate NAME` (docs/machine.md §4.1).
//
//   const annotate = new AnnotateSink(context, 'fib.fib');   // a TraceSink: needs insn events
//   ... the run ...
//   formatAnnotation(annotate)      the listing --annotate prints
//
// An instruction's cycles run from its start to the start of the next
// instruction, or of an interrupt's or exception's delivery (which are not
// the instruction's); a hlt's end where idling begins. Exact, as the trace is.

import type { TraceCategory, TraceContext, TraceEvent, TraceSink } from './events.ts';

interface Line { count: number; cycles: number }

export class AnnotateSink implements TraceSink {
  readonly needs: ReadonlySet<TraceCategory> = new Set<TraceCategory>(['insn', 'mode', 'intr']);
  readonly lines = new Map<number, Line>();
  private running: { eip: number; cycle: bigint } | null = null;

  constructor(readonly context: TraceContext, readonly functionName: string) {}

  private inFunction(eip: number): boolean {
    const name = this.context.symbolize(eip);
    return name !== null && name.replace(/\+0x[0-9a-f]+$/, '') === this.functionName;
  }

  private finish(cycle: bigint): void {
    if (!this.running) return;
    const line = this.lines.get(this.running.eip)!;
    line.cycles += Number(cycle - this.running.cycle);
    this.running = null;
  }

  event(e: TraceEvent): void {
    // Events of an instruction (call, ret, mmu...) carry its start: only these end one.
    if (e.kind === 'halt') this.finish(e.cycle + BigInt(e.cost));
    else if (e.kind === 'insn' || e.kind === 'irq' || e.kind === 'exception') this.finish(e.cycle);
    if (e.kind !== 'insn' || !this.inFunction(e.eip)) return;
    let line = this.lines.get(e.eip);
    if (!line) this.lines.set(e.eip, (line = { count: 0, cycles: 0 }));
    line.count++;
    this.running = { eip: e.eip, cycle: e.cycle };
  }

  end(cycle: bigint): void {
    this.finish(cycle);
  }
}

/** The listing: each instruction of the function that ran, in address order, with its count and cycles. */
export function formatAnnotation(sink: AnnotateSink): string {
  const eips = [...sink.lines.keys()].sort((a, b) => a - b);
  if (eips.length === 0) return `annotate: ${sink.functionName} never ran (no instruction of a symbol by that name executed)\n`;
  const total = eips.reduce((n, eip) => n + sink.lines.get(eip)!.cycles, 0) || 1;
  const num = (n: number) => n.toLocaleString('en-US');
  const out = [`annotate: ${sink.functionName}: ${num(total)} cycles in its own instructions`,
    `${'count'.padStart(12)} ${'cycles'.padStart(14)} ${'%'.padStart(6)}  address   instruction`];
  for (const eip of eips) {
    const { count, cycles } = sink.lines.get(eip)!;
    out.push(`${num(count).padStart(12)} ${num(cycles).padStart(14)} ${(100 * cycles / total).toFixed(1).padStart(6)}  ` +
      `${(eip >>> 0).toString(16).padStart(8, '0')}  ${sink.context.disassemble(eip)}`);
  }
  return out.join('\n') + '\n';
}
