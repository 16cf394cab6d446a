// Native counterpart of bench/programs/pointer-chase.s: the same 4096-node
// list, one node per 4 KiB page, followed `steps` times. (The host's own TLB
// and caches apply; the emulated run pays the tx86 TLB's page walks.)
const NODES: u32 = 4096;
const NODE_BASE: usize = 0x10000;

function nodeAddress(index: u32): usize {
  return NODE_BASE + (<usize>index << 12) + ((<usize>index << 6) & 0xfff);
}

export function run(steps: u32): u32 {
  const pagesNeeded = <i32>((NODE_BASE + (<usize>NODES << 12)) >> 16) + 1;
  if (memory.size() < pagesNeeded) memory.grow(pagesNeeded - memory.size());
  for (let i: u32 = 0; i < NODES; i++) {
    store<u32>(nodeAddress(i), <u32>nodeAddress((i * 5 + 1) & (NODES - 1)));
  }
  let node: usize = nodeAddress(0);
  for (let s: u32 = steps; s != 0; s--) node = <usize>load<u32>(node);
  return <u32>node;
}
