// The reference interpreter seen through the IsaTestCpu interface of run-case.ts.
//
//   makeReferenceCpu({ ramBytes, bus })  -> IsaTestCpu

import { ReferenceCpu } from '../../emu/reference/reference-cpu.ts';
import type { CpuFactory, IsaTestCpu } from './run-case.ts';

export const makeReferenceCpu: CpuFactory = ({ ramBytes, bus }) => {
  const cpu = new ReferenceCpu({ ramBytes, bus });
  const adapter: IsaTestCpu = {
    writeMemory: (physical, bytes) => cpu.writePhysical(physical, bytes),
    readMemory: (physical, length) => cpu.readPhysical(physical, length),
    setState: (state) => cpu.setState(state),
    getState: () => cpu.getState(),
    step: () => cpu.step(),
    addIdleCycles: (cycles) => cpu.addIdleCycles(cycles),
    counters: () => cpu.counters(),
  };
  return adapter;
};
