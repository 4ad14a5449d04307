// Runs a wasm32-wasip1 build (an example) in Node's V8, the engine of workerd:
// node bench/wasi.mjs FILE.wasm [ARGS...]
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
const wasi = new WASI({ version: 'preview1', args: ['stages', ...process.argv.slice(3)], env: {}, returnOnExit: true });
const mod = await WebAssembly.compile(readFileSync(process.argv[2]));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
// The example's exit status is this process's (a failed check fails the caller).
process.exitCode = wasi.start(inst);
