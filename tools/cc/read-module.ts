// binaryen module -> IrModule (tools/cc/ir.ts), and the check that rejects
// what tx86 code cannot express.
//
//   checkSupported(rawModule, 'fp.ts')   // before lowering: UserError
//     "fp.ts: unsupported instruction f64.add in function fp/area"
//   const ir = readModule(loweredModule, signatures) // after tools/cc/lower.ts
//
// The check runs on the module as asc wrote it, so the instruction it names is
// one the programmer wrote (and so that binaryen's lowering passes never see
// SIMD, atomics or exceptions, which they would abort on).
//
// binaryen's remove-non-js-ops turns i32 rotates, ctz and popcnt into calls to
// intrinsic functions (__wasm_rotl_i32 ...); they are read back here as the
// plain operations, which tx86 has. The i64 multiply/divide intrinsics stay
// calls: the runtime implements them (docs/abi.md §7).

import binaryen from 'binaryen';
import { UserError } from '../../emu/user-error.ts';
import {
  FX_CALL, FX_GLOBAL, FX_LOAD, FX_TRAP,
  type BinaryOp, type Expr, type IrDataSegment, type IrFunction, type IrGlobal, type IrImport, type IrModule,
  type Stmt, type UnaryOp,
} from './ir.ts';

// binaryen.js's enums as the runtime objects they are (their .d.ts declares const enums).
const RUNTIME = binaryen as unknown as Record<string, Record<string, number>>;
const ID = RUNTIME.ExpressionIds;
const OPERATIONS = RUNTIME.Operations;

const BINARY_OPS: Record<string, BinaryOp> = {
  AddInt32: 'add', SubInt32: 'sub', MulInt32: 'mul', DivSInt32: 'div_s', DivUInt32: 'div_u',
  RemSInt32: 'rem_s', RemUInt32: 'rem_u', AndInt32: 'and', OrInt32: 'or', XorInt32: 'xor',
  ShlInt32: 'shl', ShrUInt32: 'shr_u', ShrSInt32: 'shr_s', RotLInt32: 'rotl', RotRInt32: 'rotr',
  EqInt32: 'eq', NeInt32: 'ne', LtSInt32: 'lt_s', LtUInt32: 'lt_u', GtSInt32: 'gt_s', GtUInt32: 'gt_u',
  LeSInt32: 'le_s', LeUInt32: 'le_u', GeSInt32: 'ge_s', GeUInt32: 'ge_u',
};
const UNARY_OPS: Record<string, UnaryOp> = {
  EqZInt32: 'eqz', ClzInt32: 'clz', CtzInt32: 'ctz', PopcntInt32: 'popcnt',
  ExtendS8Int32: 'extend8_s', ExtendS16Int32: 'extend16_s',
};
// Unary and binary operations are separate enums whose values overlap: one map each.
const BINARY_BY_VALUE = new Map(Object.entries(BINARY_OPS).map(([name, op]) => [OPERATIONS[name], op]));
const UNARY_BY_VALUE = new Map(Object.entries(UNARY_OPS).map(([name, op]) => [OPERATIONS[name], op]));
/** binaryen's i32 intrinsics, read back as operations. */
const INTRINSIC_BINARY: Record<string, BinaryOp> = { __wasm_rotl_i32: 'rotl', __wasm_rotr_i32: 'rotr' };
const INTRINSIC_UNARY: Record<string, UnaryOp> = { __wasm_ctz_i32: 'ctz', __wasm_popcnt_i32: 'popcnt' };

/** Calls that the runtime implements; their binaryen bodies are never compiled. */
export const RUNTIME_INTRINSICS = new Set([
  '__wasm_i64_mul', '__wasm_i64_sdiv', '__wasm_i64_udiv', '__wasm_i64_srem', '__wasm_i64_urem',
  '__wasm_ctz_i64', '__wasm_popcnt_i64', '__wasm_rotl_i64', '__wasm_rotr_i64',
]);

const SUPPORTED_IDS = new Set([
  'Block', 'If', 'Loop', 'Break', 'Switch', 'Call', 'CallIndirect', 'LocalGet', 'LocalSet', 'GlobalGet',
  'GlobalSet', 'Load', 'Store', 'Const', 'Unary', 'Binary', 'Select', 'Drop', 'Return', 'MemorySize',
  'MemoryGrow', 'Nop', 'Unreachable', 'MemoryInit', 'DataDrop', 'MemoryCopy', 'MemoryFill',
].map((name) => ID[name]));

const LEAF_IDS = new Set(['Nop', 'Unreachable', 'Const', 'LocalGet', 'GlobalGet', 'MemorySize', 'DataDrop'].map((name) => ID[name]));

const INTEGER_TYPES = new Set([binaryen.none, binaryen.unreachable, binaryen.i32, binaryen.i64]);

/** The sub-expressions of `e`, in evaluation order. */
export function childrenOf(e: number): number[] {
  if (LEAF_IDS.has(binaryen.getExpressionId(e))) return [];
  const info = binaryen.getExpressionInfo(e) as unknown as Record<string, unknown>;
  const id = info.id as number;
  const list = (...refs: unknown[]) => refs.filter((r): r is number => typeof r === 'number' && r !== 0);
  switch (id) {
    case ID.Block: return list(...(info.children as number[]));
    case ID.If: return list(info.condition, info.ifTrue, info.ifFalse);
    case ID.Loop: return list(info.body);
    case ID.Break: return list(info.value, info.condition);
    case ID.Switch: return list(info.value, info.condition);
    case ID.Call: return list(...(info.operands as number[]));
    case ID.CallIndirect: return list(...(info.operands as number[]), info.target);
    case ID.LocalSet: case ID.GlobalSet: case ID.Drop: case ID.Return: return list(info.value);
    case ID.Load: return list(info.ptr);
    case ID.Store: return list(info.ptr, info.value);
    case ID.Unary: return list(info.value);
    case ID.Binary: return list(info.left, info.right);
    case ID.Select: return list(info.ifTrue, info.ifFalse, info.condition);
    case ID.MemoryGrow: return list(info.delta);
    case ID.MemoryInit: return list(info.dest, info.offset, info.size);
    case ID.MemoryCopy: return list(info.dest, info.source, info.size);
    case ID.MemoryFill: return list(info.dest, info.value, info.size);
    default: return [];
  }
}

function instructionName(e: number): string {
  const text = binaryen.emitText(e).trim();
  const match = /^\(?\s*([A-Za-z0-9_.]+)/.exec(text);
  return match ? match[1] : 'instruction';
}

/** '(i32, i64)->(i32)': a function type as the indirect-call checks and the table name it. */
export function wasmSignature(params: number, results: number): string {
  const names = (t: number) => binaryen.expandType(t).map((x) => (x === binaryen.i64 ? 'i64' : 'i32')).join(', ');
  return `(${names(params)})->(${names(results)})`;
}

function typeName(t: number): string {
  if (t === binaryen.f32) return 'f32';
  if (t === binaryen.f64) return 'f64';
  if (t === binaryen.v128) return 'v128';
  return 'reference';
}


/** Throws a UserError naming the first unsupported instruction or type in a defined function. */
export function checkSupported(module: binaryen.Module, fileName: string): void {
  const fail = (what: string, fn: string): never => {
    throw new UserError(`${fileName}: unsupported ${what} in function ${fn}`);
  };
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    for (const t of [...binaryen.expandType(info.params), ...binaryen.expandType(info.results)]) {
      if (!INTEGER_TYPES.has(t)) fail(`${typeName(t)} parameter or result`, info.name);
    }
    if (info.module) continue; // an import: no body
    for (const t of info.vars) if (!INTEGER_TYPES.has(t)) fail(`${typeName(t)} local`, info.name);
    const stack = [info.body];
    while (stack.length > 0) {
      const e = stack.pop()!;
      const id = binaryen.getExpressionId(e);
      // An operation on floats has a float result or a float operand (f64.eq, i32.trunc_f64_s).
      const children = SUPPORTED_IDS.has(id) ? childrenOf(e) : [];
      const bad = !SUPPORTED_IDS.has(id) || !INTEGER_TYPES.has(binaryen.getExpressionType(e)) ||
        children.some((c) => !INTEGER_TYPES.has(binaryen.getExpressionType(c)));
      if (bad) fail(`instruction ${instructionName(e)}`, info.name);
      stack.push(...children);
    }
  }
}

/** Reads a lowered module (tools/cc/lower.ts). Internal errors mean the lowering broke an invariant. */
export function readModule(module: binaryen.Module, signatures: Map<string, string> = new Map()): IrModule {
  const functions: IrFunction[] = [];
  const imports: IrImport[] = [];
  const intrinsicNames = new Set<string>();
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.name in INTRINSIC_BINARY || info.name in INTRINSIC_UNARY) intrinsicNames.add(info.name);
  }
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    const params = binaryen.expandType(info.params).length;
    const hasResult = info.results !== binaryen.none;
    if (info.module) {
      imports.push({ name: info.name, module: info.module, base: info.base ?? '', params, hasResult });
      continue;
    }
    const reader = new FunctionReader(info.name, intrinsicNames);
    functions.push({
      name: info.name,
      wasmIndex: i,
      params,
      locals: params + info.vars.length,
      hasResult,
      signature: signatures.get(info.name) ?? wasmSignature(info.params, info.results),
      body: reader.body(info.body, hasResult),
    });
  }

  const globals: IrGlobal[] = [];
  for (let i = 0; i < module.getNumGlobals(); i++) {
    const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
    if (info.module) throw new UserError(`unsupported imported global ${info.module}.${info.base}`);
    globals.push({ name: info.name, init: constantOf(info.init, `global ${info.name}`), mutable: info.mutable });
  }

  let memory: IrModule['memory'] = null;
  if (module.hasMemory()) {
    const m = module.getMemoryInfo();
    if (m.module) throw new UserError(`unsupported imported memory ${m.module}.${m.base}`);
    memory = { initial: m.initial, maximum: m.max ?? null };
  }
  const data: IrDataSegment[] = [];
  const segments = module as unknown as {
    getNumDataSegments(): number;
    getDataSegmentInfo(ref: number): { offset: number; data: ArrayBuffer; passive: boolean };
  };
  for (let i = 0; i < segments.getNumDataSegments(); i++) {
    const seg = segments.getDataSegmentInfo(module.getDataSegmentByIndex(i));
    data.push({ offset: seg.passive ? null : seg.offset >>> 0, data: new Uint8Array(seg.data) });
  }

  const table: (string | null)[] = [];
  if (module.getNumTables() > 1) throw new UserError('unsupported: more than one table');
  if (module.getNumTables() === 1) {
    const t = binaryen.getTableInfo(module.getTableByIndex(0));
    if (t.module) throw new UserError(`unsupported imported table ${t.module}.${t.base}`);
    for (let i = 0; i < t.initial; i++) table.push(null);
    for (let i = 0; i < module.getNumElementSegments(); i++) {
      const seg = binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i));
      const offset = constantOf(seg.offset as unknown as number, 'element segment offset');
      seg.data.forEach((name, k) => { table[offset + k] = name; });
    }
  }

  const exports: IrModule['exports'] = [];
  for (let i = 0; i < module.getNumExports(); i++) {
    const e = binaryen.getExportInfo(module.getExportByIndex(i));
    if (e.kind === binaryen.ExternalFunction) exports.push({ name: e.name, function: e.value });
  }
  const startRef = module.getStart();
  const start = startRef ? binaryen.getFunctionInfo(startRef).name : null;
  return { functions, imports, globals, memory, data, table, exports, start };
}

function constantOf(e: number, what: string): number {
  const info = binaryen.getExpressionInfo(e) as unknown as { id: number; value: unknown };
  if (info.id !== ID.Const || typeof info.value !== 'number') throw new UserError(`unsupported non-constant ${what}`);
  return info.value | 0;
}

class FunctionReader {
  constructor(private readonly fn: string, private readonly intrinsics: Set<string>) {}

  private fail(what: string): never {
    throw new Error(`cc: unexpected ${what} in ${this.fn} after lowering`);
  }

  body(e: number, hasResult: boolean): Stmt[] {
    const type = binaryen.getExpressionType(e);
    if (hasResult && type === binaryen.i32) {
      // The function's value falls off the end: make it an explicit return.
      if (binaryen.getExpressionId(e) === ID.Block) {
        const info = binaryen.getExpressionInfo(e) as binaryen.BlockInfo;
        const children = info.children;
        const stmts = children.slice(0, -1).flatMap((c) => this.stmt(c));
        stmts.push({ k: 'return', value: this.expr(children[children.length - 1]), ref: e });
        return info.name ? [{ k: 'block', label: info.name, body: stmts, ref: e }] : stmts;
      }
      return [{ k: 'return', value: this.expr(e), ref: e }];
    }
    return this.stmt(e);
  }

  private stmts(e: number): Stmt[] {
    return e ? this.stmt(e) : [];
  }

  stmt(e: number): Stmt[] {
    const leaf = binaryen.getExpressionId(e);
    if (leaf === ID.Nop) return [];
    if (leaf === ID.Unreachable) return [{ k: 'expr', value: { k: 'unreachable', fx: FX_TRAP }, ref: e }];
    const info = binaryen.getExpressionInfo(e) as unknown as Record<string, any>;
    const id = info.id as number;
    const ref = e;
    switch (id) {
      case ID.Nop: return [];
      case ID.Block: {
        const body = (info.children as number[]).flatMap((c) => this.stmt(c));
        return info.name ? [{ k: 'block', label: info.name, body, ref }] : body;
      }
      case ID.Loop: return [{ k: 'loop', label: info.name || null, body: this.stmts(info.body), ref }];
      case ID.If: return [{ k: 'if', condition: this.expr(info.condition), then: this.stmts(info.ifTrue), else: this.stmts(info.ifFalse), ref }];
      case ID.Break:
        if (info.value) this.fail('br with a value');
        return [{ k: 'br', label: info.name, condition: info.condition ? this.expr(info.condition) : null, ref }];
      case ID.Switch:
        if (info.value) this.fail('br_table with a value');
        return [{ k: 'br_table', labels: info.names, defaultLabel: info.defaultName, index: this.expr(info.condition), ref }];
      case ID.LocalSet:
        if (info.isTee) this.fail('local.tee');
        return [{ k: 'local.set', local: info.index, value: this.expr(info.value), ref }];
      case ID.GlobalSet: return [{ k: 'global.set', global: info.name, value: this.expr(info.value), ref }];
      case ID.Store: {
        if (info.bytes > 4) this.fail('64-bit store');
        return [{ k: 'store', bytes: info.bytes, offset: info.offset >>> 0, ptr: this.expr(info.ptr), value: this.expr(info.value), ref }];
      }
      case ID.Return: return [{ k: 'return', value: info.value ? this.expr(info.value) : null, ref }];
      case ID.Drop: return [{ k: 'expr', value: this.expr(info.value), ref }];
      case ID.MemoryCopy:
        return [{ k: 'memory.copy', dest: this.expr(info.dest), source: this.expr(info.source), size: this.expr(info.size), ref }];
      case ID.MemoryFill:
        return [{ k: 'memory.fill', dest: this.expr(info.dest), value: this.expr(info.value), size: this.expr(info.size), ref }];
      case ID.MemoryInit:
        return [{ k: 'memory.init', segment: Number(info.segment), dest: this.expr(info.dest), offset: this.expr(info.offset), size: this.expr(info.size), ref }];
      case ID.DataDrop: return [{ k: 'data.drop', segment: Number(info.segment), ref }];
      default:
        if (info.type !== binaryen.none && info.type !== binaryen.unreachable) this.fail(`value ${instructionName(e)} in statement position`);
        return [{ k: 'expr', value: this.expr(e), ref }];
    }
  }

  expr(e: number): Expr {
    const leaf = binaryen.getExpressionId(e);
    if (leaf === ID.Unreachable) return { k: 'unreachable', fx: FX_TRAP };
    if (leaf === ID.MemorySize) return { k: 'memory.size', fx: FX_GLOBAL };
    const info = binaryen.getExpressionInfo(e) as unknown as Record<string, any>;
    const id = info.id as number;
    switch (id) {
      case ID.Const:
        if (typeof info.value !== 'number') this.fail('non-i32 constant');
        return { k: 'const', value: info.value | 0, fx: 0 };
      case ID.LocalGet: return { k: 'local.get', local: info.index, fx: 0 };
      case ID.GlobalGet: return { k: 'global.get', global: info.name, fx: FX_GLOBAL };
      case ID.Load: {
        if (info.bytes > 4) this.fail('64-bit load');
        const ptr = this.expr(info.ptr);
        return { k: 'load', bytes: info.bytes, signed: info.isSigned && info.bytes < 4, offset: info.offset >>> 0, ptr, fx: ptr.fx | FX_LOAD };
      }
      case ID.Unary: {
        const op = UNARY_BY_VALUE.get(info.op);
        if (!op) this.fail(`operation ${instructionName(e)}`);
        const value = this.expr(info.value);
        return { k: 'unary', op, value, fx: value.fx };
      }
      case ID.Binary: {
        const op = BINARY_BY_VALUE.get(info.op);
        if (!op) this.fail(`operation ${instructionName(e)}`);
        return this.binary(op, this.expr(info.left), this.expr(info.right));
      }
      case ID.Select: {
        const ifTrue = this.expr(info.ifTrue), ifFalse = this.expr(info.ifFalse), condition = this.expr(info.condition);
        return { k: 'select', ifTrue, ifFalse, condition, fx: ifTrue.fx | ifFalse.fx | condition.fx };
      }
      case ID.Call: {
        if (info.isReturn) this.fail('return_call');
        const args = (info.operands as number[]).map((a) => this.expr(a));
        const target = info.target as string;
        if (this.intrinsics.has(target) && INTRINSIC_BINARY[target]) return this.binary(INTRINSIC_BINARY[target], args[0], args[1]);
        if (this.intrinsics.has(target) && INTRINSIC_UNARY[target]) {
          return { k: 'unary', op: INTRINSIC_UNARY[target], value: args[0], fx: args[0].fx };
        }
        const hasResult = info.type !== binaryen.none && info.type !== binaryen.unreachable;
        return { k: 'call', target, args, hasResult, fx: FX_CALL | FX_TRAP | args.reduce((f, a) => f | a.fx, 0) };
      }
      case ID.CallIndirect: {
        if (info.isReturn) this.fail('return_call_indirect');
        const args = (info.operands as number[]).map((a) => this.expr(a));
        const index = this.expr(info.target);
        const hasResult = info.results !== binaryen.none;
        return { k: 'call_indirect', args, index, hasResult, fx: FX_CALL | FX_TRAP | index.fx | args.reduce((f, a) => f | a.fx, 0) };
      }
      case ID.MemorySize: return { k: 'memory.size', fx: FX_GLOBAL };
      case ID.MemoryGrow: {
        const delta = this.expr(info.delta);
        return { k: 'memory.grow', delta, fx: FX_CALL | delta.fx };
      }
      case ID.Unreachable: return { k: 'unreachable', fx: FX_TRAP };
      default:
        return this.fail(`expression ${instructionName(e)}`);
    }
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    let fx = left.fx | right.fx;
    const divide = op === 'div_s' || op === 'div_u' || op === 'rem_s' || op === 'rem_u';
    if (divide && !(right.k === 'const' && right.value !== 0 && !(op === 'div_s' && right.value === -1))) fx |= FX_TRAP;
    return { k: 'binary', op, left, right, fx };
  }
}
