// IrModule -> the program's assembly: its functions, and the data the runtime
// reads (docs/abi.md §7).
//
//   const { program, tail } = generateModule(ir, options);
//   program   functions, __wasm_init, globals, table, data segments,
//             __wasm_functions (code address -> wasm name, for traps)
//   tail      the linear memory (.bss, linked last), or an .equ for a fixed base
//
// Only functions reachable from the exports, the start function and the table
// are compiled. Functions that can recurse get a stack check.

import { UserError } from '../../emu/user-error.ts';
import { MemoryBounds } from './bounds.ts';
import type { CallLowering, ModuleContext } from './expressions.ts';
import { INLINE_RUNTIME } from './intrinsics.ts';
import { INDIRECT_CHECK_MODULE, type Expr, type IrFunction, type IrModule, type Stmt } from './ir.ts';
import { Namer } from './names.ts';
import { RUNTIME_INTRINSICS } from './read-module.ts';
import { forEachExpr, planLocals } from './regalloc.ts';
import { FunctionCompiler } from './statements.ts';
import type { Target } from './target.ts';
import { imm } from './x86.ts';

export interface GenerateOptions {
  target: Target;
  fileName: string;
  /** Listing comments: one line of wasm text per statement, or null. */
  describe: ((s: Stmt) => string) | null;
  /** Wasm function index -> code offset, for the banners. */
  codeOffset: (fn: IrFunction) => number | undefined;
}

export interface GeneratedModule {
  program: string;
  tail: string;
  functionCount: number;
}

const PAGE_BYTES = 65536;
const HIGH_BITS_GLOBAL = 'i64toi32_i32$HIGH_BITS';
const LABEL = /^[A-Za-z_$@][A-Za-z0-9_.$@]*$/;

export function generateModule(ir: IrModule, options: GenerateOptions): GeneratedModule {
  const { target, fileName } = options;
  const defined = new Map(ir.functions.map((f) => [f.name, f]));
  const imports = new Map(ir.imports.map((i) => [i.name, i]));

  // Export labels first, so that no mangled name takes them.
  const namer = new Namer();
  const exportLabels = new Map<string, string[]>();
  for (const e of ir.exports) {
    if (!LABEL.test(e.name) || e.name.startsWith('__wasm_') || e.name === '_start') continue;
    namer.reserve(e.name);
    exportLabels.set(e.function, [...(exportLabels.get(e.function) ?? []), e.name]);
  }
  if (target.requiresMain && !ir.exports.some((e) => e.name === 'main' && defined.has(e.function))) {
    throw new UserError(`${fileName}: the ${target.name} target needs an exported function main(): i32`);
  }

  const reachable = reachableFunctions(ir, defined);
  const labels = new Map<string, string>();
  for (const f of ir.functions) if (reachable.has(f.name)) labels.set(f.name, namer.label(f.name));
  const globalLabels = new Map<string, string>();
  for (const g of ir.globals) globalLabels.set(g.name, namer.label(g.name));

  const signatures = new Map<string, number>();
  const signatureId = (sig: string): number => {
    if (!signatures.has(sig)) signatures.set(sig, signatures.size + 1);
    return signatures.get(sig)!;
  };

  const bounds = target.boundsChecked ? new MemoryBounds(ir.memory?.initial ?? 0) : null;
  const lowerings = new Map<string, CallLowering>();
  let labelCount = 0;
  const ctx: ModuleContext = {
    memBase: '__wasm_memory',
    tableSize: ir.table.length,
    signatureId,
    bounds,
    newLabel: () => `.L${++labelCount}`,
    globalLabel: (name) => globalLabels.get(name)!,
    lowerCall(targetName) {
      const label = labels.get(targetName);
      if (label) return { kind: 'call', label };
      if (RUNTIME_INTRINSICS.has(targetName)) return INLINE_RUNTIME[targetName] ?? { kind: 'call', label: targetName };
      const cached = lowerings.get(targetName);
      if (cached) return cached;
      const imp = imports.get(targetName);
      if (!imp) throw new Error(`cc: call to unknown function ${targetName}`);
      if (imp.module === INDIRECT_CHECK_MODULE) {
        return { kind: 'inline', emit: (c, [index]) => c.genIndirectCheck(imp.base, index) };
      }
      const lowering = target.lowerImport(imp.module, imp.base, imp.params);
      if (!lowering) {
        throw new UserError(`${fileName}: import ${imp.module}.${imp.base} is not provided by the ${target.name} target ` +
          `(it provides ${target.provides().join(', ')})`);
      }
      lowerings.set(targetName, lowering);
      return lowering;
    },
  };

  const recursive = recursiveFunctions(ir, defined, reachable);
  const out: string[] = [
    `; ${fileName}: AssemblyScript compiled to tx86 by switchless cc (target ${target.name})`,
    '.text',
  ];
  const compiled: IrFunction[] = [];
  for (const fn of ir.functions) {
    if (!reachable.has(fn.name)) continue;
    const offset = options.codeOffset(fn);
    const banner = `\n; ==== ${fn.name} (wasm function ${fn.wasmIndex}${offset !== undefined ? `, code offset 0x${offset.toString(16)}` : ''}) ====`;
    const compiler = new FunctionCompiler(ctx, fn, planLocals(fn), {
      labels: [labels.get(fn.name)!, ...(exportLabels.get(fn.name) ?? [])],
      recursive: recursive.has(fn.name),
      describe: options.describe,
      banner,
    });
    try {
      out.push(...compiler.compile());
    } catch (e) {
      if (e instanceof Error && !(e instanceof UserError)) e.message += ` (compiling ${fn.name})`;
      throw e;
    }
    compiled.push(fn);
  }
  out.push('__wasm_code_end:', '');

  out.push(...initFunction(ir, labels, fileName));
  out.push(...moduleData(ir, compiled, labels, globalLabels, signatureId, target.maxPages));
  out.push(...(bounds ?? new MemoryBounds(0)).assembly());
  out.push(target.generated());

  return { program: out.join('\n') + '\n', tail: memoryTail(ir, target), functionCount: compiled.length };
}

function reachableFunctions(ir: IrModule, defined: Map<string, IrFunction>): Set<string> {
  const seen = new Set<string>();
  const work: string[] = [...ir.exports.map((e) => e.function), ...ir.table.filter((t): t is string => t !== null)];
  if (ir.start) work.push(ir.start);
  while (work.length > 0) {
    const name = work.pop()!;
    if (seen.has(name) || !defined.has(name) || RUNTIME_INTRINSICS.has(name)) continue;
    seen.add(name);
    forEachCall(defined.get(name)!.body, (target) => work.push(target));
  }
  return seen;
}

/** Calls `direct` for every call target in a body (an indirect call's is its index check's import). */
function forEachCall(body: Stmt[], direct: (name: string) => void): void {
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'call': direct(e.target); e.args.forEach(visit); return;
      case 'call_indirect': e.args.forEach(visit); visit(e.index); return;
      case 'load': visit(e.ptr); return;
      case 'unary': visit(e.value); return;
      case 'binary': visit(e.left); visit(e.right); return;
      case 'select': visit(e.ifTrue); visit(e.ifFalse); visit(e.condition); return;
      case 'memory.grow': visit(e.delta); return;
      default: return;
    }
  };
  const walk = (list: Stmt[]): void => {
    for (const s of list) {
      forEachExpr(s, visit);
      if (s.k === 'block' || s.k === 'loop') walk(s.body);
      else if (s.k === 'if') { walk(s.then); walk(s.else); }
    }
  };
  walk(body);
}

/** Functions on a cycle of the call graph (call_indirect may call any table function of its type). */
function recursiveFunctions(ir: IrModule, defined: Map<string, IrFunction>, reachable: Set<string>): Set<string> {
  const tableBySignature = new Map<string, string[]>();
  for (const name of ir.table) {
    const fn = name ? defined.get(name) : undefined;
    if (fn) tableBySignature.set(fn.signature, [...(tableBySignature.get(fn.signature) ?? []), fn.name]);
  }
  const checkedSignature = new Map(ir.imports.filter((i) => i.module === INDIRECT_CHECK_MODULE).map((i) => [i.name, i.base]));
  const edges = new Map<string, string[]>();
  for (const name of reachable) {
    const out: string[] = [];
    forEachCall(defined.get(name)!.body, (t) => {
      if (reachable.has(t)) out.push(t);
      const signature = checkedSignature.get(t);
      if (signature !== undefined) out.push(...(tableBySignature.get(signature) ?? []));
    });
    edges.set(name, out);
  }
  // Tarjan's strongly connected components, iteratively.
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>(), result = new Set<string>();
  let counter = 0;
  for (const root of reachable) {
    if (index.has(root)) continue;
    const frames: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter); low.set(root, counter++); stack.push(root); onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const succ = edges.get(frame.node)!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++];
        if (w === frame.node) result.add(w);
        if (!index.has(w)) {
          index.set(w, counter); low.set(w, counter++); stack.push(w); onStack.add(w);
          frames.push({ node: w, next: 0 });
        } else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== frame.node);
        if (component.length > 1) component.forEach((c) => result.add(c));
      }
    }
  }
  return result;
}

/** __wasm_init: copies the active data segments in, then runs the start function. */
function initFunction(ir: IrModule, labels: Map<string, string>, fileName: string): string[] {
  const pages = ir.memory?.initial ?? 0;
  const lines = ['; ==== module initialisation (docs/abi.md §7) ====', '.global __wasm_init', '__wasm_init:',
    '    push esi', '    push edi', '    cld'];
  mergedSegments(ir).forEach((seg, k) => {
    if (seg.offset + seg.data.length > pages * PAGE_BYTES) {
      throw new UserError(`${fileName}: data segment at ${seg.offset} does not fit in ${pages} pages of memory`);
    }
    lines.push(`    mov esi, .Ldata${k}`, `    mov edi, __wasm_memory+${seg.offset}`, `    mov ecx, ${seg.data.length}`, '    rep movsb');
  });
  lines.push('    pop edi', '    pop esi');
  if (ir.start && labels.has(ir.start)) lines.push(`    jmp ${labels.get(ir.start)}`);
  else lines.push('    ret');
  return lines;
}

/** Active segments, neighbours less than 32 bytes apart merged, all-zero ones dropped. */
function mergedSegments(ir: IrModule): { offset: number; data: Uint8Array }[] {
  const active = ir.data.filter((d) => d.offset !== null && d.data.length > 0)
    .map((d) => ({ offset: d.offset!, data: d.data })).sort((a, b) => a.offset - b.offset);
  const merged: { offset: number; data: Uint8Array }[] = [];
  for (const seg of active) {
    const last = merged[merged.length - 1];
    if (last && seg.offset >= last.offset + last.data.length && seg.offset - (last.offset + last.data.length) < 32) {
      const data = new Uint8Array(seg.offset + seg.data.length - last.offset);
      data.set(last.data);
      data.set(seg.data, seg.offset - last.offset);
      last.data = data;
    } else if (last && seg.offset < last.offset + last.data.length) {
      const end = Math.max(last.offset + last.data.length, seg.offset + seg.data.length);
      const data = new Uint8Array(end - last.offset);
      data.set(last.data);
      data.set(seg.data, seg.offset - last.offset); // later segments overwrite earlier ones, as in wasm
      last.data = data;
    } else merged.push({ ...seg });
  }
  return merged.filter((s) => s.data.some((b) => b !== 0));
}

function bytesLines(data: Uint8Array): string[] {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 32) lines.push(`    .byte ${Array.from(data.subarray(i, i + 32)).join(',')}`);
  return lines;
}

function moduleData(ir: IrModule, compiled: IrFunction[], labels: Map<string, string>,
  globalLabels: Map<string, string>, signatureId: (s: string) => number, maxPages: number): string[] {
  const out: string[] = ['', '.rodata', '.align 4'];
  mergedSegments(ir).forEach((seg, k) => out.push(`.Ldata${k}:`, ...bytesLines(seg.data)));
  ir.data.forEach((seg, k) => { if (seg.offset === null) out.push(`.Lpassive${k}:`, ...bytesLines(seg.data)); });

  // Code address -> wasm name, ascending (the order the functions were emitted in).
  out.push('.align 4', '.global __wasm_functions', '__wasm_functions:', `    .long ${compiled.length}`);
  compiled.forEach((fn, k) => out.push(`    .long ${labels.get(fn.name)}, .Lname${k}`));
  compiled.forEach((fn, k) => out.push(`.Lname${k}:`, `    .asciz "${fn.name.replace(/["\\]/g, (c) => '\\' + c)}"`));

  const defined = new Map(ir.functions.map((f) => [f.name, f]));
  out.push('.align 4', '.global __wasm_table', '__wasm_table:');
  for (const name of ir.table) {
    const fn = name ? defined.get(name) : undefined;
    out.push(fn && labels.has(fn.name) ? `    .long ${labels.get(fn.name)}, ${signatureId(fn.signature)}` : '    .long 0, 0');
  }

  out.push('', '.data', '.align 4');
  const pages = ir.memory?.initial ?? 0;
  const max = Math.min(ir.memory?.maximum ?? maxPages, maxPages);
  out.push('.global __wasm_memory_pages', `__wasm_memory_pages: .long ${pages}`);
  out.push('.global __wasm_memory_max_pages', `__wasm_memory_max_pages: .long ${max}`);
  // Passive segments for memory.init and data.drop: address and length (zeroed by data.drop).
  out.push('.global __wasm_segments', '__wasm_segments:', `    .long ${ir.data.length}`);
  ir.data.forEach((seg, k) => out.push(seg.offset === null ? `    .long .Lpassive${k}, ${seg.data.length}` : '    .long 0, 0'));
  let highBits = false;
  for (const g of ir.globals) {
    const label = globalLabels.get(g.name)!;
    if (g.name === HIGH_BITS_GLOBAL) {
      out.push('.global __wasm_i64_high', '__wasm_i64_high:');
      highBits = true;
    }
    out.push(`${label}: .long ${imm(g.init)}`);
  }
  if (!highBits) out.push('.global __wasm_i64_high', '__wasm_i64_high: .long 0');
  return out;
}

function memoryTail(ir: IrModule, target: Target): string {
  if (target.memoryBase !== null) return `.equ __wasm_memory, 0x${(target.memoryBase >>> 0).toString(16)}\n`;
  const pages = ir.memory?.initial ?? 0;
  return ['; linear memory: the end of the image (docs/abi.md §3)', '.bss', '.align 4096', '.global __wasm_memory',
    '__wasm_memory:', `    .space ${pages * PAGE_BYTES}`, ''].join('\n');
}
