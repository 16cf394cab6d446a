// Native counterpart of bench/programs/syscall-loop.s: the nearest native
// analogue of a null system call is a call across the wasm/host boundary to a
// function that does nothing.
@external("env", "nullCall")
declare function nullCall(): void;

export function run(rounds: u32): u32 {
  for (let r: u32 = rounds; r != 0; r--) nullCall();
  return 0;
}
