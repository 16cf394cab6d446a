// One differential check: the same wasm natively in V8 and compiled on the
// tx86 machine must print the same bytes and exit with the same status.
//
//   const { native, tx86 } = await runBothWays('test/toolchain/corpus/sort.ts');

import { runNativeWasm, type NativeRun } from '../../tools/native/run-native.ts';
import { compileCached } from './compile-cache.ts';
import { runBareElf, type Tx86Run } from './run-tx86.ts';

export async function runBothWays(file: string): Promise<{ native: NativeRun; tx86: Tx86Run }> {
  const { wasm, elf } = await compileCached(file);
  const native = runNativeWasm(wasm);
  const tx86 = await runBareElf(elf, { maxCycles: 400_000_000 });
  return { native, tx86 };
}
