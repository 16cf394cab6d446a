// The wasm core seen through the IsaTestCpu interface of run-case.ts.
//
//   await coreCpuFactory()  -> CpuFactory (synchronous, as run-case.ts needs)
//   adaptCore(core, bus)    -> IsaTestCpu for an existing Core (tests that also
//                              call core.run())
//
// The scripted bus is polled the way the machine drives the core: the
// interrupt line is sampled before each step and after each acknowledge.

import { StopReason } from '../../emu/cpu-state.ts';
import { Core, type WasmModule } from '../../emu/core-host.ts';
import { coreModule } from '../core/core-module.ts';
import type { CpuFactory, IsaTestCpu, TestBus } from './run-case.ts';

export function createTestCore(module: WasmModule, ramBytes: number, bus: TestBus): Core {
  let core: Core | null = null;
  core = Core.createSync({
    ramBytes,
    module,
    io: {
      portRead: (port, size) => bus.portRead(port, size as 1 | 2 | 4),
      portWrite: (port, size, value) => bus.portWrite(port, size as 1 | 2 | 4, value),
      intAck: () => {
        const vector = bus.acknowledgeInterrupt();
        core!.setInterruptLine(bus.interruptPending());
        return vector;
      },
    },
  });
  return core;
}

export function adaptCore(c: Core, bus: TestBus): IsaTestCpu {
  return {
    writeMemory: (physical, bytes) => {
      for (let i = 0; i < bytes.length; i++) {
        const a = (physical + i) >>> 0;
        if (a < c.ramBytes) c.ram[a] = bytes[i];
      }
      c.invalidateCode(physical, bytes.length);
    },
    readMemory: (physical, length) => Uint8Array.from({ length }, (_, i) => c.readPhysical8(physical + i)),
    setState: (state) => c.setState(state),
    getState: () => c.getState(),
    step: () => {
      c.setInterruptLine(bus.interruptPending());
      const result = c.step();
      return result === StopReason.Step ? null : result;
    },
    addIdleCycles: (cycles) => c.addIdleCycles(cycles),
    counters: () => c.counters(),
  };
}

export async function coreCpuFactory(): Promise<CpuFactory> {
  const module = await coreModule();
  return ({ ramBytes, bus }) => adaptCore(createTestCore(module, ramBytes, bus), bus);
}
