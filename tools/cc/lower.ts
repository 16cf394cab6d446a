// wasm -> binaryen module in the shape the code generator reads (docs/abi.md §1).
//
//   const { module, signatures } = lowerWasm(wasmBytes, fileName);   // caller disposes: module.dispose()
//   signatures   every defined function's wasm signature before lowering, e.g. '(i64)->()'
//
// After lowering, every value is an i32 (i64 is split into pairs by binaryen's
// i64-to-i32-lowering, with the high half of results in the global
// i64toi32_i32$HIGH_BITS), expressions are trees, there are no local.tee and
// no values flow out of block/if/loop. The passes are function-local: nothing
// is inlined or merged, so every function keeps the name V8 reports for it.
//
// The lowering changes signatures ((i64) -> () becomes (i32, i32) -> ()), so
// call_indirect's signature check is planted first: each call_indirect's table
// index goes through a call of an import of module INDIRECT_CHECK_MODULE whose
// base is the site's original signature. No pass drops or moves a call of an
// import, and the value it returns is the index the call uses, so the code
// generator checks every indirect call against the signature the wasm meant
// (docs/abi.md §8).
//
// This module is the only place that knows pass names.

import binaryen from 'binaryen';
import { INDIRECT_CHECK_MODULE } from './ir.ts';
import { checkSupported, childrenOf, wasmSignature } from './read-module.ts';

export interface LoweredModule {
  module: binaryen.Module;
  /** Defined function name -> its signature before lowering (read-module.ts's wasmSignature). */
  signatures: Map<string, string>;
}

const FEATURES =
  binaryen.Features.MVP | binaryen.Features.MutableGlobals | binaryen.Features.NontrappingFPToInt |
  binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt | binaryen.Features.SignExt;

/** i64 -> i32 pairs, the way wasm2js does it. Needs flat IR. */
const LOWERING = ['legalize-js-interface', 'remove-non-js-ops', 'flatten', 'i64-to-i32-lowering'];

/** Clean up what the lowering leaves: constants, copies, dead code. All function-local. */
const OPTIMIZE = [
  'simplify-locals-nonesting', 'precompute-propagate', 'optimize-instructions', 'simplify-locals',
  'vacuum', 'remove-unused-brs',
];
const OPTIMIZE_AFTER_COALESCING = ['simplify-locals', 'merge-blocks', 'remove-unused-brs', 'vacuum'];

/** Back to the shape the code generator wants: trees without tees or block values. */
const FINAL = ['flatten', 'simplify-locals-notee-nostructure'];
const FINAL_CLEANUP = ['reorder-locals', 'remove-unused-names', 'vacuum'];

/**
 * coalesce-locals merges the temporaries flatten leaves, but its interference
 * graph grows with the square of the locals: functions with more are left as
 * they are (their locals just take more frame slots).
 */
const COALESCE_MAX_LOCALS = 400;

/** Lowers asc's output; `fileName` names the source in UserErrors (docs/abi.md §11). */
export function lowerWasm(wasm: Uint8Array, fileName: string, optimize = true): LoweredModule {
  binaryen.setDebugInfo(true); // keep function names
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(0);
  const module = binaryen.readBinary(wasm);
  try {
    checkSupported(module, fileName);
  } catch (e) {
    module.dispose();
    throw e;
  }
  module.setFeatures(FEATURES);
  const signatures = plantIndirectCallChecks(module);
  module.runPasses(LOWERING);
  if (optimize) {
    module.runPasses(OPTIMIZE);
    coalesceLocals(module);
    module.runPasses(OPTIMIZE_AFTER_COALESCING);
  }
  module.runPasses(FINAL);
  coalesceLocals(module);
  module.runPasses(FINAL_CLEANUP);
  return { module, signatures };
}

/** binaryen.js's expression setter for call_indirect, which its typings leave out. */
const CALL_INDIRECT = (binaryen as unknown as { CallIndirect: { setTarget(e: number, target: number): void } }).CallIndirect;

/** Routes every call_indirect's index through its signature's check import; returns the functions' signatures. */
function plantIndirectCallChecks(module: binaryen.Module): Map<string, string> {
  const signatures = new Map<string, string>();
  const checks = new Map<string, string>();
  const checkOf = (signature: string): string => {
    let name = checks.get(signature);
    if (!name) {
      name = `__wasm_indirect_check${checks.size}`;
      module.addFunctionImport(name, INDIRECT_CHECK_MODULE, signature, binaryen.i32, binaryen.i32);
      checks.set(signature, name);
    }
    return name;
  };
  const visit = (e: number): void => {
    for (const child of childrenOf(e)) visit(child);
    if (binaryen.getExpressionId(e) !== binaryen.CallIndirectId) return;
    const info = binaryen.getExpressionInfo(e) as unknown as { target: number; params: number; results: number };
    const signature = wasmSignature(info.params, info.results);
    CALL_INDIRECT.setTarget(e, module.call(checkOf(signature), [info.target], binaryen.i32));
  };
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module) continue;
    signatures.set(info.name, wasmSignature(info.params, info.results));
    visit(info.body);
  }
  return signatures;
}

function coalesceLocals(module: binaryen.Module): void {
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const fn = module.getFunctionByIndex(i);
    const info = binaryen.getFunctionInfo(fn);
    if (!info.module && info.vars.length <= COALESCE_MAX_LOCALS) module.runPassesOnFunction(fn, ['coalesce-locals']);
  }
}
