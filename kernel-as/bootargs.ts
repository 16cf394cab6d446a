// The boot arguments (docs/kernel.md §14): an optional page at PHYS_BOOTARGS,
// magic "ARGS", length, then a line: kernel flags, then the boot command.
//
//   "kernel.heaptest kernel.ncache=8 echo hi"
//     bootflag("heaptest") = true, bootvalue("ncache") = 8,
//     the command (bootcommand(), bootcommandlen()) = "echo hi"
//
// Flags are the leading words that start with "kernel."; the first other word
// starts the command, which init runs with `sh -c` (the bootargs system call
// returns only the command). Flags are test hooks: see main.ts.

import { BOOTARGS_MAGIC, PHYS_BOOTARGS } from "./param";

const PREFIX = "kernel.";

function present(): bool { return load<u32>(PHYS_BOOTARGS) == BOOTARGS_MAGIC; }
function text(): u32 { return PHYS_BOOTARGS + 8; }
function textlen(): u32 { return present() ? min(load<u32>(PHYS_BOOTARGS, 4), 4000) : 0; }

/** Whether the word at [at, end) starts with `s`. */
function startsWith(at: u32, end: u32, s: string): bool {
  if (end - at < <u32>s.length) return false;
  for (let i = 0; i < s.length; i++) if (load<u8>(at + i) != <u8>s.charCodeAt(i)) return false;
  return true;
}

function wordEnd(at: u32, end: u32): u32 {
  while (at < end && load<u8>(at) != 32) at++;
  return at;
}

function skipSpaces(at: u32, end: u32): u32 {
  while (at < end && load<u8>(at) == 32) at++;
  return at;
}

/** The address just past the flags (and the spaces after them). */
function afterFlags(): u32 {
  const end = text() + textlen();
  let at = skipSpaces(text(), end);
  while (at < end && startsWith(at, end, PREFIX)) at = skipSpaces(wordEnd(at, end), end);
  return at;
}

export function bootflag(name: string): bool {
  const end = text() + textlen();
  let at = skipSpaces(text(), end);
  while (at < end && startsWith(at, end, PREFIX)) {
    const w = wordEnd(at, end);
    if (w - at == <u32>(PREFIX.length + name.length) && startsWith(at + PREFIX.length, w, name)) return true;
    at = skipSpaces(w, end);
  }
  return false;
}

/** The number of a flag `kernel.NAME=N` (decimal), or -1 when it is absent or not a number. */
export function bootvalue(name: string): i32 {
  const end = text() + textlen();
  let at = skipSpaces(text(), end);
  while (at < end && startsWith(at, end, PREFIX)) {
    const w = wordEnd(at, end);
    const key = at + PREFIX.length;
    if (startsWith(key, w, name) && key + name.length < w && load<u8>(key + name.length) == 61) {
      let v: i32 = 0;
      let p = key + name.length + 1;
      if (p == w) return -1;
      for (; p < w; p++) {
        const c = <i32>load<u8>(p) - 48;
        if (c < 0 || c > 9 || v > 100000000) return -1;
        v = v * 10 + c;
      }
      return v;
    }
    at = skipSpaces(w, end);
  }
  return -1;
}

/** Whether there is a boot-arguments page at all (the kernel prints no banner then). */
export function haveBootargs(): bool { return present(); }
export function bootcommand(): u32 { return afterFlags(); }
export function bootcommandlen(): u32 { return present() ? text() + textlen() - afterFlags() : 0; }
