// true: exits with status 0.
export function main(): i32 {
  return 0;
}
