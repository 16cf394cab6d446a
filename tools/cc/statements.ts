// One wasm function -> tx86 assembly lines: statements, structured control
// flow, prologue and epilogue (the top layer of the code generator; see
// emitter.ts).
//
//   const lines = new FunctionCompiler(ctx, fn, plan, options).compile();
//
// Control flow maps one to one: a block's label is at its end, a loop's at its
// start, `if` branches on the negated condition, br_table jumps through a
// table in .rodata. Two shapes get better code: `loop { if (c) { ...; br loop } }`
// is rotated to test at the bottom, and && / || of conditions become jumping
// code. Statements after an unconditional branch are dead (no label can reach
// them) and are not compiled. The prologue and epilogue are
// written last, when the registers used and the frame size are known
// (docs/abi.md §5); each `return` gets its own copy of the epilogue.

import { Val } from './emitter.ts';
import { ExpressionCompiler, type ModuleContext } from './expressions.ts';
import { FX_CALL, FX_TRAP, type Expr, type IrFunction, type Stmt } from './ir.ts';
import type { LocalPlan } from './regalloc.ts';
import { CALLEE_SAVED, COMPARISON, imm, negate } from './x86.ts';

export interface FunctionOptions {
  /** The function's label and any export names (more labels at the same address). */
  labels: string[];
  /** Starts with a stack check (the function can recurse: docs/abi.md §5). */
  recursive: boolean;
  /** A one-line comment for a statement of the listing, or null for none. */
  describe: ((s: Stmt) => string) | null;
  /** A banner comment before the function. */
  banner: string;
}

const PROLOGUE = '\u00abPROLOGUE\u00bb';
const EPILOGUE = '\u00abEPILOGUE\u00bb';

/** A wasm label: `inTable` when a br_table can jump to it (then no emitted jump shows that way in). */
interface LabelScope { name: string | null; asm: string; used: boolean; inTable: boolean }

export class FunctionCompiler extends ExpressionCompiler {
  private readonly scopes: LabelScope[] = [];
  private live = true;
  private readonly tables: string[] = [];

  constructor(ctx: ModuleContext, private readonly fn: IrFunction, private readonly plan: LocalPlan,
    private readonly options: FunctionOptions) {
    super(ctx, plan.homes, plan.homeRegs);
    this.frameSlots = plan.frameSlots;
  }

  compile(): string[] {
    if (this.options.recursive) this.trapLabel('stack');
    this.lines.push(PROLOGUE);
    this.stmts(this.fn.body);
    if (this.live) {
      if (this.fn.hasResult) this.emit('call __wasm_trap_unreachable'); // lowering makes returns explicit
      else this.lines.push(EPILOGUE);
    }
    return this.finish();
  }

  private stmts(list: Stmt[]): void {
    for (const s of list) {
      if (!this.live) return;
      const note = this.options.describe?.(s);
      if (note) this.comment(note);
      this.stmt(s);
      this.checkBalanced(this.fn.name);
    }
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'local.set': return this.setLocal(s.local, s.value);
      case 'global.set': return this.storeTo(`[${this.ctx.globalLabel(s.global)}]`, this.gen(s.value));
      case 'store': {
        let a = this.accessAddr(s.ptr, s.offset);
        let v = this.gen(s.value);
        if (this.ctx.bounds) {
          this.pin(v);
          a = this.checkAccess(a, s.offset, s.bytes);
          this.unpin(v);
        }
        this.fixAddr(a);
        if (v.kind === 'slot') v = this.own(v, [a.base, a.index].flatMap((p) => (p?.kind === 'reg' ? [p.reg] : [])));
        const value = v.kind === 'imm' ? imm(s.bytes === 4 ? v.value : v.value & (s.bytes === 1 ? 0xff : 0xffff)) : this.op(v, s.bytes);
        this.emit(`mov ${this.mem(a, s.bytes)}, ${value}`);
        this.release(v);
        this.releaseAddr(a);
        return;
      }
      case 'block': {
        const scope = this.open(s.label);
        this.stmts(s.body);
        this.close(scope);
        if (scope.used) {
          if (scope.inTable) this.label(scope.asm);
          else this.joinLabel(scope.asm);
          this.live = true;
        }
        return;
      }
      case 'loop': {
        const scope = this.open(s.label);
        const guarded = whileLoop(s);
        if (guarded) {
          // loop { if (c) { body; br loop } }  ->  jmp test; top: body; test: if (c) goto top
          const top = this.ctx.newLabel();
          this.emit(`jmp ${scope.asm}`);
          this.label(top);
          this.stmts(guarded.body);
          this.label(scope.asm);
          this.live = true;
          this.branch(guarded.condition, top, true);
        } else {
          this.label(scope.asm);
          this.stmts(s.body);
        }
        this.close(scope);
        return;
      }
      case 'if': {
        const otherwise = this.ctx.newLabel();
        this.branch(s.condition, otherwise, false);
        this.stmts(s.then);
        if (s.else.length === 0) {
          this.joinLabel(otherwise);
          this.live = true;
          return;
        }
        const thenLive = this.live;
        const end = this.ctx.newLabel();
        if (thenLive) this.emit(`jmp ${end}`);
        this.joinLabel(otherwise);
        this.live = true;
        this.stmts(s.else);
        if (thenLive) {
          this.joinLabel(end);
          this.live = true;
        }
        return;
      }
      case 'br': {
        const target = this.target(s.label);
        if (s.condition) this.branch(s.condition, target, true);
        else {
          this.emit(`jmp ${target}`);
          this.live = false;
        }
        return;
      }
      case 'br_table': {
        const index = this.inReg(this.gen(s.index));
        const fallback = this.target(s.defaultLabel);
        if (s.labels.length > 0) {
          const table = this.ctx.newLabel();
          this.emit(`cmp ${index.reg}, ${s.labels.length}`);
          this.emit(`jae ${fallback}`);
          this.emit(`jmp dword [${table}+${index.reg}*4]`);
          this.tables.push(`${table}:`, ...s.labels.map((l) => `    .long ${this.target(l, true)}`));
        } else {
          this.emit(`jmp ${fallback}`);
        }
        this.release(index);
        this.live = false;
        return;
      }
      case 'return': {
        if (s.value) {
          const v = this.gen(s.value, { reg: 'eax', local: -1 });
          this.load('eax', v);
          this.release(v);
        }
        this.lines.push(EPILOGUE);
        this.live = false;
        return;
      }
      case 'expr': {
        this.release(this.gen(s.value));
        if (s.value.k === 'unreachable') this.live = false;
        return;
      }
      case 'memory.copy': this.callLabel('__wasm_memory_copy', [s.dest, s.source, s.size], false); return;
      case 'memory.fill': this.callLabel('__wasm_memory_fill', [s.dest, s.value, s.size], false); return;
      case 'memory.init': this.callLabel('__wasm_memory_init', [constant(s.segment), s.dest, s.offset, s.size], false); return;
      case 'data.drop': this.callLabel('__wasm_data_drop', [constant(s.segment)], false); return;
    }
  }

  /**
   * Jumps to `label` when `e` is non-zero (whenTrue) or zero. && and || of
   * conditions become jumping code, skipping a right side without effects.
   */
  private branch(e: Expr, label: string, whenTrue: boolean): void {
    if (e.k === 'unary' && e.op === 'eqz') return this.branch(e.value, label, !whenTrue);
    if (e.k === 'binary' && (e.op === 'and' || e.op === 'or') && isBoolean(e.left) && isBoolean(e.right) &&
      (e.right.fx & (FX_CALL | FX_TRAP)) === 0) {
      // and: both true; or: either true. `early` is the result the left side alone can decide.
      const early = e.op === 'or';
      if (early === whenTrue) {
        this.branch(e.left, label, whenTrue);
        this.branch(e.right, label, whenTrue);
      } else {
        const skip = this.ctx.newLabel();
        this.branch(e.left, skip, early);
        this.branch(e.right, label, whenTrue);
        this.joinLabel(skip);
      }
      return;
    }
    const cc = this.genCond(e);
    this.emit(`j${whenTrue ? cc : negate(cc)} ${label}`);
  }

  private setLocal(local: number, value: Expr): void {
    const home = this.homes[local];
    if (home.kind === 'reg') {
      const v = this.gen(value, { reg: home.reg, local });
      this.load(home.reg, v);
      this.release(v);
      return;
    }
    const slot = this.slotRef(home.slot);
    // x = x + c on a local in memory: one read-modify-write instruction.
    if (value.k === 'binary' && (value.op === 'add' || value.op === 'sub') && value.left.k === 'local.get' &&
      value.left.local === local && value.right.k === 'const') {
      const c = value.op === 'add' ? value.right.value : -value.right.value | 0;
      if (c === 1) this.emit(`inc dword ${slot}`);
      else if (c === -1) this.emit(`dec dword ${slot}`);
      else if (c !== 0) this.emit(`add dword ${slot}, ${imm(c)}`);
      return;
    }
    this.storeTo(slot, this.gen(value));
  }

  /** mov [place], v for a 32-bit memory place (a slot or a global). */
  private storeTo(place: string, v: Val): void {
    if (v.kind === 'slot') v = this.own(v);
    this.emit(`mov dword ${place}, ${v.kind === 'imm' ? imm(v.value) : v.reg}`);
    this.release(v);
  }

  // ---- labels ----

  private open(name: string | null): LabelScope {
    const scope: LabelScope = { name, asm: this.ctx.newLabel(), used: false, inTable: false };
    this.scopes.push(scope);
    return scope;
  }

  private close(scope: LabelScope): void {
    if (this.scopes.pop() !== scope) throw new Error('cc: label scopes out of order');
  }

  /** The label of scope `name`; `inTable`: a jump table holds it (no emitted jump shows that way in). */
  private target(name: string, inTable = false): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      if (this.scopes[i].name === name) {
        this.scopes[i].used = true;
        if (inTable) this.scopes[i].inTable = true;
        return this.scopes[i].asm;
      }
    }
    throw new Error(`cc: branch to unknown label ${name} in ${this.fn.name}`);
  }

  // ---- prologue, epilogue ----

  private finish(): string[] {
    const saved = CALLEE_SAVED.filter((r) => this.usedSaved.has(r));
    const frameBytes = 4 * this.frameSlots;
    const prologue: string[] = [];
    const out = (line: string) => prologue.push('    ' + line);
    if (this.options.recursive) {
      out('cmp esp, [__wasm_stack_limit]');
      out(`jb ${this.trapLabel('stack')}`);
    }
    for (const r of saved) out(`push ${r}`);
    if (frameBytes > 0) out(`sub esp, ${frameBytes}`);
    this.depth = 0;
    this.plan.homes.forEach((home, i) => {
      if (home.kind === 'reg' && i < this.fn.params) out(`mov ${home.reg}, ${this.slotRef({ kind: 'arg', index: i })}`);
    });
    for (const i of this.plan.zeroInit) {
      const home = this.plan.homes[i];
      if (home.kind === 'reg') out(`xor ${home.reg}, ${home.reg}`);
      else out(`mov dword ${this.slotRef(home.slot)}, 0`);
    }
    const epilogue: string[] = [];
    if (frameBytes > 0) epilogue.push(`    add esp, ${frameBytes}`);
    for (const r of [...saved].reverse()) epilogue.push(`    pop ${r}`);
    epilogue.push(this.fn.params > 0 ? `    ret ${4 * this.fn.params}` : '    ret');

    const body = this.lines.flatMap((line) => (line === PROLOGUE ? prologue : line === EPILOGUE ? epilogue : [line]));
    const resolve = (line: string) => this.resolveFrame(line, frameBytes, 4 * saved.length, this.fn.params);
    const header = [this.options.banner, ...this.options.labels.flatMap((l) => [`.global ${l}`, `.type ${l}, @function`]),
      ...this.options.labels.map((l) => `${l}:`)];
    const tables = this.tables.length > 0 ? ['.rodata', '.align 4', ...this.tables, '.text'] : [];
    return [...header, ...peephole(body.map(resolve)), ...this.cold, ...tables];
  }
}

/** A value that is always 0 or 1. */
function isBoolean(e: Expr): boolean {
  if (e.k === 'const') return e.value === 0 || e.value === 1;
  if (e.k === 'unary') return e.op === 'eqz';
  if (e.k !== 'binary') return false;
  if (e.op === 'and' || e.op === 'or') return isBoolean(e.left) && isBoolean(e.right);
  return COMPARISON[e.op] !== undefined;
}

/** `loop $l { if (c) { ...; br $l } }`: the condition and the body without its closing branch. */
function whileLoop(s: Extract<Stmt, { k: 'loop' }>): { condition: Expr; body: Stmt[] } | null {
  if (!s.label || s.body.length !== 1) return null;
  const only = s.body[0];
  if (only.k !== 'if' || only.else.length > 0 || only.then.length === 0) return null;
  const last = only.then[only.then.length - 1];
  if (last.k !== 'br' || last.condition || last.label !== s.label) return null;
  return { condition: only.condition, body: only.then.slice(0, -1) };
}

function constant(value: number): Expr {
  return { k: 'const', value, fx: 0 };
}

/** Local clean-ups on finished lines: jumps to the next line, jumps over one jump. */
export function peephole(lines: string[]): string[] {
  const out = [...lines];
  const isLabel = (l: string | undefined) => l !== undefined && /^\S.*:$/.test(l);
  const labelsAfter = (i: number): Set<string> => {
    const names = new Set<string>();
    for (let k = i + 1; k < out.length && isLabel(out[k]); k++) names.add(out[k].slice(0, -1));
    return names;
  };
  for (let i = 0; i < out.length; i++) {
    const jump = /^ {4}jmp (\.L\d+)$/.exec(out[i]);
    if (jump && labelsAfter(i).has(jump[1])) {
      out.splice(i, 1);
      i = Math.max(-1, i - 2);
      continue;
    }
    // jcc A; jmp B; A:  ->  j!cc B; A:
    const cond = /^ {4}j([a-z]+) (\.L\d+)$/.exec(out[i]);
    const next = out[i + 1] !== undefined ? /^ {4}jmp (\.L\d+)$/.exec(out[i + 1]) : null;
    if (cond && cond[1] !== 'mp' && next && labelsAfter(i + 1).has(cond[2]) && NEGATABLE.has(cond[1])) {
      out.splice(i, 2, `    j${negate(cond[1] as never)} ${next[1]}`);
      i = Math.max(-1, i - 2);
      continue;
    }
    if (/^ {4}mov (e[a-z]{2}), \1$/.test(out[i])) {
      out.splice(i, 1);
      i--;
    }
  }
  return out;
}

const NEGATABLE = new Set(['e', 'ne', 'l', 'ge', 'le', 'g', 'b', 'ae', 'be', 'a', 's', 'ns']);
