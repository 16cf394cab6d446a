// wasm -> binaryen module in the shape the code generator reads (docs/abi.md §1).
//
//   const module = lowerWasm(wasmBytes);   // caller disposes: module.dispose()
//
// After lowering, every value is an i32 (i64 is split into pairs by binaryen's
// i64-to-i32-lowering, with the high half of results in the global
// i64toi32_i32$HIGH_BITS), expressions are trees, there are no local.tee and
// no values flow out of block/if/loop. The passes are function-local: nothing
// is inlined or merged, so every function keeps the name V8 reports for it.
//
// This module is the only place that knows pass names.

import binaryen from 'binaryen';
import { checkSupported } from './read-module.ts';

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
export function lowerWasm(wasm: Uint8Array, fileName: string, optimize = true): binaryen.Module {
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
  module.runPasses(LOWERING);
  if (optimize) {
    module.runPasses(OPTIMIZE);
    coalesceLocals(module);
    module.runPasses(OPTIMIZE_AFTER_COALESCING);
  }
  module.runPasses(FINAL);
  coalesceLocals(module);
  module.runPasses(FINAL_CLEANUP);
  return module;
}

function coalesceLocals(module: binaryen.Module): void {
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const fn = module.getFunctionByIndex(i);
    const info = binaryen.getFunctionInfo(fn);
    if (!info.module && info.vars.length <= COALESCE_MAX_LOCALS) module.runPassesOnFunction(fn, ['coalesce-locals']);
  }
}
