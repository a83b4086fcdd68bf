// protobufjs roots for the three schemas in proto-defs.ts, parsed lazily and cached.
import protobuf from "protobufjs";
import { GE_IR_PROTO, MIND_IR_PROTO, ONNX_PROTO } from "./proto-defs";

type Root = protobuf.Root;
const roots = new Map<string, Root>();

function root(key: string, text: string): Root {
  let r = roots.get(key);
  if (!r) {
    r = protobuf.parse(text, { keepCase: true }).root;
    roots.set(key, r);
  }
  return r;
}

export const mindIr = (type: string) => root("mind_ir", MIND_IR_PROTO).lookupType(`mind_ir.${type}`);
export const onnx = (type: string) => root("onnx", ONNX_PROTO).lookupType(`onnx.${type}`);
export const geIr = (type: string) => root("ge", GE_IR_PROTO).lookupType(`ge.proto.${type}`);

/** Encodes a plain object (snake_case keys) as `type`. */
export function encodeMessage(type: protobuf.Type, obj: Record<string, unknown>): Uint8Array {
  const err = type.verify(obj);
  if (err) throw new Error(`${type.name}: ${err}`);
  return type.encode(type.fromObject(obj)).finish();
}

/** Decodes bytes into a plain object: int64 as numbers, bytes as Uint8Array, enums as numbers, defaults filled for arrays. */
export function decodeMessage<T = Record<string, unknown>>(type: protobuf.Type, bytes: Uint8Array): T {
  const msg = type.decode(bytes);
  return type.toObject(msg, { longs: Number, enums: Number, bytes: Uint8Array as unknown as StringConstructor, arrays: true, objects: true, defaults: false }) as T;
}

/** Little-endian Float32 raw bytes. */
export function floatBytes(a: Float32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(i * 4, a[i], true);
  return out;
}

export function bytesToFloats(b: Uint8Array): Float32Array {
  const n = b.length >> 2;
  const out = new Float32Array(n);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

export function int64Bytes(v: readonly number[]): Uint8Array {
  const out = new Uint8Array(v.length * 8);
  const dv = new DataView(out.buffer);
  v.forEach((x, i) => dv.setBigInt64(i * 8, BigInt(x), true));
  return out;
}

export function bytesToInt64(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 8 <= b.length; i += 8) out.push(Number(dv.getBigInt64(i, true)));
  return out;
}

export const textBytes = (s: string) => new TextEncoder().encode(s);
export const bytesText = (b: Uint8Array | string | undefined) => (b === undefined ? "" : typeof b === "string" ? b : new TextDecoder().decode(b));
