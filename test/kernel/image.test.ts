// Kernel images (tools/kernel/image.ts): user programs added to the initial
// ramdisk next to the built ones, and what is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../emu/user-error.ts';
import { buildUserProgram } from '../../tools/build/kernel.ts';
import { withExtraPrograms } from '../../tools/kernel/image.ts';
import { bootKernel, kernelElf } from './kernel-harness.ts';

beforeAll(() => kernelElf(), 300_000);

describe('withExtraPrograms', () => {
  it('adds a program compiled for the user target, which the boot command runs', async () => {
    const hello = await buildUserProgram('test/kernel/fixtures/hello_extra.ts');
    const elf = withExtraPrograms(await kernelElf(), { hello_extra: hello });
    const run = await bootKernel({ elf, command: 'ls /bin | cat; hello_extra a b; echo status $?; hello_extra' });
    expect(run.output).toContain('hello_extra\n');
    expect(run.output).toContain('usertests\n'); // the built programs are still there
    expect(run.output).toContain('hello from an extra program: a,b\nstatus 7\nhello from an extra program: \n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 7 });
  }, 120_000);

  it('refuses what is not a user program, and names that clash, with one-line UserErrors', async () => {
    const kernel = await kernelElf();
    const refused = (programs: Record<string, Uint8Array>): Error => {
      try {
        withExtraPrograms(kernel, programs);
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    };
    const cases: [Record<string, Uint8Array>, RegExp][] = [
      [{ junk: new TextEncoder().encode('not an ELF') }, /^junk: /],
      [{ kernel }, /^kernel: not a program for the user target/],
      [{ sh: kernel }, /^'sh': the ramdisk already has a program of that name$/],
      [{ 'bin/x': kernel }, /^'bin\/x': a ramdisk program name is/],
    ];
    for (const [programs, message] of cases) {
      const e = refused(programs);
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('\n');
    }
  });
});
