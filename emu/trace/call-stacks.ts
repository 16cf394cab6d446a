// The guest's call stacks, rebuilt from call and ret events (trace category
// `call`, docs/machine.md §4.1), for the function track of the timeline and
// for the flat profile.
//
//   const stacks = new CallStacks(context);   // names functions with the TraceContext's symbols
//   stacks.call(event) -> the frame pushed
//   stacks.ret(event)  -> the frames it pops, innermost first, each with its end cycle
//   stacks.top(key)    the innermost open frame of a stack, or null; depth(key) how many are open
//   stacks.open()      every open frame, for closing at the end of a run
//
// One stack per address space and privilege level (cr3 and CPL: a user process,
// or the kernel in one process's address space); its key names it. A ret pops the
// frame whose return-address slot it popped (the frame's esp is below the ret's
// new esp by 4, plus what `ret imm16` drops: the callee-popped arguments of
// docs/abi.md §4, up to 256 words), and any frames above it; a ret that pops
// none returns from a function entered before the trace began, or runs on
// another stack, and changes nothing.

import type { TraceContext } from './events.ts';

export interface Frame {
  /** The function called: the symbol of the target (without an offset), or its address. */
  name: string;
  key: string;
  start: bigint;
  /** esp after the call's push: where the return address is. */
  esp: number;
}

const MAX_RET_POP = 4 + 256 * 4;

type FlowEvent = { cycle: bigint; cpl: number; target: number; esp: number; cr3: number };

/** A stack's name: `ring 0` (paging off), `ring 3, cr3 0x1a3000`. */
export function stackKey(cpl: number, cr3: number): string {
  return `ring ${cpl}${cr3 ? `, cr3 0x${(cr3 >>> 0).toString(16)}` : ''}`;
}

export class CallStacks {
  private readonly stacks = new Map<string, Frame[]>();

  constructor(private readonly context: TraceContext) {}

  private symbolize(addr: number, cpl: number, cr3: number): string | null {
    return this.context.symbolizeIn ? this.context.symbolizeIn(addr, cpl, cr3) : this.context.symbolize(addr);
  }

  private stack(key: string): Frame[] {
    let s = this.stacks.get(key);
    if (!s) this.stacks.set(key, (s = []));
    return s;
  }

  call(e: FlowEvent): Frame {
    const key = stackKey(e.cpl, e.cr3);
    const name = (this.symbolize(e.target, e.cpl, e.cr3) ?? '0x' + (e.target >>> 0).toString(16)).replace(/\+0x[0-9a-f]+$/, '');
    const frame: Frame = { name, key, start: e.cycle, esp: e.esp >>> 0 };
    this.stack(key).push(frame);
    return frame;
  }

  ret(e: FlowEvent): Frame[] {
    const s = this.stack(stackKey(e.cpl, e.cr3));
    const esp = e.esp >>> 0;
    const popped: Frame[] = [];
    const returnsFrom = (f: Frame) => f.esp < esp && esp - f.esp <= MAX_RET_POP;
    if (!s.some(returnsFrom)) return popped;
    while (s.length > 0) {
      const f = s.pop()!;
      popped.push(f);
      if (returnsFrom(f)) break;
    }
    return popped;
  }

  /** How many calls are open on a stack. */
  depth(key: string): number {
    return this.stacks.get(key)?.length ?? 0;
  }

  top(key: string): Frame | null {
    const s = this.stacks.get(key);
    return s && s.length > 0 ? s[s.length - 1] : null;
  }

  open(): Frame[] {
    return [...this.stacks.values()].flatMap((s) => [...s].reverse());
  }
}
