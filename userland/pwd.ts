// pwd: prints the current directory's absolute path.
import { getcwd, print, perror } from "./lib/libc";

export function main(): i32 {
  const cwd = getcwd();
  if (cwd.length == 0) { perror("pwd"); return 1; }
  print(cwd + "\n");
  return 0;
}
