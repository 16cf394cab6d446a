// false: exits with status 1.
export function main(): i32 {
  return 1;
}
