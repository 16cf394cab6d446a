// Where each local of a function lives (docs/abi.md §5), and which locals
// need their implicit zero written at entry.
//
//   const plan = planLocals(fn);
//   plan.homes[i]    { kind: 'reg', reg: 'esi' } or a frame / argument slot
//   plan.zeroInit    locals that may be read before any write
//
// Ranking: every read or write counts 8^depth, depth being the number of
// enclosing loops (at most 3). The four best-ranked locals with a rank of at
// least 2 (4 for parameters) get ebx, esi, edi and ebp for the whole function (binaryen's
// coalesce-locals has already merged locals whose lifetimes do not overlap).
// The others live in memory: parameters in their argument slots, variables
// in frame slots 0, 1, ...
//
// Zero-init is a forward "definitely assigned" analysis over the structured
// control flow: a variable needs `xor reg, reg` / `mov [slot], 0` only if some
// read can be reached along a path without a write.

import type { Home } from './expressions.ts';
import type { Expr, IrFunction, Stmt } from './ir.ts';
import { CALLEE_SAVED, type Reg } from './x86.ts';

export interface LocalPlan {
  homes: Home[];
  homeRegs: Reg[];
  /** Frame slots taken by locals kept in memory (spill slots come after). */
  frameSlots: number;
  zeroInit: number[];
}

const MIN_RANK = 2;
/** A parameter in a register also costs the load from its argument slot. */
const MIN_PARAM_RANK = 4;

export function planLocals(fn: IrFunction): LocalPlan {
  const rank = new Array<number>(fn.locals).fill(0);
  const countExpr = (e: Expr, w: number): void => {
    switch (e.k) {
      case 'local.get': rank[e.local] += w; return;
      case 'load': countExpr(e.ptr, w); return;
      case 'unary': countExpr(e.value, w); return;
      case 'binary': countExpr(e.left, w); countExpr(e.right, w); return;
      case 'select': countExpr(e.ifTrue, w); countExpr(e.ifFalse, w); countExpr(e.condition, w); return;
      case 'call': e.args.forEach((a) => countExpr(a, w)); return;
      case 'call_indirect': e.args.forEach((a) => countExpr(a, w)); countExpr(e.index, w); return;
      case 'memory.grow': countExpr(e.delta, w); return;
      default: return;
    }
  };
  const countStmts = (list: Stmt[], w: number): void => {
    for (const s of list) {
      forEachExpr(s, (e) => countExpr(e, w));
      if (s.k === 'local.set') rank[s.local] += w;
      else if (s.k === 'block') countStmts(s.body, w);
      else if (s.k === 'loop') countStmts(s.body, Math.min(w * 8, 512));
      else if (s.k === 'if') { countStmts(s.then, w); countStmts(s.else, w); }
    }
  };
  countStmts(fn.body, 1);

  const order = [...rank.keys()].filter((i) => rank[i] >= (i < fn.params ? MIN_PARAM_RANK : MIN_RANK))
    .sort((a, b) => rank[b] - rank[a] || a - b);
  const homes: Home[] = [];
  const homeRegs: Reg[] = [];
  const regOf = new Map<number, Reg>();
  order.slice(0, CALLEE_SAVED.length).forEach((local, k) => {
    regOf.set(local, CALLEE_SAVED[k]);
    homeRegs.push(CALLEE_SAVED[k]);
  });
  let frameSlots = 0;
  for (let i = 0; i < fn.locals; i++) {
    const reg = regOf.get(i);
    if (reg) homes.push({ kind: 'reg', reg });
    else if (i < fn.params) homes.push({ kind: 'slot', slot: { kind: 'arg', index: i } });
    else homes.push({ kind: 'slot', slot: { kind: 'frame', index: frameSlots++ } });
  }
  return { homes, homeRegs, frameSlots, zeroInit: readBeforeWrite(fn) };
}

/** Calls `f` on each expression a statement evaluates directly (not those of nested statements). */
export function forEachExpr(s: Stmt, f: (e: Expr) => void): void {
  switch (s.k) {
    case 'local.set': case 'global.set': f(s.value); return;
    case 'store': f(s.ptr); f(s.value); return;
    case 'if': f(s.condition); return;
    case 'br': if (s.condition) f(s.condition); return;
    case 'br_table': f(s.index); return;
    case 'return': if (s.value) f(s.value); return;
    case 'expr': f(s.value); return;
    case 'memory.copy': f(s.dest); f(s.source); f(s.size); return;
    case 'memory.fill': f(s.dest); f(s.value); f(s.size); return;
    case 'memory.init': f(s.dest); f(s.offset); f(s.size); return;
    default: return;
  }
}

/** Variables (not parameters) some read of which may see the implicit zero. */
function readBeforeWrite(fn: IrFunction): number[] {
  // A set of definitely-assigned locals; null stands for "unreachable" (every local).
  type Assigned = Set<number> | null;
  const meet = (a: Assigned, b: Assigned): Assigned => (a === null ? b && new Set(b) : b === null ? new Set(a) : new Set([...a].filter((x) => b.has(x))));
  const needsZero = new Set<number>();
  const atLabel = new Map<string, Assigned>();

  const reads = (e: Expr, d: Assigned): void => {
    if (d === null) return;
    const visit = (x: Expr): void => {
      if (x.k === 'local.get') { if (x.local >= fn.params && !d.has(x.local)) needsZero.add(x.local); return; }
      if (x.k === 'load') visit(x.ptr);
      else if (x.k === 'unary') visit(x.value);
      else if (x.k === 'binary') { visit(x.left); visit(x.right); }
      else if (x.k === 'select') { visit(x.ifTrue); visit(x.ifFalse); visit(x.condition); }
      else if (x.k === 'call') x.args.forEach(visit);
      else if (x.k === 'call_indirect') { x.args.forEach(visit); visit(x.index); }
      else if (x.k === 'memory.grow') visit(x.delta);
    };
    visit(e);
  };
  const branch = (label: string, d: Assigned): void => {
    atLabel.set(label, atLabel.has(label) ? meet(atLabel.get(label)!, d) : d && new Set(d));
  };
  const walk = (list: Stmt[], d: Assigned): Assigned => {
    for (const s of list) {
      forEachExpr(s, (e) => reads(e, d));
      switch (s.k) {
        case 'local.set': if (d) d.add(s.local); break;
        case 'block': {
          // (an outer block of the same name, if any, gets its branches back afterwards)
          const outer = s.label !== null ? atLabel.get(s.label) : undefined;
          if (s.label) atLabel.delete(s.label);
          const after = walk(s.body, d && new Set(d));
          d = s.label && atLabel.has(s.label) ? meet(after, atLabel.get(s.label)!) : after;
          if (s.label) {
            atLabel.delete(s.label);
            if (outer !== undefined) atLabel.set(s.label, outer);
          }
          break;
        }
        case 'loop': d = walk(s.body, d && new Set(d)); break;
        case 'if': d = meet(walk(s.then, d && new Set(d)), walk(s.else, d && new Set(d))); break;
        case 'br': branch(s.label, d); if (!s.condition) d = null; break;
        case 'br_table': for (const l of [...s.labels, s.defaultLabel]) branch(l, d); d = null; break;
        case 'return': d = null; break;
        case 'expr': if (s.value.k === 'unreachable') d = null; break;
        default: break;
      }
    }
    return d;
  };
  walk(fn.body, new Set());
  return [...needsZero].sort((a, b) => a - b);
}
