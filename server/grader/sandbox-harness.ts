// The in-isolate half of the sandbox, as JavaScript source. It is evaluated in every fresh
// context BEFORE student code, so it captures the built-ins it relies on (JSON, Reflect, Object,
// String.prototype.slice...) in a closure that student code cannot reach or monkey-patch.
// It returns { load, call, drain }; the host keeps References to those three functions, so
// nothing the student does to globals can redirect them.
//
// Everything that crosses back to the host is a JSON *string* built here, inside the isolate and
// under the host's timeout: getters and Proxy traps on a student's result therefore run in the
// isolate, never on the host. The host parses that string and trusts nothing in it.
//
// Kept as a string (not a stringified function) so no transpiler helper (__name, coverage
// counters) can leak into the isolate.
export const HARNESS_SOURCE = String.raw`(function () {
"use strict";
const G = globalThis;
const ReflectApply = Reflect.apply;
const JSONparse = JSON.parse;
const JSONstringify = JSON.stringify;
const isArray = Array.isArray;
const keysOf = Object.keys;
const protoOf = Object.getPrototypeOf;
const defineProperty = Object.defineProperty;
const freeze = Object.freeze;
const isView = ArrayBuffer.isView;
const isFiniteNumber = Number.isFinite;
const isInteger = Number.isInteger;
const StringFn = String;
const strSlice = String.prototype.slice;
const DataViewProto = DataView.prototype;
const BigInt64Proto = BigInt64Array.prototype;
const BigUint64Proto = BigUint64Array.prototype;
const AsyncFunctionProto = protoOf(async function () {});
const GeneratorFunctionProto = protoOf(function* () {});
const AsyncGeneratorFunctionProto = protoOf(async function* () {});
// prototypes whose instances JSON would silently mangle ({} for a Map, a string for a Date)
const SPECIAL = [
  [Map.prototype, "a Map"], [Set.prototype, "a Set"], [WeakMap.prototype, "a WeakMap"], [WeakSet.prototype, "a WeakSet"],
  [Date.prototype, "a Date"], [RegExp.prototype, "a RegExp"], [Error.prototype, "an Error"], [Promise.prototype, "a Promise"],
  [ArrayBuffer.prototype, "an ArrayBuffer"],
];

// Not needed by any exercise, and each widens what student code can do: WebAssembly memory is
// not counted against the isolate's memoryLimit (a 2 GB Memory.grow succeeds), shared memory
// enables Atomics.wait blocking. The isolate has no require/process/timers/network to begin with.
for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics"]) {
  try { delete G[name]; } catch (e) {}
}

function cut(s, n) { return s.length > n ? ReflectApply(strSlice, s, [0, n]) : s; }

// ---- console: buffers the first LOG_LIMIT characters, counts (never stores) the rest ----
const LOG_LIMIT = 4096;
let logText = "";
let logDropped = 0;

function fmt(v, depth, budget) {
  switch (typeof v) {
    case "string": return depth === 0 ? cut(v, budget) : JSONstringify(cut(v, budget));
    case "number": case "boolean": case "undefined": return "" + v;
    case "bigint": return v + "n";
    case "symbol": return StringFn(v);
    case "function": return "[Function]";
  }
  if (v === null) return "null";
  if (depth >= 3) return isArray(v) ? "[Array]" : "[Object]";
  let s;
  if (isArray(v) || (isView(v) && protoOf(v) !== DataViewProto)) {
    const n = v.length;
    s = "[";
    for (let i = 0; i < n; i++) {
      if (s.length > budget || i >= 100) { s += ", ..." + (n - i) + " more"; break; }
      s += (i ? ", " : "") + fmt(v[i], depth + 1, budget - s.length);
    }
    return s + "]";
  }
  const ks = keysOf(v);
  s = "{";
  for (let i = 0; i < ks.length; i++) {
    if (s.length > budget || i >= 50) { s += ", ..."; break; }
    s += (i ? ", " : " ") + ks[i] + ": " + fmt(v[ks[i]], depth + 1, budget - s.length);
  }
  return s + (ks.length ? " }" : "}");
}

// false while a hidden test runs: its inputs must not reach the student through their own logging
let logVisible = true;
let logHidden = 0;

function log() {
  const n = arguments.length;
  if (!logVisible) {
    for (let i = 0; i < n; i++) { const a = arguments[i]; logHidden += (typeof a === "string" ? a.length : 1) + 1; }
    return;
  }
  if (logText.length >= LOG_LIMIT) {
    // full: count what we drop without formatting it (100 MB of logging stays cheap)
    for (let i = 0; i < n; i++) { const a = arguments[i]; logDropped += (typeof a === "string" ? a.length : 1) + 1; }
    return;
  }
  let line = "";
  for (let i = 0; i < n; i++) {
    const a = arguments[i];
    if (line.length > LOG_LIMIT) { logDropped += typeof a === "string" ? a.length : 1; continue; }
    if (typeof a === "string" && a.length > LOG_LIMIT) logDropped += a.length - LOG_LIMIT;
    let piece;
    try { piece = fmt(a, 0, LOG_LIMIT); } catch (e) { piece = "[unprintable]"; }
    line += (i ? " " : "") + piece;
  }
  line += "\n";
  const room = LOG_LIMIT - logText.length;
  if (line.length > room) { logDropped += line.length - room; logText += cut(line, room); }
  else logText += line;
}
const consoleObj = freeze({ log: log, info: log, warn: log, error: log, debug: log, trace: log, dir: log, table: log });
defineProperty(G, "console", { value: consoleObj, writable: true, configurable: true, enumerable: false });

function requireStub(name) {
  throw new Error("require(" + (typeof name === "string" ? JSONstringify(cut(name, 100)) : "...") + ") / import() is not available: your solution must be self-contained (no modules)");
}

// ---- errors ----
function errorJson(kind, e) {
  let name = "Error", message = "", stack = "";
  try {
    if (e !== null && (typeof e === "object" || typeof e === "function")) {
      const n = e.name, m = e.message, st = e.stack;
      if (typeof n === "string") name = cut(n, 100);
      if (typeof m === "string") message = cut(m, 1000);
      if (typeof st === "string") stack = cut(st, 2000);
    } else {
      name = "thrown value";
      message = cut(StringFn(e), 1000);
    }
  } catch (e2) {
    message = "(an exception whose details could not be read)";
  }
  return '{"ok":false,"kind":' + JSONstringify(kind) + ',"name":' + JSONstringify(name) + ',"message":' + JSONstringify(message) + ',"stack":' + JSONstringify(stack) + "}";
}

function invalidJson(code, path, detail) {
  return '{"ok":false,"kind":"invalid_output","code":' + JSONstringify(code) + ',"path":' + JSONstringify(cut(path, 200)) + ',"detail":' + JSONstringify(cut(detail, 300)) + "}";
}

// ---- result serialisation: one pass that validates and writes JSON, bounded in size and depth ----
const MAX_DEPTH = 64;

function specialKind(v) {
  let p = protoOf(v);
  for (let hops = 0; p !== null && hops < 32; hops++) {
    for (let i = 0; i < SPECIAL.length; i++) if (SPECIAL[i][0] === p) return SPECIAL[i][1];
    p = protoOf(p);
  }
  return "";
}

// returns undefined on success, or { c: code, p: path suffix, d: detail }
function ser(v, depth, st) {
  switch (typeof v) {
    case "number":
      // Non-finite numbers travel as {"$nf": "..."} (JSON has no NaN) and the host revives them, so
      // a checks.ts can compare them and recognise mistakes such as an unstable softmax.
      if (!isFiniteNumber(v)) st.out += v !== v ? '{"$nf":"NaN"}' : v > 0 ? '{"$nf":"Infinity"}' : '{"$nf":"-Infinity"}';
      else st.out += "" + v;
      break;
    case "string":
      if (v.length > st.limit) return { c: "too_big", p: "", d: "" };
      st.out += JSONstringify(v);
      break;
    case "boolean":
      st.out += v ? "true" : "false";
      break;
    case "undefined": return { c: "undefined", p: "", d: "" };
    case "function": return { c: "function", p: "", d: "" };
    case "bigint": return { c: "bigint", p: "", d: "" };
    case "symbol": return { c: "symbol", p: "", d: "" };
    default: {
      if (v === null) { st.out += "null"; break; }
      if (depth >= MAX_DEPTH) return { c: "too_deep", p: "", d: "" };
      for (let i = 0; i < depth; i++) if (st.anc[i] === v) return { c: "circular", p: "", d: "" };
      st.anc[depth] = v;
      if (typeof v.then === "function") return { c: "promise", p: "", d: "" };
      const array = isArray(v);
      if (array || isView(v)) {
        if (!array) {
          const p = protoOf(v);
          if (p === DataViewProto) return { c: "special", p: "", d: "a DataView" };
          if (p === BigInt64Proto || p === BigUint64Proto) return { c: "bigint", p: "", d: "" };
        }
        const n = v.length;
        if (!isInteger(n) || n < 0) return { c: "bad_length", p: "", d: "" + n };
        st.out += "[";
        for (let i = 0; i < n; i++) {
          if (i) st.out += ",";
          const r = ser(v[i], depth + 1, st);
          if (r) return { c: r.c, p: "[" + i + "]" + r.p, d: r.d };
          if (st.out.length > st.limit) return { c: "too_big", p: "", d: "" };
        }
        st.out += "]";
      } else {
        const kind = specialKind(v);
        if (kind) return { c: "special", p: "", d: kind };
        const ks = keysOf(v);
        st.out += "{";
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          st.out += (i ? "," : "") + JSONstringify(k) + ":";
          const r = ser(v[k], depth + 1, st);
          if (r) return { c: r.c, p: "." + cut(k, 40) + r.p, d: r.d };
          if (st.out.length > st.limit) return { c: "too_big", p: "", d: "" };
        }
        st.out += "}";
      }
    }
  }
  if (st.out.length > st.limit) return { c: "too_big", p: "", d: "" };
  return undefined;
}

// ---- the three entry points the host holds References to ----
let entry = null;
let outputLimit = 1048576;

function load(factory, entryName, limit) {
  outputLimit = limit;
  const module = { exports: {} };
  try {
    ReflectApply(factory, undefined, [module.exports, module, requireStub]);
  } catch (e) {
    return errorJson("runtime_error", e);
  }
  let fn, names = "";
  try {
    const ex = module.exports;
    fn = ex === null || ex === undefined ? undefined : ex[entryName];
    if (typeof fn !== "function" && ex !== null && typeof ex === "object") names = cut(keysOf(ex).join(", "), 300);
  } catch (e) {
    return errorJson("runtime_error", e);
  }
  if (typeof fn !== "function") return '{"ok":false,"kind":"no_entry","exports":' + JSONstringify(names) + "}";
  const p = protoOf(fn);
  if (p === AsyncFunctionProto || p === AsyncGeneratorFunctionProto) return '{"ok":false,"kind":"async_entry"}';
  if (p === GeneratorFunctionProto) return '{"ok":false,"kind":"generator_entry"}';
  entry = fn;
  return '{"ok":true}';
}

// A {"__rand": [...]} argument becomes a function returning those numbers in order, cycling.
function materialise(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a !== null && typeof a === "object" && !isArray(a) && isArray(a.__rand)) {
      const seq = a.__rand;
      let k = 0;
      args[i] = function rand() { const x = seq[k % seq.length]; k++; return x; };
    }
  }
  return args;
}

function call(argsJson, showLog) {
  logVisible = showLog === true;
  if (entry === null) return errorJson("runtime_error", new Error("no entry function loaded"));
  const args = materialise(JSONparse(argsJson));
  let value;
  try {
    value = ReflectApply(entry, undefined, args);
  } catch (e) {
    return errorJson("runtime_error", e);
  }
  if (value === undefined) return invalidJson("returned_undefined", "", "");
  const st = { out: "", limit: outputLimit, anc: [] };
  let r;
  try {
    r = ser(value, 0, st);
  } catch (e) {
    return errorJson("output_threw", e);
  }
  if (r) return invalidJson(r.c, r.p, r.d);
  return '{"ok":true,"value":' + st.out + "}";
}

function drain() {
  let text = logText;
  let note = "";
  if (logDropped > 0) note += "\n[output truncated: " + logDropped + " more characters not shown]";
  if (logHidden > 0) note += "\n[console output during hidden tests is not shown]";
  if (note) text = cut(text, LOG_LIMIT - note.length) + note;
  return text;
}

return freeze({ load: load, call: call, drain: drain });
})()`;
