// Console text of ATC and converter_lite. Verbatim lines come from the sources listed in
// docs/lab.md (hicann/ge main_impl.cc, the GE error registry, real console logs); the bracketed
// "[value]" form is the one CANN 7.0 prints (the board's toolkit). Lines marked "(lab)" in the docs
// are our choice where the real wording is not known.

export const ATC_START = "ATC start working now, please wait for a moment.";
export const ATC_SUCCESS = "ATC run success, welcome to the next use.";
export const ATC_FAILED = "ATC run failed, Please check the detail log, Try 'atc --help' for more information";
/** ATC's process exit status on failure (main returns the failing ge::Status; UNCONFIRMED, see docs). */
export const ATC_FAIL_EXIT = 255;

/** An ATC failure: the E-code block printed after ATC_FAILED. */
export class AtcError extends Error {
  constructor(public code: string, public lines: string[]) {
    super(lines.join("\n"));
  }
}

const indent = (s: string) => `        ${s}`;

export const E = {
  /** bare `atc`, or a --framework value outside 0/1/3/5 */
  E10007: (param: string, values: string) => new AtcError("E10007", [`E10007: [--${param}] is required. The value must be [${values}].`]),
  E10054: (param: string) => new AtcError("E10054", [`E10054: The requied parameter [--${param}] for ATC is empty. Another possible reason is that the value of some parameter is not enclosed by quotation marks ("").`]),
  E10001: (value: string, param: string, reason: string) => new AtcError("E10001", [`E10001: Value [${value}] for parameter [${param}] is invalid. Reason: ${reason}`, indent("Solution: Try again with a valid argument.")]),
  E10002: (value: string, reason: string, format: string) => new AtcError("E10002", [`E10002: Value [${value}] for parameter [--input_shape] is invalid. Reason: ${reason}. The value must be formatted as [${format}].`]),
  E10004: (param: string) => new AtcError("E10004", [`E10004: Value for [--${param}] is empty.`]),
  E10008: () => new AtcError("E10008", ["E10008: [--weight] must not be empty when [--framework] is set to [0] (Caffe)."]),
  E10010: (value: string) => new AtcError("E10010", [`E10010: Value [${value}] for parameter [--log] is invalid.`]),
  E10011: (value: string, bad: string) => new AtcError("E10011", [`E10011: Value [${value}] for parameter [--input_shape] is invalid. Shape values must be positive integers. The error value in the shape is [${bad}].`]),
  E10016: (param: string, opname: string) => new AtcError("E10016", [`E10016: Input parameter[--${param}]'s opname[${opname}] is not exist in model`]),
  E16005: (n: number) => new AtcError("E16005", [`E16005: The model has [${n}] [--domain_version] fields, but only one is allowed.`]),
  E19010: (opname: string, oriType: string) => new AtcError("E19010", [`E19010: No parser is registered for Op [${opname}, optype [${oriType}]].`]),
  E19018: (file: string) => new AtcError("E19018", [`E19018: Failed to parse the proto file [${file}].`]),
  E19021: (reason: string) => new AtcError("E19021", [`E19021: Failed to read the model file. Reason: ${reason}`]),
  EZ3003: (opname: string, optype: string) => new AtcError("EZ3003", [
    `EZ3003: No supported Ops kernel and engine are found for [${opname}], optype [${optype}].`,
    indent("Possible Cause: The operator is not supported by the system. Therefore, no hit is found in any operator information library."),
    indent("Solution: 1. Check that the OPP component is installed properly. 2. Submit an issue to request for the support of this operator type."),
    indent("TraceBack (most recent call last):"),
    indent("build graph failed, graph id:0, ret:-1[FUNC:BuildModel][FILE:ge_generator.cc][LINE:148"),
  ]),
  /** an operator's InferShape rejected its inputs (format of real GE logs, e.g. the Add_718 case) */
  E89999: (opname: string, optype: string, reason: string) => new AtcError("E89999", [
    "E89999: Inner Error!",
    `E89999 op[${opname}], ${reason}[FUNC:InferShapeAndType][FILE:${optype.toLowerCase()}_infer.cc]`,
    indent("TraceBack (most recent call last):"),
    indent(`Verifying ${opname} failed.[FUNC:InferShapeAndType][FILE:infershape_pass.cc][LINE:135]`),
    indent(`Call InferShapeAndType for node:${opname}(${optype}) failed[FUNC:Infer][FILE:infershape_pass.cc][LINE:117]`),
    indent(`process pass InferShapePass on node:${opname} failed, ret:4294967295[FUNC:RunPassesOnNode][FILE:base_pass.cc][LINE:507]`),
    indent("build graph failed, graph id:0, ret:1343242270[FUNC:BuildModel][FILE:ge_generator.cc][LINE:1426]"),
  ]),
  E19999: (detail: string) => new AtcError("E19999", ["E19999: Inner Error!", indent(detail)]),
};

/**
 * W11001: an op that fell back to a low-priority (AI CPU) operator library. CANN 7.0 style (no
 * "[PID: ...] timestamp" prefix, which newer toolkits add), like the E-codes above.
 */
export const W11001 = (opname: string) =>
  `W11001: Op [${opname}] does not hit the high-priority operator information library, which might result in compromised performance.`;

/** A CANN-style timestamp: 2025-08-27-20:57:16.972.690 */
export function cannStamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const us = (d.getUTCMilliseconds() * 1000 + (d.getTime() % 997)) % 1000000;
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(Math.floor(us / 1000), 3)}.${p(us % 1000, 3)}`;
}

export const ATC_HELP = `usage: atc <args>
generate offline model example:
atc --model=./alexnet.prototxt --weight=./alexnet.caffemodel --framework=0 --output=./domi --soc_version=<soc_version>
generate offline model for single op example:
atc --singleop=./op_list.json --output=./op_model --soc_version=<soc_version>

===== Basic Functionality =====
[General]
  --h/help            Show this help message
  --mode              Run mode. 0(default): generate offline model; 1: convert model to JSON format; 3: only pre-check; 6: display model info

[Input]
  --model             Model file
  --weight            Weight file. Required when framework is Caffe
  --om                The model file to be converted to json
  --framework         Framework type. 0:Caffe; 1:MindSpore; 3:Tensorflow; 5:Onnx
  --input_format      Format of input data. E.g.: "NCHW"
  --input_shape       Shape of input data. Separate multiple nodes with semicolons (;). Use double quotation marks (") to enclose each argument.
                      E.g.: "input_name1:n1,c1,h1,w1;input_name2:n2,c2,h2,w2"

[Output]
  --output            Output file path&name(needn't suffix, will add .om/.exeom automatically).
  --output_type       Set net output type. Support FP32, FP16, UINT8, INT8.

[Target]
  --soc_version       The soc version.

===== Advanced Functionality =====
[Feature]
  --insert_op_conf    Config file to insert new op

[Operator Tuning]
  --precision_mode    precision mode, support force_fp16(default), force_fp32, cube_fp16in_fp32out, allow_mix_precision, allow_fp32_to_fp16, must_keep_origin_dtype, allow_mix_precision_fp16, allow_mix_precision_bf16, allow_fp32_to_bf16.
  --op_select_implmode Set op select implmode. Support high_precision, high_performance, high_precision_for_all, high_performance_for_all. default: high_performance

[Debug]
  --log               Generate log with level. Support debug, info, warning, error, null(default)
  --save_original_model  Control whether to output original model. E.g.: true: output original model

(ConvLab virtual board: the options above are the ones this simulator implements; see the lab guide.)`;
