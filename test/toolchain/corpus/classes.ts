// @ts-nocheck  (AssemblyScript)
// Classes: fields, inheritance, overridden (virtual) methods, static members, instanceof.
import { puts, nl, putI32, putc } from "./lib/io";

abstract class Shape {
  static count: i32 = 0;
  constructor(public id: i32) { Shape.count++; }
  abstract area(): i32;
  describe(): string { return "shape" + this.id.toString(); }
}

class Rect extends Shape {
  constructor(id: i32, public w: i32, public h: i32) { super(id); }
  area(): i32 { return this.w * this.h; }
  describe(): string { return "rect" + this.id.toString(); }
}

class Square extends Rect {
  constructor(id: i32, side: i32) { super(id, side, side); }
  describe(): string { return "square" + this.id.toString(); }
}

class Tri extends Shape {
  constructor(id: i32, public b: i32, public h: i32) { super(id); }
  area(): i32 { return this.b * this.h / 2; }
}

export function main(): i32 {
  const shapes = new Array<Shape>();
  for (let i = 0; i < 9; i++) {
    if (i % 3 == 0) shapes.push(new Rect(i, i + 1, i + 2));
    else if (i % 3 == 1) shapes.push(new Square(i, i));
    else shapes.push(new Tri(i, i * 2, 5));
  }
  let total = 0;
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i];
    puts(s.describe()); putc(32); putI32(s.area()); putc(32);
    putI32(s instanceof Rect ? 1 : 0); putI32(s instanceof Square ? 1 : 0); putI32(s instanceof Tri ? 1 : 0); nl();
    total += s.area();
  }
  puts("count "); putI32(Shape.count); nl();
  return total & 255;
}
