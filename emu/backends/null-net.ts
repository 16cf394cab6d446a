// The null network: transmitted frames vanish and nothing ever arrives.

import type { NetBackend } from '../devices/nic.ts';

export class NullNet implements NetBackend {
  transmit(): void {}

  nextArrival(): bigint | null {
    return null;
  }

  takeArrival(): Uint8Array {
    throw new Error('null network: no frame to take');
  }

  save(): unknown {
    return { backend: 'null' };
  }

  load(): void {}
}
