// Sums the Liftoff compilations V8 traced (--trace-wasm-compilation-times,
// on stdin) into one line: functions compiled and bytes of function body.
// With TOP=N, the N largest, named from the wasm's name section.
// node bench/first-code.mjs LABEL FILE.wasm < trace   (see first-code.sh)
import { readFileSync } from 'node:fs';

const [label, wasmPath] = process.argv.slice(2);
const fns = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  const m = /#(\d+) using Liftoff.*bodysize (\d+)/.exec(line);
  if (m) fns.push({ index: +m[1], bytes: +m[2] });
}
const total = fns.reduce((s, f) => s + f.bytes, 0);
console.log(`${label.padEnd(16)} ${String(fns.length).padStart(4)} functions ${total.toLocaleString('en-US').padStart(9)} B of code`);

const top = Number(process.env.TOP || 0);
if (top > 0) {
  const names = functionNames(readFileSync(wasmPath));
  for (const f of fns.sort((a, b) => b.bytes - a.bytes).slice(0, top)) {
    console.log(`  ${String(f.bytes).padStart(7)} B  ${(names.get(f.index) ?? `#${f.index}`).slice(0, 120)}`);
  }
}

// Function index → name, from the "name" custom section (subsection 1).
function functionNames(d) {
  const names = new Map();
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = d[i++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
    return r >>> 0;
  };
  while (i < d.length) {
    const id = d[i++];
    const size = leb();
    const end = i + size;
    if (id === 0) {
      const n = leb();
      const name = d.subarray(i, i + n).toString();
      i += n;
      if (name === 'name') {
        while (i < end) {
          const sub = d[i++];
          const len = leb();
          const subEnd = i + len;
          if (sub === 1) {
            for (let k = leb(); k > 0; k--) {
              const idx = leb();
              const l = leb();
              names.set(idx, d.subarray(i, i + l).toString());
              i += l;
            }
          }
          i = subEnd;
        }
      }
    }
    i = end;
  }
  return names;
}
