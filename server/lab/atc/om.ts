// The .om offline model file, laid out as hicann/ge writes it:
//
//   ModelFileHeader (256 bytes, little-endian; inc/framework/common/framework_types_internal.h)
//     0 magic 0x444F4D49 ("IMOD" on disk) | 4 headsize 256 | 8 version 0x20000000 | 12 checksum[64]
//     76 length (= file size - 256) | 80 is_encrypt | 81 is_checksum | 82 modeltype | 83 genmode
//     84 name[32] | 116 ops (Kops) | 120 userdefineinfo[32] | 152 om_ir_version | 156 model_num
//     160 platform_version[20] | 180 platform_type | 181 padd[3] | 184 model_length (u64)
//     192 need_check_os_cpu_info | 193 is_unknow_model | 194 reserved[62]
//   TinyModelPartitionTable: u32 num, then num x {u32 type, u32 mem_offset, u32 mem_size}
//     (the 64-bit table is used only when model_length != 0; we write model_length = 0)
//   partition data, each at headsize + table_size + mem_offset
//
// Partitions: MODEL_DEF (0) = ge.proto.ModelDef, WEIGHTS_DATA (1) = raw weights referenced by the
// Const ops' data_offset, TASK_INFO (2), TBE_KERNELS (3), CUST_AICPU_KERNELS (4). The last three hold
// short lab descriptions instead of device task lists and kernel binaries.
import { decodeMessage, encodeMessage, geIr, textBytes, bytesText } from "../export/proto";

export const OM_MAGIC = 0x444f4d49;
export const OM_HEAD_LEN = 256;
export const OM_VERSION = 0x20000000;
export const PARTITION = { MODEL_DEF: 0, WEIGHTS_DATA: 1, TASK_INFO: 2, TBE_KERNELS: 3, CUST_AICPU_KERNELS: 4 } as const;

export interface OmHeader {
  magic: number; headsize: number; version: number; length: number; isEncrypt: number; isChecksum: number;
  modeltype: number; genmode: number; name: string; ops: number; userdefineinfo: string; omIrVersion: number;
  modelNum: number; platformVersion: string; platformType: number; modelLength: number; isUnknowModel: number;
}

export interface OmPartition { type: number; offset: number; size: number; data: Uint8Array }

export interface OmFile { header: OmHeader; partitions: OmPartition[] }

export class OmFormatError extends Error {}

function putStr(dv: DataView, off: number, len: number, s: string) {
  const b = textBytes(s).subarray(0, len - 1);
  for (let i = 0; i < b.length; i++) dv.setUint8(off + i, b[i]);
}
function getStr(bytes: Uint8Array, off: number, len: number): string {
  const b = bytes.subarray(off, off + len);
  const end = b.indexOf(0);
  return bytesText(b.subarray(0, end < 0 ? len : end));
}

export interface WriteOmInput {
  name: string;
  /** computing power in Kops (header field "ops") */
  kops: number;
  platformVersion: string;
  partitions: { type: number; data: Uint8Array }[];
  isUnknowModel?: boolean;
}

export function writeOm(input: WriteOmInput): Uint8Array {
  const n = input.partitions.length;
  const tableSize = 4 + n * 12;
  let off = 0;
  const entries = input.partitions.map((p) => { const e = { type: p.type, offset: off, size: p.data.length, data: p.data }; off += p.data.length; return e; });
  const total = OM_HEAD_LEN + tableSize + off;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, OM_MAGIC, true);
  dv.setUint32(4, OM_HEAD_LEN, true);
  dv.setUint32(8, OM_VERSION, true);
  // 12..75 checksum: left zero (is_checksum = 0)
  dv.setUint32(76, total - OM_HEAD_LEN, true);
  dv.setUint8(80, 0); // is_encrypt
  dv.setUint8(81, 0); // is_checksum
  dv.setUint8(82, 0); // modeltype: IR model
  dv.setUint8(83, 0); // genmode: offline
  putStr(dv, 84, 32, input.name);
  dv.setUint32(116, Math.min(0xffffffff, Math.round(input.kops)), true);
  putStr(dv, 120, 32, "convlab-virtual-board");
  dv.setUint32(152, 1, true); // om_ir_version
  dv.setUint32(156, 1, true); // model_num
  putStr(dv, 160, 20, input.platformVersion);
  dv.setUint8(180, 1); // platform_type
  dv.setBigUint64(184, 0n, true); // model_length = 0 -> 32-bit partition table
  dv.setUint8(192, 0);
  dv.setUint8(193, input.isUnknowModel ? 1 : 0);
  // partition table
  let p = OM_HEAD_LEN;
  dv.setUint32(p, n, true); p += 4;
  for (const e of entries) { dv.setUint32(p, e.type, true); dv.setUint32(p + 4, e.offset, true); dv.setUint32(p + 8, e.size, true); p += 12; }
  for (const e of entries) out.set(e.data, OM_HEAD_LEN + tableSize + e.offset);
  return out;
}

/** Parses and checks an .om file (magic, header length, `length == file size - 256`, partitions in range). */
export function readOm(bytes: Uint8Array): OmFile {
  if (bytes.length < OM_HEAD_LEN + 4) throw new OmFormatError(`file is ${bytes.length} bytes, smaller than the ${OM_HEAD_LEN}-byte model header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: OmHeader = {
    magic: dv.getUint32(0, true), headsize: dv.getUint32(4, true), version: dv.getUint32(8, true), length: dv.getUint32(76, true),
    isEncrypt: dv.getUint8(80), isChecksum: dv.getUint8(81), modeltype: dv.getUint8(82), genmode: dv.getUint8(83),
    name: getStr(bytes, 84, 32), ops: dv.getUint32(116, true), userdefineinfo: getStr(bytes, 120, 32), omIrVersion: dv.getUint32(152, true),
    modelNum: dv.getUint32(156, true), platformVersion: getStr(bytes, 160, 20), platformType: dv.getUint8(180),
    modelLength: Number(dv.getBigUint64(184, true)), isUnknowModel: dv.getUint8(193),
  };
  if (header.magic !== OM_MAGIC) throw new OmFormatError(`magic 0x${header.magic.toString(16)} is not 0x${OM_MAGIC.toString(16)} ("IMOD")`);
  if (header.headsize !== OM_HEAD_LEN) throw new OmFormatError(`header size ${header.headsize} is not ${OM_HEAD_LEN}`);
  if (header.length !== bytes.length - OM_HEAD_LEN) throw new OmFormatError(`header length ${header.length} does not match file size ${bytes.length} - ${OM_HEAD_LEN}`);
  const wide = header.modelLength !== 0;
  const base = header.headsize;
  const num = dv.getUint32(base, true);
  if (num === 0 || num > 64) throw new OmFormatError(`partition count ${num} is invalid`);
  const entry = wide ? 24 : 12;
  const head = wide ? 8 : 4;
  const tableSize = head + num * entry;
  const partitions: OmPartition[] = [];
  for (let i = 0; i < num; i++) {
    const e = base + head + i * entry;
    const type = dv.getUint32(e, true);
    const offset = wide ? Number(dv.getBigUint64(e + 8, true)) : dv.getUint32(e + 4, true);
    const size = wide ? Number(dv.getBigUint64(e + 16, true)) : dv.getUint32(e + 8, true);
    const start = base + tableSize + offset;
    if (start + size > bytes.length) throw new OmFormatError(`partition ${type} [${offset}, +${size}) lies outside the file`);
    partitions.push({ type, offset, size, data: bytes.subarray(start, start + size) });
  }
  if (!partitions.some((p) => p.type === PARTITION.MODEL_DEF)) throw new OmFormatError("File does not contain a model definition.");
  return { header, partitions };
}

export const partition = (om: OmFile, type: number) => om.partitions.find((p) => p.type === type);

export function encodeModelDef(obj: Record<string, unknown>): Uint8Array {
  return encodeMessage(geIr("ModelDef"), obj);
}
export function decodeModelDef(bytes: Uint8Array): any {
  return decodeMessage(geIr("ModelDef"), bytes);
}
