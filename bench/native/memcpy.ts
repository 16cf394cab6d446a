// Native counterpart of bench/programs/memcpy.s: copy 64 KiB dword by dword,
// `passes` times, between two buffers in linear memory.
const SRC: usize = 0x10000;
const DST: usize = 0x30000;
const DWORDS: u32 = 16384;

export function run(passes: u32): u32 {
  if (memory.size() < 8) memory.grow(8 - memory.size());
  for (let pass: u32 = 0; pass < passes; pass++) {
    let src = SRC;
    let dst = DST;
    for (let i: u32 = 0; i < DWORDS; i++) {
      store<u32>(dst, load<u32>(src));
      src += 4;
      dst += 4;
    }
  }
  return load<u32>(DST + 4 * (DWORDS - 1));
}
