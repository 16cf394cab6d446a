// sh: the shell (docs/kernel.md §13).
//
//   sh            reads command lines from the console, prompt "$ ", until end of file
//   sh -c LINE    runs LINE and exits with its status
//
// A line is pipelines separated by `;` (run the next one anyway) or `&&` (run it
// if the last status was 0); a pipeline is commands joined by `|`; a command is
// words with `< file`, `> file` (created with mode 0o644 or truncated), `>> file`
// (created or appended to). Words may be quoted with '...' or "..."; `$?` is the
// last status. Builtins: `cd [DIR]` (default /), `exit [STATUS]`.
// Each pipeline runs in its own process group, which gets the console (^C).
//
//   echo hi | cat > /dev/console && echo ok ; exit $?

import {
  args, close, dup, eprint, exec, exit, fork, LineReader, open, pipe, print, setpgid, strerror,
  tcsetpgrp, wait, waitStatus, chdir, errno, perror, O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND,
} from "./lib/libc";

class Command {
  argv: string[] = [];
  input: string | null = null;
  output: string | null = null;
  append: bool = false;
}

class Pipeline {
  commands: Command[] = [];
  /** How it joins the previous pipeline: ";" or "&&". */
  joiner: string = ";";
}

let status: i32 = 0;

function isSpace(c: i32): bool { return c == 32 || c == 9 || c == 10 || c == 13; }

/** Words and operators; null after printing a syntax error. */
function tokenize(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c == 35) break; // # comment
    if (line.startsWith("&&", i) || line.startsWith(">>", i)) { out.push(line.substr(i, 2)); i += 2; continue; }
    if (c == 124 || c == 59 || c == 60 || c == 62) { out.push(line.charAt(i)); i++; continue; }
    let word = "\u0001"; // marks a word, so that a quoted "|" is not an operator
    while (i < line.length) {
      const d = line.charCodeAt(i);
      if (isSpace(d) || d == 124 || d == 59 || d == 60 || d == 62 || line.startsWith("&&", i)) break;
      if (d == 39 || d == 34) {
        const end = line.indexOf(line.charAt(i), i + 1);
        if (end < 0) { eprint("sh: unterminated quote\n"); return null; }
        word += line.substring(i + 1, end);
        i = end + 1;
        continue;
      }
      if (line.startsWith("$?", i)) { word += LAST_STATUS; i += 2; continue; } // expanded when it runs
      word += line.charAt(i);
      i++;
    }
    out.push(word);
  }
  return out;
}

/** `$?` in a word until the pipeline runs: `false; echo $?` prints 1, the status when echo starts. */
const LAST_STATUS = "\u0002";

function expand(s: string): string { return s.includes(LAST_STATUS) ? s.replaceAll(LAST_STATUS, status.toString()) : s; }

function expandPipeline(p: Pipeline): void {
  for (let i = 0; i < p.commands.length; i++) {
    const c = p.commands[i];
    for (let k = 0; k < c.argv.length; k++) c.argv[k] = expand(c.argv[k]);
    if (c.input != null) c.input = expand(c.input!);
    if (c.output != null) c.output = expand(c.output!);
  }
}

function isWord(t: string): bool { return t.length > 0 && t.charCodeAt(0) == 1; }
function wordText(t: string): string { return t.substring(1); }

function parse(tokens: string[]): Pipeline[] | null {
  const list: Pipeline[] = [];
  let pipeline = new Pipeline();
  let command = new Command();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t)) { command.argv.push(wordText(t)); continue; }
    if (t == "<" || t == ">" || t == ">>") {
      if (i + 1 >= tokens.length || !isWord(tokens[i + 1])) { eprint("sh: missing file name after " + t + "\n"); return null; }
      const file = wordText(tokens[++i]);
      if (t == "<") command.input = file; else { command.output = file; command.append = t == ">>"; }
      continue;
    }
    // | ; &&
    if (command.argv.length == 0) {
      if (t == ";" && pipeline.commands.length == 0) continue;
      eprint("sh: syntax error near " + t + "\n");
      return null;
    }
    pipeline.commands.push(command);
    command = new Command();
    if (t == "|") continue;
    list.push(pipeline);
    pipeline = new Pipeline();
    pipeline.joiner = t;
  }
  if (command.argv.length > 0) pipeline.commands.push(command);
  else if (pipeline.commands.length > 0 || pipeline.joiner == "&&") { eprint("sh: missing command\n"); return null; }
  if (pipeline.commands.length > 0) list.push(pipeline);
  return list;
}

/** Replaces descriptor `fd` by `file` opened with `flags`; false after printing why not. */
function redirect(fd: i32, file: string, flags: i32): bool {
  close(fd);
  const got = open(file, flags, 0o644);
  if (got < 0) { eprint("sh: " + file + ": " + strerror(errno) + "\n"); return false; }
  if (got != fd) { dup(got); close(got); }
  return true;
}

function runChild(c: Command, input: i32, output: i32, other: i32): void {
  if (input >= 0) { close(0); dup(input); close(input); }
  if (output >= 0) { close(1); dup(output); close(output); }
  if (other >= 0) close(other);
  if (c.input != null && !redirect(0, c.input!, O_RDONLY)) exit(1);
  if (c.output != null && !redirect(1, c.output!, O_WRONLY | O_CREAT | (c.append ? O_APPEND : O_TRUNC))) exit(1);
  const name = c.argv[0];
  exec(name.includes("/") ? name : "/bin/" + name, c.argv);
  eprint("sh: " + name + ": " + strerror(errno) + "\n");
  exit(127);
}

function builtin(c: Command): bool {
  const name = c.argv[0];
  if (name == "cd") {
    const dir = c.argv.length > 1 ? c.argv[1] : "/";
    if (chdir(dir) < 0) { eprint("sh: cd: " + dir + ": " + strerror(errno) + "\n"); status = 1; } else status = 0;
    return true;
  }
  if (name == "exit") {
    exit(c.argv.length > 1 ? I32.parseInt(c.argv[1]) : status);
    return true;
  }
  return false;
}

function runPipeline(p: Pipeline, interactive: bool): void {
  if (p.commands.length == 1 && builtin(p.commands[0])) return;
  let input: i32 = -1;
  let group: i32 = 0;
  let last: i32 = -1;
  const n = p.commands.length;
  for (let i = 0; i < n; i++) {
    let fds: StaticArray<i32> | null = null;
    if (i < n - 1) {
      fds = pipe();
      if (fds == null) { perror("sh: pipe"); break; }
    }
    const pid = fork();
    if (pid < 0) { perror("sh: fork"); break; }
    if (pid == 0) runChild(p.commands[i], input, fds != null ? fds[1] : -1, fds != null ? fds[0] : -1);
    if (group == 0) group = pid;
    setpgid(pid, group);
    if (input >= 0) close(input);
    if (fds != null) { close(fds[1]); input = fds[0]; }
    last = pid;
  }
  if (input >= 0) close(input);
  if (interactive && group > 0) tcsetpgrp(group);
  while (true) {
    const w = wait();
    if (w < 0) break;
    if (w == last) status = waitStatus;
  }
  if (interactive) tcsetpgrp(0); // at the prompt, ^C only discards the line
}

function runLine(line: string, interactive: bool): void {
  const tokens = tokenize(line);
  if (tokens == null) { status = 2; return; }
  const list = parse(tokens);
  if (list == null) { status = 2; return; }
  for (let i = 0; i < list.length; i++) {
    if (list[i].joiner == "&&" && status != 0) continue;
    expandPipeline(list[i]);
    runPipeline(list[i], interactive);
  }
}

export function main(): i32 {
  const a = args();
  if (a.length >= 3 && a[1] == "-c") {
    runLine(a[2], false);
    return status;
  }
  setpgid(0, 0);
  const input = new LineReader(0);
  while (true) {
    print("$ ");
    const line = input.next();
    if (line == null) break;
    runLine(line, true);
  }
  return status;
}
