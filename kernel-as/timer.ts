// The interval timer (docs/devices.md §timer): a periodic tick every
// TICK_CYCLES cycles drives `ticks`, the sleep system call and the quantum
// (docs/kernel.md §5).
//
//   timerinit()      periodic, IRQ 0
//   timerintr() -> bool   one tick; true when the running thread's quantum is over
//   ticks            ticks since timerinit

import { outl } from "./arch/cpu";
import { QUANTUM_TICKS, TICK_CYCLES } from "./param";
import { wakeup, current } from "./sched";

const TIMER_PERIOD: u32 = 0x40;
const TIMER_CONTROL: u32 = 0x44;
const TIMER_STATUS: u32 = 0x4C;

export let ticks: u32 = 0;
export const ticksChan: u32 = <u32>memory.data(4);

export function timerinit(): void {
  outl(TIMER_PERIOD, TICK_CYCLES);
  outl(TIMER_CONTROL, 3); // enabled, periodic
}

export function timerintr(): bool {
  outl(TIMER_STATUS, 1);
  ticks++;
  wakeup(ticksChan);
  current.ticksUsed++;
  return current.ticksUsed >= QUANTUM_TICKS;
}
