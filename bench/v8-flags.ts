// Imported first by bench/run.ts: compile every wasm module straight with V8's
// optimising tier. Otherwise a module's first, long call runs in the baseline
// tier (Liftoff) and the figures measure V8's warm-up, not the code.
import v8 from 'node:v8';

v8.setFlagsFromString('--no-liftoff');
