// Text trace: one line per event, stamped with its cycle (docs/machine.md §4).
//
//   new TextTraceSink(write, context, categories)
//
// Lines look like
//   [      1234] k 0x00100004 <_start+4>  mov eax, 0x1
//   [      1240] intr irq 32 at 0x00100010 <loop>
//   [      1250] call   0x00100120 <fib> from 0x00100031 <main+0x2d>
//   [      1267] ret    } fib: 17 cycles
// Calls and returns are indented by the depth of their call stack
// (call-stacks.ts), as ftrace's function graph is; a ret that ends no traced
// call reads "ret to ADDRESS from ADDRESS".
// Only events of the selected categories are printed.

import { CallStacks } from './call-stacks.ts';
import type { TraceCategory, TraceContext, TraceEvent, TraceSink } from './events.ts';
import { categoryOf } from './events.ts';

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

export class TextTraceSink implements TraceSink {
  readonly needs: ReadonlySet<TraceCategory> = new Set();

  private readonly stacks: CallStacks;

  constructor(
    private readonly write: (line: string) => void,
    private readonly context: TraceContext,
    private readonly categories: ReadonlySet<TraceCategory>,
  ) {
    this.stacks = new CallStacks(context);
  }

  /** An address with its symbol; in a call's or ret's address space when given its CPL and cr3. */
  private where(addr: number, space?: { cpl: number; cr3: number }): string {
    const name = space && this.context.symbolizeIn
      ? this.context.symbolizeIn(addr, space.cpl, space.cr3) : this.context.symbolize(addr);
    return name ? `${hex(addr)} <${name}>` : hex(addr);
  }

  event(event: TraceEvent): void {
    if (!this.categories.has(categoryOf(event))) return;
    const stamp = `[${event.cycle.toString().padStart(10)}] `;
    if (event.kind === 'ret') {
      const ended = this.stacks.ret(event);
      if (ended.length === 0) this.write(`${stamp}ret to ${this.where(event.target, event)} from ${this.where(event.eip, event)}\n`);
      for (const frame of ended) {
        const indent = '  '.repeat(this.stacks.depth(frame.key) + ended.length - 1 - ended.indexOf(frame));
        this.write(`${stamp}ret    ${indent}} ${frame.name}: ${event.cycle - frame.start} cycles\n`);
      }
      return;
    }
    this.write(`${stamp}${this.describe(event)}\n`);
  }

  private describe(e: TraceEvent): string {
    switch (e.kind) {
      case 'insn': return `${e.cpl === 3 ? 'u' : 'k'} ${this.where(e.eip).padEnd(32)} ${this.context.disassemble(e.eip)}`;
      case 'call': {
        const frame = this.stacks.call(e);
        return `call   ${'  '.repeat(this.stacks.depth(frame.key) - 1)}${this.where(e.target, e)} from ${this.where(e.eip, e)}`;
      }
      case 'ret': return ''; // event() writes ret lines
      case 'mode': return `mode ${e.from} -> ${e.to} (${e.cause})`;
      case 'irq': return `intr irq vector ${e.vector} at ${this.where(e.eip)}`;
      case 'exception': return `intr exception ${e.vector} error ${hex(e.error)} cr2 ${hex(e.cr2)} at ${this.where(e.eip)}`;
      case 'softint': return `intr int 0x${e.vector.toString(16)} at ${this.where(e.eip)}`;
      case 'iret': return `intr iret to ${this.where(e.eip)} cpl ${e.cpl}`;
      case 'tlb-miss': return `mmu tlb miss ${hex(e.vaddr)}`;
      case 'tlb-flush': return `mmu tlb flush (${e.reason})`;
      case 'invlpg': return `mmu invlpg ${hex(e.vaddr)}`;
      case 'cr3': return `mmu cr3 <- ${hex(e.value)}`;
      case 'halt': return `mode halt at ${this.where(e.eip)}`;
      case 'wake': return 'mode wake';
      case 'dev': return `dev ${e.device} ${e.what}${formatDetail(e.detail)}`;
      case 'mark': return `mark ${e.name} ${e.value}`;
      case 'begin': return `mark begin ${e.name}`;
      case 'end': return 'mark end';
      case 'counter': return `mark counter ${e.name} = ${e.value}`;
      case 'thread': return `mark thread ${e.id} ${e.name}`;
    }
  }

  end(): void {}
}

function formatDetail(detail: Record<string, unknown>): string {
  const parts = Object.entries(detail).map(([k, v]) =>
    `${k}=${typeof v === 'number' ? (Number.isInteger(v) && v > 255 ? '0x' + v.toString(16) : String(v)) : String(v)}`);
  return parts.length ? ' ' + parts.join(' ') : '';
}
