// The reference run: the same AssemblyScript program as wasm in V8, with the
// bare target's imports and the same console and exit semantics as the tx86
// runtime (docs/abi.md §8-§10.1).
//
//   const { stdout, exitStatus } = await runNative('hello.ts');
//   runNativeWasm(wasmBytes)        the same, from asc's output (synchronous)
//
// stdout is what `bare.putc` printed, then the trap or abort line if the
// program stopped that way; exitStatus is main()'s result & 255, or 134 after
// a trap or an abort. V8's RuntimeError messages become the trap kinds of
// tools/cc/traps.ts, and the trapping function is named from the name section
// through the top wasm frame of the error's stack.

import { UserError } from '../../emu/user-error.ts';
import { compileAssemblyScript, type AscRuntime } from '../cc/asc-driver.ts';
import { TRAP_EXIT_STATUS, trapKindOfV8Message, trapLine, utf16UnitsToBytes } from '../cc/traps.ts';
import { readWasmFunctions } from '../cc/wasm-sections.ts';

// The WebAssembly JS API (this project's TypeScript libs do not declare it).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: object) => { buffer: ArrayBuffer };
  RuntimeError: new () => Error;
  LinkError: new () => Error;
  CompileError: new () => Error;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface NativeRun {
  stdout: string;
  exitStatus: number;
}

export async function runNative(file: string, options: { runtime?: AscRuntime; ascArgs?: string[] } = {}): Promise<NativeRun> {
  const { wasm } = await compileAssemblyScript(file, { runtime: options.runtime, ascArgs: options.ascArgs });
  return runNativeWasm(wasm);
}

/** Thrown by env.abort to unwind the wasm stack. */
class AbortCalled extends Error {}

export interface NativeOptions {
  /** Called with the instance's exports when the run ends, however it ends. */
  afterRun?: (exports: Record<string, unknown>) => void;
}

export function runNativeWasm(wasm: Uint8Array, options: NativeOptions = {}): NativeRun {
  const out: number[] = [];
  let exports: Record<string, unknown> | null = null;
  let memory: { buffer: ArrayBuffer } | null = null;

  const string = (ptr: number): number[] => {
    if (ptr === 0 || !memory) return [...new TextEncoder().encode('null')];
    const view = new DataView(memory.buffer);
    const bytes = view.getUint32(ptr - 4, true);
    const units: number[] = [];
    for (let i = 0; i + 1 < bytes; i += 2) units.push(view.getUint16(ptr + i, true));
    return utf16UnitsToBytes(units);
  };
  const text = (s: string) => [...new TextEncoder().encode(s)];

  const imports = {
    env: {
      abort(message: number, fileName: number, line: number, column: number): never {
        out.push(...text('abort: '), ...string(message), ...text(' at '), ...string(fileName),
          ...text(`:${line >>> 0}:${column >>> 0}\n`));
        throw new AbortCalled();
      },
    },
    bare: {
      putc(c: number): void {
        out.push(c & 0xff);
      },
    },
  };

  let exitStatus: number;
  try {
    const module = new Wasm.Module(wasm);
    const instance = new Wasm.Instance(module, imports);
    exports = instance.exports;
    memory = (instance.exports.memory as { buffer: ArrayBuffer } | undefined) ?? null;
    const main = instance.exports.main;
    if (typeof main !== 'function') throw new UserError('the program does not export main()');
    exitStatus = ((main as () => number)() | 0) & 0xff;
  } catch (e) {
    if (e instanceof AbortCalled) exitStatus = TRAP_EXIT_STATUS;
    else if (e instanceof Wasm.LinkError || e instanceof Wasm.CompileError) throw new UserError(`native run: ${e.message}`);
    else if (e instanceof Wasm.RuntimeError || e instanceof RangeError) {
      const kind = trapKindOfV8Message(e.message);
      if (!kind) throw e;
      out.push(...text(trapLine(kind, trappingFunction(e, wasm))));
      exitStatus = TRAP_EXIT_STATUS;
    } else throw e;
  } finally {
    if (exports) options.afterRun?.(exports);
  }
  return { stdout: new TextDecoder().decode(new Uint8Array(out)), exitStatus };
}

/** The wasm name of the top wasm frame of an error's stack. */
function trappingFunction(e: Error, wasm: Uint8Array): string {
  const match = /wasm-function\[(\d+)\]/.exec(e.stack ?? '');
  if (!match) return '?';
  const index = Number(match[1]);
  return readWasmFunctions(wasm).names.get(index) ?? `wasm-function[${index}]`;
}
