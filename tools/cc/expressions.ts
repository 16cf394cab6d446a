// Expressions -> tx86 values (the middle layer of the code generator; see
// emitter.ts for the layers and for what a Val is).
//
//   gen(e, hint)   evaluates e, returning where the value is. `hint` is the
//                  home register of the local the statement assigns: the last
//                  instruction of e may write it directly, because nothing of
//                  e is evaluated after that; and so may the first operand's,
//                  when the operands after it do not read that local.
//   genCond(e)     evaluates e for a branch: sets the flags, returns the
//                  condition that is true when e is non-zero.
//   genAddr(p, o)  a linear-memory operand for address p + offset o, folding
//                  constant offsets and `a + (b << k)` into the addressing mode.
//
// Operands are evaluated in wasm order. A 32-bit load that is an ALU or cmp
// instruction's last operand, or a call argument, becomes that instruction's
// memory operand. Division checks its divisor (docs/abi.md §8); the trap stubs
// and slow paths go to `cold`, emitted after the function.

import { Emitter, Val, type Addr, type Size, type Slot } from './emitter.ts';
import { CheckedAddresses, type MemoryBounds } from './bounds.ts';
import { readsLocal, type BinaryOp, type Expr } from './ir.ts';
import { COMPARISON, imm, low16, low8, mirror, negate, type Cond, type Reg } from './x86.ts';

export type TrapName = 'div0' | 'overflow' | 'unreachable' | 'table' | 'signature' | 'stack' | 'bounds';

/** Runtime entry points of the trap kinds (tools/cc/runtime/common.s). */
export const TRAP_ENTRY: Record<TrapName, string> = {
  div0: '__wasm_trap_divide_by_zero',
  overflow: '__wasm_trap_overflow',
  unreachable: '__wasm_trap_unreachable',
  table: '__wasm_trap_table',
  signature: '__wasm_trap_signature',
  stack: '__wasm_trap_stack',
  bounds: '__wasm_trap_bounds',
};

/** An import or helper compiled inline: gets its evaluated arguments, returns the result. */
export type InlineCall = (c: ExpressionCompiler, args: Val[]) => Val | null;

export type CallLowering =
  | { kind: 'call'; label: string; prefix?: number[] }  // prefix: constant first arguments
  | { kind: 'inline'; emit: InlineCall };

/** What a function's code needs from the module around it. */
export interface ModuleContext {
  memBase: string;
  lowerCall(target: string): CallLowering;
  globalLabel(name: string): string;
  tableSize: number;
  signatureId(signature: string): number;
  newLabel(): string;
  /** Loads and stores are bounds-checked (docs/abi.md §8.2), or not (null). */
  bounds: MemoryBounds | null;
}

export type Home = { kind: 'reg'; reg: Reg } | { kind: 'slot'; slot: Slot };

/**
 * Where the caller wants a result: the home register of the local being
 * assigned (`local` >= 0), or a register for the top operation only (-1).
 */
export type Hint = { reg: Reg; local: number } | null;

/** The hint, passed to an operand evaluated before `later`, if none of those reads the local. */
function down(hint: Hint, ...later: Expr[]): Hint {
  return hint && hint.local >= 0 && !later.some((e) => readsLocal(e, hint.local)) ? hint : null;
}

const ALU: Record<string, string> = { add: 'add', sub: 'sub', and: 'and', or: 'or', xor: 'xor' };
const SHIFT: Record<string, string> = { shl: 'shl', shr_u: 'shr', shr_s: 'sar', rotl: 'rol', rotr: 'ror' };
const COMMUTATIVE = new Set<BinaryOp>(['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne']);

export class ExpressionCompiler extends Emitter {
  /** Cold code (trap stubs, slow paths), emitted after the function body. */
  readonly cold: string[] = [];
  /** Registers whose accesses a bounds check on this path covers already (bounds-checked targets). */
  private readonly checked = new CheckedAddresses();
  private readonly trapLabels = new Map<TrapName, string>();

  constructor(readonly ctx: ModuleContext, protected readonly homes: Home[], homeRegs: Reg[]) {
    super(ctx.memBase, homeRegs);
  }

  /** The label of this function's stub that raises `trap` (one per kind). */
  trapLabel(trap: TrapName): string {
    let label = this.trapLabels.get(trap);
    if (!label) {
      label = this.ctx.newLabel();
      this.trapLabels.set(trap, label);
      this.cold.push(`${label}:`, `    call ${TRAP_ENTRY[trap]}`);
    }
    return label;
  }

  localVal(local: number): Val {
    const home = this.homes[local];
    return home.kind === 'reg' ? new Val('reg', 0, home.reg, null, false) : new Val('slot', 0, 'eax', home.slot, false);
  }

  /**
   * A register for a result: the hint if no operand still to be read is in
   * it, else a fresh scratch register.
   */
  dst(hint: Hint, conflicts: Val[] = []): Val {
    if (hint && !conflicts.some((c) => c.isReg(hint.reg))) return new Val('reg', 0, hint.reg, null, false);
    return this.newReg();
  }

  /** A writable register holding `a`'s value (the hint if allowed). */
  into(a: Val, hint: Hint, conflicts: Val[] = []): Val {
    if (hint && !conflicts.some((c) => c.isReg(hint.reg))) {
      this.load(hint.reg, a);
      this.release(a);
      return new Val('reg', 0, hint.reg, null, false);
    }
    if (a.owned && a.kind === 'reg') return a;
    const avoid = conflicts.filter((c) => c.kind === 'reg').map((c) => c.reg);
    return this.own(a, avoid);
  }

  gen(e: Expr, hint: Hint = null): Val {
    switch (e.k) {
      case 'const': return Val.imm(e.value);
      case 'local.get': return this.localVal(e.local);
      case 'global.get': {
        const d = this.dst(hint);
        this.emit(`mov ${d.reg}, [${this.ctx.globalLabel(e.global)}]`);
        return d;
      }
      case 'memory.size': {
        const d = this.dst(hint);
        this.emit(`mov ${d.reg}, [__wasm_memory_pages]`);
        return d;
      }
      case 'load': return this.genLoad(e, hint);
      case 'unary': return this.genUnary(e, hint);
      case 'binary': return this.genBinary(e, hint);
      case 'select': return this.genSelect(e, hint);
      case 'call': return this.genCall(e.target, e.args, e.hasResult) ?? Val.imm(0);
      case 'call_indirect': return this.genCallIndirect(e) ?? Val.imm(0);
      case 'memory.grow': return this.callLabel('__wasm_memory_grow', [e.delta], true)!;
      case 'unreachable':
        this.emit(`call ${TRAP_ENTRY.unreachable}`);
        return Val.imm(0);
    }
  }

  override emit(line: string): void {
    super.emit(line);
    this.checked.instruction(line);
  }

  /** A label that jumps may reach from anywhere (a loop head, a br_table target, a slow path's way back). */
  override label(name: string): void {
    super.label(name);
    this.checked.clear();
  }

  /** A label every jump to which is emitted before it (a block's or an if's end). */
  joinLabel(name: string): void {
    super.label(name);
    this.checked.join(name);
  }

  // ---- memory ----

  genAddr(ptr: Expr, offset: number): Addr {
    let disp = offset | 0;
    let p = ptr;
    for (;;) {
      if (p.k === 'binary' && p.op === 'add' && p.right.k === 'const') { disp = (disp + p.right.value) | 0; p = p.left; continue; }
      if (p.k === 'binary' && p.op === 'add' && p.left.k === 'const') { disp = (disp + p.left.value) | 0; p = p.right; continue; }
      break;
    }
    if (p.k === 'const') return { base: null, index: null, scale: 1, disp: (disp + p.value) | 0 };
    const scaled = (e: Expr): number => (e.k === 'binary' && e.op === 'shl' && e.right.k === 'const' && e.right.value >= 1 && e.right.value <= 3 ? e.right.value : 0);
    if (scaled(p) && p.k === 'binary') {
      const index = this.inReg(this.gen(p.left));
      return { base: null, index, scale: (1 << scaled(p)) as 2 | 4 | 8, disp };
    }
    if (p.k === 'binary' && p.op === 'add') {
      const base = this.inReg(this.gen(p.left));
      const k = scaled(p.right);
      const a: Addr = k && p.right.k === 'binary'
        ? { base, index: this.inReg(this.gen(p.right.left)), scale: (1 << k) as 2 | 4 | 8, disp }
        : { base, index: this.inReg(this.gen(p.right)), scale: 1, disp };
      this.fixAddr(a);
      return a;
    }
    return { base: this.inReg(this.gen(p)), index: null, scale: 1, disp };
  }

  /**
   * The address of a load or store: its parts, and on a bounds-checked target
   * without the static offset, which checkAccess adds once the access is due.
   */
  accessAddr(ptr: Expr, offset: number): Addr {
    return this.genAddr(ptr, this.ctx.bounds ? 0 : offset);
  }

  /**
   * On a bounds-checked target, traps unless the wasm address `a` (parts that
   * wrap as i32 arithmetic does) + offset + bytes is within memory.size, and
   * gives the parts of the access; elsewhere gives `a` as it is. Releases `a`.
   */
  checkAccess(a: Addr, offset: number, bytes: number): Addr {
    const bounds = this.ctx.bounds;
    if (!bounds) return a;
    const end = offset + bytes; // beyond 2^32 when the offset is: always out of bounds
    let address: Val;
    if (!a.base && !a.index) {
      if (bounds.inInitialMemory((a.disp >>> 0) + end)) return { base: null, index: null, scale: 1, disp: (a.disp + offset) | 0 };
      address = this.newReg();
      this.emit(`mov ${address.reg}, ${imm(a.disp)}`);
    } else if (a.base && !a.index && a.disp === 0) {
      this.fixAddr(a);
      address = a.base!;
      if (this.checked.covers(address.reg, end)) return { base: address, index: null, scale: 1, disp: offset | 0 };
    } else {
      this.fixAddr(a);
      // into a part the address owns when it can (no register to spare), else a new one
      const reused = [a.base, a.index].find((p): p is Val => p !== null && p.owned);
      const parts = [a.base, a.index].filter((p): p is Val => p !== null);
      parts.forEach((p) => this.pin(p));
      address = reused ?? this.newReg();
      parts.forEach((p) => this.unpin(p));
      this.emit(`lea ${address.reg}, ${this.addressText(a, false)}`);
      for (const p of parts) if (p !== reused) this.release(p);
    }
    const pages = bounds.needsPages(end);
    if (pages > 0) {
      this.emit(`cmp dword [__wasm_memory_pages], ${pages}`);
      this.emit(`jb ${this.trapLabel('bounds')}`);
    }
    this.emit(`cmp ${address.reg}, [${bounds.word(end)}]`);
    this.emit(`ja ${this.trapLabel('bounds')}`);
    this.checked.record(address.reg, end);
    return { base: address, index: null, scale: 1, disp: offset | 0 };
  }

  /** Puts an address's parts back in registers if evaluating something else spilled them. */
  fixAddr(a: Addr): void {
    for (const part of [a.base, a.index]) if (part) this.pin(part);
    if (a.base && a.base.kind !== 'reg') a.base = this.own(a.base);
    if (a.index && a.index.kind !== 'reg') a.index = this.own(a.index);
    for (const part of [a.base, a.index]) if (part) this.unpin(part);
  }

  releaseAddr(a: Addr): void {
    this.release(a.base);
    this.release(a.index);
  }

  private genLoad(e: Extract<Expr, { k: 'load' }>, hint: Hint): Val {
    const a = this.checkAccess(this.accessAddr(e.ptr, e.offset), e.offset, e.bytes);
    this.fixAddr(a);
    const operand = this.mem(a, e.bytes);
    this.releaseAddr(a); // the load reads its address before writing the result
    const d = this.dst(hint);
    if (e.bytes === 4) this.emit(`mov ${d.reg}, ${operand}`);
    else this.emit(`${e.signed ? 'movsx' : 'movzx'} ${d.reg}, ${operand}`);
    return d;
  }

  // ---- conditions ----

  genCond(e: Expr): Cond {
    if (e.k === 'binary' && COMPARISON[e.op]) {
      let a = this.gen(e.left);
      if (e.right.k === 'load' && e.right.bytes === 4) {
        // cmp a, [p]: the load is the instruction's operand
        this.withMemoryOperand(e.right, () => { if (a.kind !== 'reg') a = this.own(a); },
          (operand) => this.emit(`cmp ${a.reg}, ${operand}`));
        this.release(a);
        return COMPARISON[e.op];
      }
      const b = this.gen(e.right);
      return this.compare(a, b, COMPARISON[e.op]);
    }
    if (e.k === 'unary' && e.op === 'eqz') return negate(this.genCond(e.value));
    if (e.k === 'binary' && e.op === 'and' && e.right.k === 'const') {
      const a = this.notImm(this.gen(e.left));
      this.emit(`test ${this.op(a)}, ${imm(e.right.value)}`);
      this.release(a);
      return 'ne';
    }
    return this.testZero(this.gen(e));
  }

  /** cmp a, b; the condition `cc` of (a, b). Releases both. */
  compare(a: Val, b: Val, cc: Cond): Cond {
    if (a.kind === 'imm' && b.kind !== 'imm') {
      [a, b] = [b, a];
      cc = mirror(cc);
    }
    if (a.kind === 'imm' || (a.kind === 'slot' && b.kind === 'slot')) a = this.own(a, b.kind === 'reg' ? [b.reg] : []);
    if (b.kind === 'imm' && b.value === 0 && a.kind === 'reg') this.emit(`test ${a.reg}, ${a.reg}`);
    else this.emit(`cmp ${this.op(a)}, ${this.op(b)}`);
    this.release(a);
    this.release(b);
    return cc;
  }

  testZero(v: Val): Cond {
    if (v.kind === 'imm') v = this.own(v);
    if (v.kind === 'reg') this.emit(`test ${v.reg}, ${v.reg}`);
    else this.emit(`cmp ${this.op(v)}, 0`);
    this.release(v);
    return 'ne';
  }

  /** The flags' condition as a 0/1 value. */
  bool(cc: Cond, hint: Hint): Val {
    const d = this.dst(hint);
    this.emit(`set${cc} ${low8(d.reg)}`);
    this.emit(`movzx ${d.reg}, ${low8(d.reg)}`);
    return d;
  }

  // ---- arithmetic ----

  private genUnary(e: Extract<Expr, { k: 'unary' }>, hint: Hint): Val {
    if (e.op === 'eqz') return this.bool(this.genCond(e), hint);
    const a = this.gen(e.value);
    if (a.kind === 'imm') return Val.imm(foldUnary(e.op, a.value));
    switch (e.op) {
      case 'clz': case 'ctz': {
        const d = this.dst(hint, [a]);
        if (e.op === 'clz') {
          this.emit(`mov ${d.reg}, 63`);
          this.emit(`bsr ${d.reg}, ${this.op(a)}`);
          this.emit(`xor ${d.reg}, 31`);
        } else {
          this.emit(`mov ${d.reg}, 32`);
          this.emit(`bsf ${d.reg}, ${this.op(a)}`);
        }
        this.release(a);
        return d;
      }
      case 'popcnt': {
        const operand = this.op(a);
        this.release(a);
        const d = this.dst(hint);
        this.emit(`popcnt ${d.reg}, ${operand}`);
        return d;
      }
      case 'extend8_s': case 'extend16_s': {
        const size: Size = e.op === 'extend8_s' ? 1 : 2;
        const operand = a.kind === 'reg' ? (size === 1 ? low8(a.reg) : low16(a.reg)) : this.op(a, size);
        this.release(a);
        const d = this.dst(hint);
        this.emit(`movsx ${d.reg}, ${operand}`);
        return d;
      }
    }
  }

  private genBinary(e: Extract<Expr, { k: 'binary' }>, hint: Hint): Val {
    if (COMPARISON[e.op]) return this.bool(this.genCond(e), hint);
    if (SHIFT[e.op]) return this.genShift(e.op, e.left, e.right, hint);
    if (e.op === 'div_s' || e.op === 'div_u' || e.op === 'rem_s' || e.op === 'rem_u') return this.genDivide(e.op, e.left, e.right, hint);
    if (e.op === 'add') {
      const scaled = this.genScaledAdd(e.left, e.right, hint);
      if (scaled) return scaled;
    }
    if (ALU[e.op] || e.op === 'mul') {
      const folded = this.genWithMemoryOperand(e.op, e.left, e.right, hint);
      if (folded) return folded;
    }
    let a = this.gen(e.left, down(hint, e.right));
    let b = this.gen(e.right);
    if (a.kind === 'imm' && b.kind === 'imm') return Val.imm(foldBinary(e.op, a.value, b.value));
    // The operand to modify in place goes first: one already in the hint register, else an owned one.
    const writable = (v: Val) => (hint !== null && v.isReg(hint.reg)) || (v.owned && v.kind === 'reg');
    if (COMMUTATIVE.has(e.op) && (a.kind === 'imm' || (!writable(a) && writable(b)))) [a, b] = [b, a];
    if (e.op === 'sub' && b.kind === 'imm') return this.genAdd(a, Val.imm(-b.value), hint);
    if (e.op === 'add') return this.genAdd(a, b, hint);
    if (e.op === 'mul') {
      if (b.kind === 'imm') {
        const src = a.kind === 'imm' ? this.own(a) : a;
        const operand = this.op(src);
        this.release(src);
        const d = this.dst(hint);
        this.emit(`imul ${d.reg}, ${operand}, ${imm(b.value)}`);
        return d;
      }
      const d = this.into(a, hint, [b]);
      this.emit(`imul ${d.reg}, ${this.op(b)}`);
      this.release(b);
      return d;
    }
    const d = this.into(a, hint, [b]);
    this.emit(`${ALU[e.op]} ${d.reg}, ${this.op(b)}`);
    this.release(b);
    return d;
  }

  /**
   * `a op load(p)`: the load becomes the instruction's memory operand. The
   * load still happens after `a` and p are evaluated, as in wasm.
   */
  private genWithMemoryOperand(op: BinaryOp, left: Expr, right: Expr, hint: Hint): Val | null {
    if (right.k !== 'load' || right.bytes !== 4 || left.k === 'const') return null;
    const a = this.gen(left, down(hint, right));
    let d = a;
    this.withMemoryOperand(right, (parts) => { d = this.into(a, hint, parts); },
      (operand) => this.emit(`${op === 'mul' ? 'imul' : ALU[op]} ${d.reg}, ${operand}`));
    return d;
  }

  /**
   * Evaluates a 32-bit load's address, lets `prepare` get registers ready (the
   * address's registers, which it must not write, are passed to it and kept
   * where they are), then calls `use` with the memory operand.
   */
  withMemoryOperand(load: Extract<Expr, { k: 'load' }>, prepare: (parts: Val[]) => void, use: (operand: string) => void): void {
    const addr = this.checkAccess(this.accessAddr(load.ptr, load.offset), load.offset, 4);
    this.fixAddr(addr);
    const parts = [addr.base, addr.index].filter((p): p is Val => p !== null);
    parts.forEach((p) => this.pin(p));
    prepare(parts);
    parts.forEach((p) => this.unpin(p));
    use(this.mem(addr, 4));
    this.releaseAddr(addr);
  }

  /** a + (b << k), k = 1..3, in one lea (either operand may be the shift). */
  private genScaledAdd(left: Expr, right: Expr, hint: Hint): Val | null {
    const shift = (e: Expr) => (e.k === 'binary' && e.op === 'shl' && e.right.k === 'const' && e.right.value >= 1 && e.right.value <= 3 ? e.right.value : 0);
    const k = shift(right) || shift(left);
    if (!k) return null;
    let base: Val, index: Val;
    if (shift(right) && right.k === 'binary') {
      base = this.inReg(this.gen(left));
      index = this.inReg(this.gen(right.left));
    } else if (left.k === 'binary') {
      index = this.inReg(this.gen(left.left));
      base = this.inReg(this.gen(right));
    } else return null;
    const a: Addr = { base, index, scale: (1 << k) as 2 | 4 | 8, disp: 0 };
    this.fixAddr(a);
    const sum = `${a.base!.reg}+${a.index!.reg}*${1 << k}`;
    this.releaseAddr(a);
    const d = this.dst(hint);
    this.emit(`lea ${d.reg}, [${sum}]`);
    return d;
  }

  private genAdd(a: Val, b: Val, hint: Hint): Val {
    if (b.kind === 'imm' && b.value === 0) return hint ? this.into(a, hint) : a;
    const fresh = !(a.owned && a.kind === 'reg') || (hint !== null && !a.isReg(hint.reg));
    if (fresh && a.kind === 'reg' && (b.kind === 'imm' || b.kind === 'reg')) {
      // lea computes the sum into a third register in one instruction.
      const sum = b.kind === 'imm' ? `${a.reg}${b.value < 0 ? '' : '+'}${imm(b.value)}` : `${a.reg}+${b.reg}`;
      this.release(a);
      this.release(b);
      const d = this.dst(hint);
      this.emit(`lea ${d.reg}, [${sum}]`);
      return d;
    }
    const d = this.into(a, hint, [b]);
    if (b.kind === 'imm' && b.value === 1) this.emit(`inc ${d.reg}`);
    else if (b.kind === 'imm' && b.value === -1) this.emit(`dec ${d.reg}`);
    else this.emit(`add ${d.reg}, ${this.op(b)}`);
    this.release(b);
    return d;
  }

  private genShift(op: BinaryOp, left: Expr, right: Expr, hint: Hint): Val {
    const a = this.gen(left, down(hint, right));
    const c = this.gen(right);
    if (c.kind === 'imm') {
      const n = c.value & 31;
      if (a.kind === 'imm') return Val.imm(foldBinary(op, a.value, n));
      if (n === 0) return a;
      if (op === 'shl' && n <= 3 && hint && a.kind === 'reg' && !a.isReg(hint.reg)) {
        this.release(a);
        this.emit(`lea ${hint.reg}, [${a.reg}*${1 << n}]`);
        return new Val('reg', 0, hint.reg, null, false);
      }
      const d = this.into(a, hint);
      this.emit(`${SHIFT[op]} ${d.reg}, ${n}`);
      return d;
    }
    if (c.owned && c.isReg('ecx')) this.claim('ecx', c);
    else {
      this.claim('ecx');
      this.load('ecx', c);
      this.release(c);
    }
    const d = this.into(a, hint);
    this.emit(`${SHIFT[op]} ${d.reg}, cl`);
    this.unclaim('ecx');
    return d;
  }

  private genDivide(op: BinaryOp, left: Expr, right: Expr, hint: Hint): Val {
    const signed = op === 'div_s' || op === 'rem_s';
    const remainder = op === 'rem_s' || op === 'rem_u';
    const a = this.gen(left);
    let b = this.gen(right);
    const constant = b.kind === 'imm';
    if (b.kind === 'imm') {
      const divisor = b.value;
      if (divisor === 0) {
        this.release(a);
        this.emit(`call ${TRAP_ENTRY.div0}`);
        return Val.imm(0);
      }
      if (a.kind === 'imm' && !(signed && a.value === -0x80000000 && divisor === -1)) return Val.imm(foldBinary(op, a.value, divisor));
      const u = divisor >>> 0;
      if (!signed && (u & (u - 1)) === 0) {
        const d = this.into(a, hint);
        if (remainder) this.emit(`and ${d.reg}, ${imm(u - 1)}`);
        else this.emit(`shr ${d.reg}, ${31 - Math.clz32(u)}`);
        return d;
      }
      if (signed && divisor === -1) {
        if (remainder) {
          this.release(a);
          return Val.imm(0);
        }
        const d = this.into(a, hint);
        this.emit(`cmp ${d.reg}, -0x80000000`);
        this.emit(`je ${this.trapLabel('overflow')}`);
        this.emit(`neg ${d.reg}`);
        return d;
      }
      b = this.own(b, ['eax', 'edx']);
    }
    if (a.owned && a.isReg('eax')) this.claim('eax', a);
    else {
      this.pin(a);
      this.claim('eax');
      this.unpin(a);
      this.load('eax', a);
      this.release(a);
    }
    this.claim('edx');
    if (b.kind === 'reg' && (b.reg === 'eax' || b.reg === 'edx')) throw new Error('cc: divisor in eax/edx');
    const divisor = this.op(b);
    let resume: string | null = null;
    if (!constant) {
      if (b.kind === 'reg') this.emit(`test ${b.reg}, ${b.reg}`);
      else this.emit(`cmp ${divisor}, 0`);
      this.emit(`je ${this.trapLabel('div0')}`);
      if (signed) {
        // x / -1 is the only quotient idiv cannot represent (INT_MIN / -1): take it aside.
        const slow = this.ctx.newLabel();
        const overflow = remainder ? '' : this.trapLabel('overflow'); // (adds its stub to `cold` first)
        resume = this.ctx.newLabel();
        this.emit(`cmp ${divisor}, -1`);
        this.emit(`je ${slow}`);
        this.cold.push(`${slow}:`);
        if (remainder) this.cold.push('    xor edx, edx');
        else this.cold.push('    cmp eax, -0x80000000', `    je ${overflow}`, '    neg eax');
        this.cold.push(`    jmp ${resume}`);
      }
    }
    this.emit(signed ? 'cdq' : 'xor edx, edx');
    this.emit(`${signed ? 'idiv' : 'div'} ${divisor}`);
    if (resume) this.label(resume);
    this.release(b);
    if (remainder) {
      this.unclaim('eax');
      return this.adopt('edx');
    }
    this.unclaim('edx');
    return this.adopt('eax');
  }

  private genSelect(e: Extract<Expr, { k: 'select' }>, hint: Hint): Val {
    const t = this.gen(e.ifTrue, down(hint, e.ifFalse, e.condition));
    const f = this.notImm(this.gen(e.ifFalse), t.kind === 'reg' ? [t.reg] : []);
    const cc = this.genCond(e.condition);
    const d = this.into(t, hint, [f]);
    this.emit(`cmov${negate(cc)} ${d.reg}, ${this.op(f)}`);
    this.release(f);
    return d;
  }

  // ---- calls ----

  /** Evaluates arguments in order and pushes them (first argument first: docs/abi.md §4). */
  pushArgs(args: Expr[]): void {
    for (const arg of args) {
      if (arg.k === 'load' && arg.bytes === 4) {
        this.withMemoryOperand(arg, () => {}, (operand) => this.emit(`push ${operand}`));
        this.depth += 4;
        continue;
      }
      const v = this.gen(arg);
      this.emit(`push ${v.kind === 'imm' ? imm(v.value) : this.op(v)}`);
      this.release(v);
      this.depth += 4;
    }
  }

  callLabel(label: string, args: Expr[], hasResult: boolean): Val | null {
    this.pushArgs(args);
    this.saveCallerSaved();
    this.emit(`call ${label}`);
    this.depth -= 4 * args.length;
    return this.result(hasResult);
  }

  /** A call with arguments already evaluated (an inline lowering's fallback). */
  callValues(label: string, values: Val[], hasResult: boolean): Val | null {
    for (const v of values) {
      this.emit(`push ${v.kind === 'imm' ? imm(v.value) : this.op(v)}`);
      this.release(v);
      this.depth += 4;
    }
    this.saveCallerSaved();
    this.emit(`call ${label}`);
    this.depth -= 4 * values.length;
    return this.result(hasResult);
  }

  /** The result of a call, in eax (free after saveCallerSaved). */
  result(hasResult: boolean): Val | null {
    if (!hasResult) return null;
    this.claim('eax');
    return this.adopt('eax');
  }

  genCall(target: string, args: Expr[], hasResult: boolean): Val | null {
    const lowering = this.ctx.lowerCall(target);
    if (lowering.kind === 'call') {
      const prefix: Expr[] = (lowering.prefix ?? []).map((value) => ({ k: 'const', value, fx: 0 }));
      return this.callLabel(lowering.label, [...prefix, ...args], hasResult);
    }
    return lowering.emit(this, args.map((arg) => this.gen(arg)));
  }

  /** The planted check of an indirect call's table index (tools/cc/lower.ts): traps, or gives the index. */
  genIndirectCheck(signature: string, index: Val): Val {
    const checked = this.inReg(index);
    this.emit(`cmp ${checked.reg}, ${this.ctx.tableSize}`);
    this.emit(`jae ${this.trapLabel('table')}`);
    this.emit(`cmp dword [__wasm_table+${checked.reg}*8+4], ${this.ctx.signatureId(signature)}`);
    this.emit(`jne ${this.trapLabel('signature')}`);
    return checked;
  }

  /** The index was checked by its genIndirectCheck (every call_indirect has one). */
  private genCallIndirect(e: Extract<Expr, { k: 'call_indirect' }>): Val | null {
    this.pushArgs(e.args);
    const index = this.inReg(this.gen(e.index));
    this.pin(index);
    this.saveCallerSaved();
    this.unpin(index);
    this.emit(`call dword [__wasm_table+${index.reg}*8]`);
    this.release(index);
    this.depth -= 4 * e.args.length;
    return this.result(e.hasResult);
  }

}

export function foldUnary(op: string, x: number): number {
  switch (op) {
    case 'eqz': return x === 0 ? 1 : 0;
    case 'clz': return Math.clz32(x);
    case 'ctz': return x === 0 ? 32 : 31 - Math.clz32(x & -x);
    case 'popcnt': { let n = 0; for (let v = x >>> 0; v; v &= v - 1) n++; return n; }
    case 'extend8_s': return (x << 24) >> 24;
    case 'extend16_s': return (x << 16) >> 16;
    default: throw new Error(`cc: fold ${op}`);
  }
}

/** Constant folding with wasm semantics (callers exclude traps: zero divisors, INT_MIN / -1). */
export function foldBinary(op: BinaryOp, a: number, b: number): number {
  const ua = a >>> 0, ub = b >>> 0;
  switch (op) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'mul': return Math.imul(a, b);
    case 'div_s': return (a / b) | 0;
    case 'div_u': return Math.floor(ua / ub) | 0;
    case 'rem_s': return (a % b) | 0;
    case 'rem_u': return (ua % ub) | 0;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return a << (b & 31);
    case 'shr_u': return (ua >>> (b & 31)) | 0;
    case 'shr_s': return a >> (b & 31);
    case 'rotl': { const n = b & 31; return ((ua << n) | (ua >>> ((32 - n) & 31))) | 0; }
    case 'rotr': { const n = b & 31; return ((ua >>> n) | (ua << ((32 - n) & 31))) | 0; }
    case 'eq': return a === b ? 1 : 0;
    case 'ne': return a !== b ? 1 : 0;
    case 'lt_s': return a < b ? 1 : 0;
    case 'lt_u': return ua < ub ? 1 : 0;
    case 'gt_s': return a > b ? 1 : 0;
    case 'gt_u': return ua > ub ? 1 : 0;
    case 'le_s': return a <= b ? 1 : 0;
    case 'le_u': return ua <= ub ? 1 : 0;
    case 'ge_s': return a >= b ? 1 : 0;
    case 'ge_u': return ua >= ub ? 1 : 0;
  }
}
