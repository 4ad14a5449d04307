// Where a region of one render sits in another: for each rectangle
// x0,y0,x1,y1 of image A, the offset (dx, dy within ±20, ±40 px) at which
// image B matches it best, and the mean difference there. How the offsets in
// notes.mjs were measured (renders kept with COMPAT_KEEP=DIR, see compat.mjs):
//
//   node bench/compat/shift.mjs A.png B.png 70,220,1060,290 [...]
import pngjs from 'pngjs'; import { readFileSync } from 'node:fs';
const { PNG } = pngjs;
const [a, b, ...rects] = process.argv.slice(2);
const A = PNG.sync.read(readFileSync(a)), B = PNG.sync.read(readFileSync(b));
const W = A.width;
for (const r of rects) {
  const [x0, y0, x1, y1] = r.split(',').map(Number);
  let best = null;
  for (let dy = -40; dy <= 40; dy++) for (let dx = -20; dx <= 20; dx++) {
    let s = 0, n = 0;
    for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) {
      const yy = y + dy, xx = x + dx; if (yy < 0 || yy >= A.height || xx < 0 || xx >= W) continue;
      const i = (y * W + x) * 4, j = (yy * W + xx) * 4;
      for (let c = 0; c < 3; c++) s += Math.abs(A.data[i+c] - B.data[j+c]); n += 3;
    }
    const m = s / n; if (!best || m < best.m) best = { dx, dy, m };
  }
  let s0 = 0, n0 = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) { const i = (y*W+x)*4; for (let c=0;c<3;c++) s0 += Math.abs(A.data[i+c]-B.data[i+c]); n0+=3; }
  console.log(r, 'unshifted', (s0/n0).toFixed(2), 'best: B is at dx', best.dx, 'dy', best.dy, 'mad', best.m.toFixed(2));
}
