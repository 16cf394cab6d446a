// How many wasm instructions a program executes natively: the denominator of
// "tx86 instructions per wasm instruction".
//
//   const counted = instrumentForCounting(wasm);      // a new module
//   const { run, wasmInstructions } = runNativeCounted(wasm);
//
// Every statement of every block is preceded by `counter += n`, n being the
// instructions of that statement outside the blocks nested in it (which count
// their own). An instruction is one node of binaryen's IR, which is one wasm
// instruction except that unnamed blocks cost nothing. A statement that
// branches out half way still counts whole, so the figure is a close upper
// bound, not an exact count.

import binaryen from 'binaryen';
import { childrenOf } from '../cc/read-module.ts';
import { runNativeWasm, type NativeRun } from './run-native.ts';

const ID = (binaryen as unknown as Record<string, Record<string, number>>).ExpressionIds;

// binaryen.js's per-class accessors, which its .d.ts does not declare.
interface Accessors {
  Block: { getName(e: number): string | null; getChildren(e: number): number[]; setChildren(e: number, c: number[]): void };
  Loop: { getBody(e: number): number; setBody(e: number, body: number): void };
  If: {
    getCondition(e: number): number; getIfTrue(e: number): number; setIfTrue(e: number, b: number): void;
    getIfFalse(e: number): number; setIfFalse(e: number, b: number): void;
  };
  Function: { getBody(f: number): number; setBody(f: number, body: number): void };
}
const { Block, Loop, If, Function: Func } = binaryen as unknown as Accessors;
const COUNTER = '__wasm_instructions';
const STRUCTURED = new Set([ID.Block, ID.Loop, ID.If]);

export function instrumentForCounting(wasm: Uint8Array): Uint8Array {
  binaryen.setDebugInfo(true);
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(binaryen.Features.All);
    module.addGlobal(COUNTER, binaryen.i64, true, module.i64.const(0n));
    module.addGlobalExport(COUNTER, COUNTER);
    const bump = (n: number) => module.global.set(COUNTER,
      module.i64.add(module.global.get(COUNTER, binaryen.i64), module.i64.const(BigInt(n))));
    const asBlock = (e: number): number =>
      binaryen.getExpressionId(e) === ID.Block ? e : module.block(null, [e], binaryen.getExpressionType(e));

    /** Instructions of `e` itself: nested block/loop/if bodies count separately. */
    const cost = (e: number): number => {
      const id = binaryen.getExpressionId(e);
      if (id === ID.Nop) return 0;
      if (id === ID.Block) return Block.getName(e) ? 1 : 0;
      if (id === ID.Loop) return 1;
      if (id === ID.If) return 1 + cost(If.getCondition(e));
      return 1 + childrenOf(e).reduce((n, c) => n + cost(c), 0);
    };

    for (let i = 0; i < module.getNumFunctions(); i++) {
      const fn = module.getFunctionByIndex(i);
      if (binaryen.getFunctionInfo(fn).module) continue;
      Func.setBody(fn, asBlock(Func.getBody(fn)));
      const stack = [Func.getBody(fn)];
      while (stack.length > 0) {
        const e = stack.pop()!;
        const id = binaryen.getExpressionId(e);
        if (id === ID.Loop) Loop.setBody(e, asBlock(Loop.getBody(e)));
        if (id === ID.If) {
          If.setIfTrue(e, asBlock(If.getIfTrue(e)));
          const otherwise = If.getIfFalse(e);
          if (otherwise) If.setIfFalse(e, asBlock(otherwise));
        }
        if (id === ID.Block) {
          const children = Block.getChildren(e);
          const counted: number[] = [];
          for (const child of children) {
            const n = cost(child);
            if (n > 0) counted.push(bump(n));
            counted.push(child);
          }
          Block.setChildren(e, counted);
        }
        stack.push(...(STRUCTURED.has(id) ? structuredChildren(e, id) : childrenOf(e)));
      }
    }
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

function structuredChildren(e: number, id: number): number[] {
  if (id === ID.Block) return Block.getChildren(e);
  if (id === ID.Loop) return [Loop.getBody(e)];
  const parts = [If.getCondition(e), If.getIfTrue(e)];
  const otherwise = If.getIfFalse(e);
  return otherwise ? [...parts, otherwise] : parts;
}

export function runNativeCounted(wasm: Uint8Array): { run: NativeRun; wasmInstructions: bigint } {
  let wasmInstructions = 0n;
  const run = runNativeWasm(instrumentForCounting(wasm), {
    afterRun: (exports) => { wasmInstructions = (exports[COUNTER] as { value: bigint }).value; },
  });
  return { run, wasmInstructions };
}
