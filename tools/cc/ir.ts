// The code generator's input: a lowered wasm module as plain data.
//
// tools/cc/read-module.ts builds it from binaryen after tools/cc/lower.ts, so
// every value is an i32, expressions are trees (no tees, no values out of
// blocks) and statements are the void-typed wasm instructions. Expression
// nodes carry `fx`, a summary of what evaluating them may do, which decides
// what the code generator may reorder or keep in registers across them.
//
//   (local.set $2 (i32.add (local.get $0) (i32.load offset=4 (local.get $1))))
//   = { k: 'local.set', local: 2, value: { k: 'binary', op: 'add',
//       left: { k: 'local.get', local: 0 },
//       right: { k: 'load', bytes: 4, signed: false, offset: 4, ptr: { k: 'local.get', local: 1 } } } }

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div_s' | 'div_u' | 'rem_s' | 'rem_u' | 'and' | 'or' | 'xor'
  | 'shl' | 'shr_u' | 'shr_s' | 'rotl' | 'rotr'
  | 'eq' | 'ne' | 'lt_s' | 'lt_u' | 'gt_s' | 'gt_u' | 'le_s' | 'le_u' | 'ge_s' | 'ge_u';

export type UnaryOp = 'eqz' | 'clz' | 'ctz' | 'popcnt' | 'extend8_s' | 'extend16_s';

/** Effect bits of an expression (`fx`). */
export const FX_CALL = 1;    // may call out: writes memory and globals, prints, grows memory
export const FX_TRAP = 2;    // may trap other than by a memory access
export const FX_LOAD = 4;    // reads linear memory
export const FX_GLOBAL = 8;  // reads a global

export type Expr = (
  | { k: 'const'; value: number }
  | { k: 'local.get'; local: number }
  | { k: 'global.get'; global: string }
  | { k: 'load'; bytes: 1 | 2 | 4; signed: boolean; offset: number; ptr: Expr }
  | { k: 'unary'; op: UnaryOp; value: Expr }
  | { k: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { k: 'select'; ifTrue: Expr; ifFalse: Expr; condition: Expr }
  | { k: 'call'; target: string; args: Expr[]; hasResult: boolean }
  | { k: 'call_indirect'; args: Expr[]; index: Expr; hasResult: boolean }  // index: a checked one (INDIRECT_CHECK_MODULE)
  | { k: 'memory.size' }
  | { k: 'memory.grow'; delta: Expr }
  | { k: 'unreachable' }
) & { fx: number };

export type Stmt = (
  | { k: 'local.set'; local: number; value: Expr }
  | { k: 'global.set'; global: string; value: Expr }
  | { k: 'store'; bytes: 1 | 2 | 4; offset: number; ptr: Expr; value: Expr }
  | { k: 'block'; label: string | null; body: Stmt[] }
  | { k: 'loop'; label: string | null; body: Stmt[] }
  | { k: 'if'; condition: Expr; then: Stmt[]; else: Stmt[] }
  | { k: 'br'; label: string; condition: Expr | null }
  | { k: 'br_table'; labels: string[]; defaultLabel: string; index: Expr }
  | { k: 'return'; value: Expr | null }
  | { k: 'expr'; value: Expr }                  // a dropped value, a void call, unreachable
  | { k: 'memory.copy'; dest: Expr; source: Expr; size: Expr }
  | { k: 'memory.fill'; dest: Expr; value: Expr; size: Expr }
  | { k: 'memory.init'; segment: number; dest: Expr; offset: Expr; size: Expr }
  | { k: 'data.drop'; segment: number }
) & { ref: number };  // the binaryen expression, for the listing's comments

export interface IrFunction {
  name: string;          // wasm name, e.g. 'hello/main'
  wasmIndex: number;     // index in the function index space (imports first)
  params: number;        // i32 parameters (an i64 parameter counts two)
  locals: number;        // parameters + variables
  hasResult: boolean;
  signature: string;     // its wasm type before lowering, e.g. '(i64)->()': call_indirect checks it
  body: Stmt[];
}

export interface IrImport {
  name: string;          // internal wasm name
  module: string;
  base: string;
  params: number;
  hasResult: boolean;
}

export interface IrGlobal {
  name: string;
  init: number;
  mutable: boolean;
}

export interface IrDataSegment {
  offset: number | null; // null: passive
  data: Uint8Array;
}

export interface IrModule {
  functions: IrFunction[];
  imports: IrImport[];
  globals: IrGlobal[];
  memory: { initial: number; maximum: number | null } | null;
  data: IrDataSegment[];
  /** Table elements by index; null where the table has no function. */
  table: (string | null)[];
  exports: { name: string; function: string }[];
  start: string | null;
}

/**
 * The import module of the signature checks tools/cc/lower.ts plants before
 * lowering: `(call $check (index))` returns the index once table slot `index`
 * holds a function of the signature named by the import's base.
 */
export const INDIRECT_CHECK_MODULE = 'switchless.call_indirect';

/** Whether `e` reads local `local` anywhere. */
export function readsLocal(e: Expr, local: number): boolean {
  switch (e.k) {
    case 'local.get': return e.local === local;
    case 'const': case 'global.get': case 'memory.size': case 'unreachable': return false;
    case 'load': return readsLocal(e.ptr, local);
    case 'unary': return readsLocal(e.value, local);
    case 'binary': return readsLocal(e.left, local) || readsLocal(e.right, local);
    case 'select': return readsLocal(e.ifTrue, local) || readsLocal(e.ifFalse, local) || readsLocal(e.condition, local);
    case 'call': return e.args.some((a) => readsLocal(a, local));
    case 'call_indirect': return e.args.some((a) => readsLocal(a, local)) || readsLocal(e.index, local);
    case 'memory.grow': return readsLocal(e.delta, local);
  }
}
