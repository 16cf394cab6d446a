// The shell, the line discipline and the small commands, through the console.
import { beforeAll, describe, expect, it } from 'vitest';
import { bootKernel, kernelElf } from './kernel-harness.ts';

// Building the kernel and its programs takes a while on a busy machine.
beforeAll(() => kernelElf(), 300_000);

describe('sh', () => {
  it('runs pipelines, redirections, ; and && with exit statuses', async () => {
    const run = await bootKernel({
      command: 'echo one two | cat; false && echo never; true && echo yes; cat < /proc/stat > /dev/console | cat; echo status $?; exit 3',
    });
    expect(run.output).toContain('one two\n');
    expect(run.output).not.toContain('never');
    expect(run.output).toContain('yes\n');
    expect(run.output).toMatch(/ticks \d+\ncycles \d+\nswitches/);
    expect(run.output).toContain('status 0\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 3 });
  });

  it('expands $? when each command runs, not when the line is read', async () => {
    const run = await bootKernel({ command: 'false; echo after false $?; true; echo after true $?; nosuch; echo $?' });
    expect(run.output).toContain('after false 1\nafter true 0\n');
    expect(run.output).toContain('sh: nosuch: no such file or directory\n127\n');
  });

  it('reports a missing command with status 127', async () => {
    const run = await bootKernel({ command: 'nosuch' });
    expect(run.output).toContain('sh: nosuch: no such file or directory\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 127 });
  });

  it('ls, ps and kill', async () => {
    const run = await bootKernel({ command: 'ls /bin | cat; ps; kill 999' });
    expect(run.output).toContain('usertests\n');
    expect(run.output).toMatch(/PID +PPID S +VOL INVOL +SYSCALLS NAME\n +1 +0 S .* init\n/);
    expect(run.output).toContain('kill: 999: no such process\n');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 1 });
  });
});

describe('console line discipline', () => {
  it('echoes, erases with backspace, ends input with ^D and kills the foreground with ^C', async () => {
    const run = await bootKernel({
      input: 'echo abX\x7fc\n',
      steps: [
        { cycles: 50_000_000n, send: 'spin 1000 1\n' },
        { cycles: 50_000_000n, send: '\x03' },
        { cycles: 50_000_000n, send: 'cat\n' },
        { cycles: 50_000_000n, send: 'partial\x04' },
        { cycles: 50_000_000n, send: '\x04' },
        { cycles: 50_000_000n, send: 'halt 9\n' },
      ],
    });
    expect(run.output).toContain('echo abX\b \bc\nabc\n$ ');
    expect(run.output).toContain('spin 1000 1\n^C\n$ ');
    expect(run.output).toContain('partialpartial');
    expect(run.exit).toMatchObject({ reason: 'exit', status: 9 });
  });
});
