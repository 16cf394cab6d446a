// The code generator's machine state for one function: the lines emitted so
// far, the push depth, the frame slots and the scratch register pool.
//
// Layers (one class each, each extending the last):
//   Emitter             (this file) lines, operands, registers, spills
//   ExpressionCompiler  (expressions.ts) wasm expressions -> values
//   FunctionCompiler    (statements.ts)  statements, control flow, prologue
//
// Values. A Val is where an intermediate result lives: an immediate, a
// register or a stack slot. `owned` Vals were allocated by the code generator
// and must be released exactly once; unowned ones are a local's home (a
// callee-saved register or a frame/argument slot) and are only read. The pool
// may move an owned Val (to free a register a `div` or a call needs), so code
// reads a Val's location only when it emits the instruction that uses it.
//
// Frame. The frame is addressed from esp (docs/abi.md §5); its size is known
// only when the function is done, so slot addresses are emitted as markers
// («F3+8»: frame slot 3 at push depth 8; «A1+0»: argument 1) and resolved by
// resolveFrame() at the end.

import { CALLEE_SAVED, CALLER_SAVED, imm, low16, low8, type Reg } from './x86.ts';

export type Slot = { kind: 'frame'; index: number } | { kind: 'arg'; index: number };

export class Val {
  constructor(
    public kind: 'imm' | 'reg' | 'slot',
    public value: number,
    public reg: Reg,
    public slot: Slot | null,
    public owned: boolean,
  ) {}

  static imm(value: number): Val {
    return new Val('imm', value | 0, 'eax', null, false);
  }

  isReg(r?: Reg): boolean {
    return this.kind === 'reg' && (r === undefined || this.reg === r);
  }
}

/** A memory operand in linear memory: [base + index*scale + MEM + disp]. */
export interface Addr {
  base: Val | null;
  index: Val | null;
  scale: 1 | 2 | 4 | 8;
  disp: number;
}

export type Size = 1 | 2 | 4;
const SIZE_NAME: Record<Size, string> = { 1: 'byte', 2: 'word', 4: 'dword' };

const MARK = '\u00ab';    // «F3+8» frame slot 3 at push depth 8; «A1+0» argument 1
const MARK_END = '\u00bb';
export const MARKER = new RegExp(`${MARK}([FA])(\\d+)\\+(\\d+)${MARK_END}`, 'g');

export class Emitter {
  readonly lines: string[] = [];
  /** Bytes pushed since the prologue (call arguments, saved values). */
  depth = 0;
  /** Frame slots in use: homes of locals kept in memory, then spills. */
  frameSlots = 0;
  /** Callee-saved registers this function writes (the prologue saves them). */
  readonly usedSaved = new Set<Reg>();

  private readonly free = new Set<Reg>();
  private readonly holders = new Map<Reg, Val>();
  private readonly pinned = new Set<Reg>();
  private readonly freeSpills: number[] = [];
  private readonly scratch: Reg[];

  /** `homes`: callee-saved registers that hold locals, never scratch. */
  constructor(readonly memBase: string, homes: Reg[]) {
    this.scratch = [...CALLER_SAVED, ...CALLEE_SAVED.filter((r) => !homes.includes(r))];
    for (const r of this.scratch) this.free.add(r);
    for (const r of homes) this.usedSaved.add(r);
  }

  emit(line: string): void {
    this.lines.push('    ' + line);
  }

  label(name: string): void {
    this.lines.push(name + ':');
  }

  comment(text: string): void {
    this.lines.push('    ; ' + text);
  }

  // ---- operands ----

  slotRef(slot: Slot): string {
    return `[esp+${MARK}${slot.kind === 'frame' ? 'F' : 'A'}${slot.index}+${this.depth}${MARK_END}]`;
  }

  /** An operand as text; memory operands carry an explicit size. */
  op(v: Val, size: Size = 4): string {
    switch (v.kind) {
      case 'imm': return imm(v.value);
      case 'reg': return size === 4 ? v.reg : size === 2 ? low16(v.reg) : low8(v.reg);
      case 'slot': return `${SIZE_NAME[size]} ${this.slotRef(v.slot!)}`;
    }
  }

  /** A linear-memory operand as text, with a size prefix. */
  mem(a: Addr, size: Size): string {
    return `${SIZE_NAME[size]} ${this.addressText(a, true)}`;
  }

  /** `[base+index*scale+disp]`: with the memory base, a machine address; without, a wasm one (for lea). */
  addressText(a: Addr, inMemory: boolean): string {
    const terms: string[] = [];
    if (a.base) terms.push(this.regOf(a.base));
    if (a.index) terms.push(a.scale === 1 ? this.regOf(a.index) : `${this.regOf(a.index)}*${a.scale}`);
    let disp = a.disp | 0;
    if (inMemory && /^\d/.test(this.memBase)) disp = (Number(this.memBase) + disp) | 0;
    else if (inMemory) terms.push(this.memBase);
    let text = terms.join('+');
    if (terms.length === 0) text = imm(disp);
    else if (disp > 0) text += '+' + imm(disp);
    else if (disp < 0) text += imm(disp);
    return `[${text}]`;
  }

  private regOf(v: Val): string {
    if (v.kind !== 'reg') throw new Error('cc: address part not in a register');
    return v.reg;
  }

  // ---- scratch registers ----

  private take(r: Reg): void {
    this.free.delete(r);
    if (CALLEE_SAVED.includes(r)) this.usedSaved.add(r);
  }

  /** A new owned value in a scratch register (spilling another value if none is free). */
  newReg(avoid: readonly Reg[] = []): Val {
    const r = this.allocReg(avoid);
    const v = new Val('reg', 0, r, null, true);
    this.holders.set(r, v);
    return v;
  }

  private allocReg(avoid: readonly Reg[]): Reg {
    for (const r of this.scratch) {
      if (this.free.has(r) && !avoid.includes(r)) {
        this.take(r);
        return r;
      }
    }
    for (const [r, v] of this.holders) {
      if (!avoid.includes(r) && !this.pinned.has(r)) {
        this.spill(v);
        this.take(r);
        return r;
      }
    }
    throw new Error('cc: out of scratch registers');
  }

  /** Moves an owned register value to a spill slot. */
  private spill(v: Val): void {
    const slot: Slot = { kind: 'frame', index: this.freeSpills.pop() ?? this.frameSlots++ };
    this.emit(`mov ${this.slotRef(slot)}, ${v.reg}`);
    this.holders.delete(v.reg);
    this.free.add(v.reg);
    v.kind = 'slot';
    v.slot = slot;
  }

  release(v: Val | null): void {
    if (!v || !v.owned) return;
    v.owned = false;
    if (v.kind === 'reg') {
      this.holders.delete(v.reg);
      this.free.add(v.reg);
    } else if (v.kind === 'slot' && v.slot!.kind === 'frame') {
      this.freeSpills.push(v.slot!.index);
    }
  }

  /**
   * Makes `r` available for an instruction that needs it (div, shifts, in/out),
   * moving whatever owned value is there, unless it is `keep`. Returns with `r`
   * taken; hand it back with unclaim() or wrap it with adopt().
   */
  claim(r: Reg, keep: Val | null = null): void {
    const holder = this.holders.get(r);
    if (holder && holder === keep) {
      this.holders.delete(r);
      keep.owned = false; // the claimed register now carries its value
      return;
    }
    if (holder) this.moveAway(holder, [r]);
    if (!this.free.has(r)) throw new Error(`cc: ${r} is not available`);
    this.take(r);
  }

  unclaim(r: Reg): void {
    this.free.add(r);
  }

  /** A claimed register, as an owned value. */
  adopt(r: Reg): Val {
    const v = new Val('reg', 0, r, null, true);
    this.holders.set(r, v);
    return v;
  }

  /** Moves an owned value out of its register (which becomes free), to another free register or a spill slot. */
  private moveAway(v: Val, avoid: readonly Reg[], onlySaved = false): void {
    const old = v.reg;
    const target = this.scratch.find((r) =>
      this.free.has(r) && r !== old && !avoid.includes(r) && (!onlySaved || CALLEE_SAVED.includes(r)));
    if (!target) {
      this.spill(v);
      return;
    }
    this.take(target);
    this.emit(`mov ${target}, ${old}`);
    this.holders.delete(old);
    this.free.add(old);
    v.reg = target;
    this.holders.set(target, v);
  }

  /** Before a call: values in eax/ecx/edx move to callee-saved registers or spill slots. */
  saveCallerSaved(): void {
    for (const r of CALLER_SAVED) {
      const v = this.holders.get(r);
      if (v && !this.pinned.has(r)) this.moveAway(v, CALLER_SAVED, true);
    }
  }

  pin(v: Val): void {
    if (v.kind === 'reg') this.pinned.add(v.reg);
  }

  unpin(v: Val): void {
    if (v.kind === 'reg') this.pinned.delete(v.reg);
  }

  isCallerSavedFree(): boolean {
    return CALLER_SAVED.every((r) => this.free.has(r));
  }

  /** Internal check at statement boundaries: every scratch register is back in the pool. */
  checkBalanced(where: string): void {
    if (this.holders.size > 0 || this.scratch.some((r) => !this.free.has(r)) || this.depth !== 0) {
      throw new Error(`cc: unbalanced registers or stack after ${where}`);
    }
  }

  // ---- moving values ----

  /** `v` in an owned register not in `avoid` (v itself when it already is one). */
  own(v: Val, avoid: readonly Reg[] = []): Val {
    if (v.owned && v.kind === 'reg' && !avoid.includes(v.reg)) return v;
    const r = this.newReg(avoid); // (may spill v itself: it is then loaded from its slot)
    this.load(r.reg, v);
    this.release(v);
    return r;
  }

  /** `v` in some register (a local's home register stays as it is). */
  inReg(v: Val, avoid: readonly Reg[] = []): Val {
    if (v.kind === 'reg' && !avoid.includes(v.reg)) return v;
    return this.own(v, avoid);
  }

  /** `v` as a register or memory operand (immediates are loaded). */
  notImm(v: Val, avoid: readonly Reg[] = []): Val {
    return v.kind === 'imm' ? this.own(v, avoid) : v;
  }

  /** mov r, v (flags untouched). */
  load(r: Reg, v: Val): void {
    if (v.kind === 'reg' && v.reg === r) return;
    this.emit(`mov ${r}, ${this.op(v)}`);
  }

  /** Resolves frame markers once the frame is known. */
  resolveFrame(text: string, frameBytes: number, savedBytes: number, params: number): string {
    return text.replace(MARKER, (_m, kind: string, index: string, depth: string) => {
      const i = Number(index);
      const offset = kind === 'F' ? 4 * i : frameBytes + savedBytes + 4 + 4 * (params - 1 - i);
      return String(offset + Number(depth));
    });
  }
}
