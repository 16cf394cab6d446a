// Native counterpart of bench/programs/int-loop.s: the same arithmetic, the
// same iteration count, the same result (the emulated exit status is its low byte).
export function run(iterations: u32): u32 {
  let eax: u32 = 0x12345678;
  let ebx: u32 = 0x9e3779b9;
  let edx: u32 = 0;
  for (let ecx: u32 = iterations; ecx != 0; ecx--) {
    eax += ebx;
    ebx ^= eax;
    ebx = rotl<u32>(ebx, 7);
    eax -= ecx;
    edx = (eax + ebx * 2) & 0xffff;
  }
  return eax + edx;
}
