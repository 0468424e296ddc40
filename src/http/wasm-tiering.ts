// undici parses HTTP with llhttp compiled to WebAssembly. After a few responses V8 starts recompiling
// llhttp's parser with its optimizing compiler on a background thread, and the process cannot exit
// until that compile is done: 50 to 130 ms after the last line of a run with three requests (verify
// on; measured on a busy 2-core machine), spent speeding up a parser that has nothing left to parse.
// With a higher tiering budget llhttp stays on V8's baseline compiler, which parses a step's few
// kilobytes just as well. The flag must be set before undici starts compiling llhttp, which it does
// when loaded: src/undici.ts imports this module first.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--wasm-tiering-budget=1000000000');
