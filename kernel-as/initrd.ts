// The initial ramdisk (docs/kernel.md §9), loaded by the boot ROM at PHYS_INITRD.
//
//   initrdinit() -> bool           is there a valid archive?
//   initrdlookup(name) -> index    a file by its name (a wasm C string; any directory
//                                  part is ignored: the archive is flat), or -1
//   initrdcount(), initrdname(i) (a wasm C string), initrddata(i), initrdsize(i)
//   initrdend()                    the first physical byte after the archive

import { INITRD_ALIGN, INITRD_ENTRY, INITRD_HEADER, INITRD_MAGIC, INITRD_NAME, PHYS_INITRD } from "./param";

let count: u32 = 0;
let bytes: u32 = 0;

export function initrdinit(): bool {
  if (load<u32>(PHYS_INITRD) != INITRD_MAGIC) return false;
  count = load<u32>(PHYS_INITRD, 4);
  bytes = load<u32>(PHYS_INITRD, 8);
  return true;
}

export function initrdend(): u32 {
  return PHYS_INITRD + ((bytes + INITRD_ALIGN - 1) & ~(INITRD_ALIGN - 1));
}

export function initrdcount(): u32 { return count; }

function entry(i: u32): u32 { return PHYS_INITRD + INITRD_HEADER + i * INITRD_ENTRY; }

export function initrdname(i: u32): u32 { return entry(i); }
export function initrddata(i: u32): u32 { return PHYS_INITRD + load<u32>(entry(i), INITRD_NAME); }
export function initrdsize(i: u32): u32 { return load<u32>(entry(i), INITRD_NAME + 4); }

/** The part of a path after its last '/'. */
export function basename(path: u32): u32 {
  let base = path;
  for (let p = path; load<u8>(p) != 0; p++) if (load<u8>(p) == 47) base = p + 1;
  return base;
}

export function initrdlookup(path: u32): i32 {
  const name = basename(path);
  for (let i: u32 = 0; i < count; i++) {
    const e = entry(i);
    let k: u32 = 0;
    while (k < INITRD_NAME && load<u8>(e + k) == load<u8>(name + k) && load<u8>(name + k) != 0) k++;
    if (k < INITRD_NAME && load<u8>(e + k) == load<u8>(name + k)) return <i32>i;
  }
  return -1;
}
