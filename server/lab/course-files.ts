// Text of the course files placed on every virtual board. Code cells follow the course notebook
// (orange-pi-mindspore Offline/inference/01-CNNCTC/main_cnnctc.ipynb) as quoted in
// /work/shared/notes/ascend-orange-pi-facts.md; bash.sh is a reconstruction (its text is fetched
// from OBS and is not in the course repository) and says so in its header.
// A first-line marker "# convlab: <program>" tells the board which simulated program a script is.

export const HOME = "/home/HwHiAiUser";
export const NB = `${HOME}/samples/notebooks`;
export const CNNCTC_DIR = `${NB}/01-CNNCTC`;
export const UNSUPPORTED_DIR = `${NB}/02-UnsupportedOp`;
export const CHALLENGE_DIR = `${NB}/03-Challenge`;
export const LITE_DIR_NAME = "mindspore-lite-2.2.15-linux-aarch64";

export const ATC_NOTEBOOK_COMMAND = 'atc --model=cnnctc.air --output="cnnctc" --framework=1 --soc_version=Ascend310B4 --output_type=FP32 --precision_mode=allow_fp32_to_fp16 --log=info';

export const BASH_SH = `#!/bin/bash
# convlab: bash-sh
# The course's conversion script (orange-pi-mindspore Offline/inference/README.md, section 3.2):
# MindIR -> OM with MindSpore Lite's converter_lite. Two arguments:
#   source bash.sh <absolute path of the MINDIR file on the board> <name of the om file>
# The om file is written next to this script.
# (ConvLab reconstruction: the original is downloaded from OBS and its text is not in the course
#  repository; the converter_lite flags below are our best reading, see the lab guide.)
if [ $# -ne 2 ]; then
    echo "Usage: source bash.sh <absolute path of the MINDIR file> <om file name>"
    return 1 2>/dev/null || exit 1
fi
SCRIPT_DIR=$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)
LITE=${LITE_DIR_NAME}
pushd "$SCRIPT_DIR" > /dev/null
if [ ! -d "$LITE" ]; then
    wget https://mindspore-courses.obs.cn-north-4.myhuaweicloud.com/orange-pi-mindspore/package/$LITE.tar.gz
    tar -zxf $LITE.tar.gz && rm -f $LITE.tar.gz
fi
export LD_LIBRARY_PATH=$SCRIPT_DIR/$LITE/tools/converter/lib:$SCRIPT_DIR/$LITE/runtime/lib:$LD_LIBRARY_PATH
$SCRIPT_DIR/$LITE/tools/converter/converter/converter_lite --fmk=MINDIR --modelFile=$1 --outputFile=$SCRIPT_DIR/$2 --saveType=OM --optimize=ascend_oriented
popd > /dev/null
`;

export const ENV_SH = `# convlab: env-sh
export GLOG_v=2
LOCAL_ASCEND=/usr/local/Ascend
export LD_LIBRARY_PATH=\${LOCAL_ASCEND}/ascend-toolkit/latest/lib64:\${LOCAL_ASCEND}/driver/lib64:\${LOCAL_ASCEND}/ascend-toolkit/latest/opp/built-in/op_impl/ai_core/tbe/op_tiling:\${LD_LIBRARY_PATH}
export TBE_IMPL_PATH=\${LOCAL_ASCEND}/ascend-toolkit/latest/opp/built-in/op_impl/ai_core/tbe
export ASCEND_OPP_PATH=\${LOCAL_ASCEND}/ascend-toolkit/latest/opp
export ASCEND_AICPU_PATH=\${ASCEND_OPP_PATH}/..
export PATH=\${LOCAL_ASCEND}/ascend-toolkit/latest/compiler/ccec_compiler/bin/:\${PATH}
export PYTHONPATH=/usr/local/Ascend/thirdpart/aarch64/acllite/:\${PYTHONPATH}
export MS_DEV_FORCE_ACL=1
export MS_ENABLE_GE=1
`;

/** The notebook's inference cells as one script (argv[1]/argv[2] override the paths). */
export const INFER_PY = `# convlab: infer-cnnctc
# CNNCTC inference on the Orange Pi AI Pro, the code cells of main_cnnctc.ipynb as one script.
# ConvLab addition: optional arguments  python3 infer_cnnctc.py [model.om] [image] [--aipp]
#   (--aipp feeds the resized uint8 RGB image as-is, for a model converted with --insert_op_conf)
import sys
import time
import numpy as np
from PIL import Image
from acllite_model import AclLiteModel as Model
from acllite_resource import AclLiteResource as AclResource

MODEL_PATH = './cnnctc.om'
IMAGE_PATH = './predict.png'
args = [a for a in sys.argv[1:] if not a.startswith('--')]
if len(args) > 0: MODEL_PATH = args[0]
if len(args) > 1: IMAGE_PATH = args[1]


class CTCLabelConverter():
    def __init__(self, character):
        dict_character = list(character)
        self.dict = {}
        for i, char in enumerate(dict_character):
            self.dict[char] = i + 1
        self.character = ['[blank]'] + dict_character
        self.dict['[blank]'] = 0

    def decode(self, text_index, length):
        texts = []
        index = 0
        for l in length:
            t = text_index[index:index + l]
            char_list = []
            for i in range(l):
                if t[i] != self.dict['[blank]'] and (not (i > 0 and t[i - 1] == t[i])):
                    char_list.append(self.character[t[i]])
            texts.append(''.join(char_list))
            index += l
        return texts


acl_resource = AclResource()
acl_resource.init()
print('load model....')
model = Model(MODEL_PATH)
print('load model finished....')

img_PIL = Image.open(IMAGE_PATH).convert('RGB')
img = img_PIL.resize((100, 32), resample=3)
if '--aipp' in sys.argv:
    img = np.expand_dims(np.array(img, dtype=np.uint8), axis=0)
else:
    img = np.array(img, dtype=np.float32)
    img = np.expand_dims(img, axis=0)
    img = np.transpose(img, [0, 3, 1, 2])

start = time.time()
model_predict = model.execute([img])[0]
end = time.time()
print(f'infer use time:{(end-start)*1000}ms')

character = '0123456789abcdefghijklmnopqrstuvwxyz'
converter = CTCLabelConverter(character)
preds_size = np.array([model_predict.shape[1]])
preds_index = np.argmax(model_predict, 2)
preds_index = np.reshape(preds_index, [-1])
preds_str = converter.decode(preds_index, preds_size)
print('Predict: ', preds_str)
`;

export const EVAL_PY = `# convlab: eval-cnnctc
# Word accuracy and average latency of an .om over a folder of word images named <n>_<word>.png
# (ConvLab lab script, same preprocessing and decoding as infer_cnnctc.py).
#   python3 eval_cnnctc.py [model.om] [image folder] [--aipp]
import os, sys, time
import numpy as np
from PIL import Image
from acllite_model import AclLiteModel as Model
from acllite_resource import AclLiteResource as AclResource

MODEL_PATH = '../01-CNNCTC/cnnctc.om'
DATA_DIR = '../01-CNNCTC/test_words'
args = [a for a in sys.argv[1:] if not a.startswith('--')]
if len(args) > 0: MODEL_PATH = args[0]
if len(args) > 1: DATA_DIR = args[1]

CHARS = '0123456789abcdefghijklmnopqrstuvwxyz'


def greedy_decode(pred):
    idx = np.argmax(pred, 2).reshape(-1)
    out = [CHARS[c - 1] for i, c in enumerate(idx) if c != 0 and not (i > 0 and idx[i - 1] == c)]
    return ''.join(out)


acl_resource = AclResource()
acl_resource.init()
model = Model(MODEL_PATH)
files = sorted(f for f in os.listdir(DATA_DIR) if f.endswith('.png'))
correct, total_ms = 0, 0.0
for name in files:
    label = name[:-4].split('_', 1)[1]
    img = Image.open(os.path.join(DATA_DIR, name)).convert('RGB').resize((100, 32), resample=3)
    if '--aipp' in sys.argv:
        img = np.expand_dims(np.array(img, dtype=np.uint8), 0)
    else:
        img = np.transpose(np.expand_dims(np.array(img, dtype=np.float32), 0), [0, 3, 1, 2])
    start = time.time()
    pred = model.execute([img])[0]
    total_ms += (time.time() - start) * 1000
    text = greedy_decode(pred)
    if text == label: correct += 1
    else: print(f'{name}: predicted {text!r}')
print(f'accuracy: {correct / len(files):.4f} ({correct}/{len(files)})')
print(f'average infer use time:{total_ms / len(files)}ms')
`;

export const EXPORT_MISH_PY = `# convlab: export-mish-onnx
# Exports the CNNCTC variant that uses the Mish activation (x * tanh(softplus(x))) to ONNX.
#   python3 export_onnx.py [--opset N] [--output FILE]        (defaults: --opset 18, cnnctc_mish.onnx)
# From opset 18 on, ONNX has a Mish operator and the exporter writes it as one node; below 18 it
# writes the same function as Softplus -> Tanh -> Mul.
import argparse
from convlab_models import cnnctc_mish          # the network and its weights
from convlab_export import export_onnx

parser = argparse.ArgumentParser()
parser.add_argument('--opset', type=int, default=18)
parser.add_argument('--output', default='cnnctc_mish.onnx')
args = parser.parse_args()
net = cnnctc_mish()
export_onnx(net, input_shape=(1, 3, 32, 100), file_name=args.output, opset_version=args.opset)
print(f'exported {args.output} (opset {args.opset})')
`;

export const README_CNNCTC = `# 01-CNNCTC: convert and deploy the text recogniser / 转换并部署文字识别模型

Files
- cnnctc.air, cnnctc.mindir   CNNCTC model (1x3x32x100 -> 1x26x37, 37 classes, blank = 0)
- bash.sh                     the course's MindIR -> OM script (converter_lite)
- infer_cnnctc.py             the notebook's inference code: python3 infer_cnnctc.py [model.om] [image]
- predict.png                 a photo of the word "parking"
- test_words/                 50 word images <n>_<word>.png for eval_cnnctc.py (../03-Challenge)

Convert (notebook command):
  ${ATC_NOTEBOOK_COMMAND}
or with the course script:
  source bash.sh ${CNNCTC_DIR}/cnnctc.mindir cnnctc
Then: python3 infer_cnnctc.py

任务 1：用正确的 atc 命令把 cnnctc.air 转换为 cnnctc.om（提示：npu-smi info 可以查看芯片名称）。
Task 1: convert cnnctc.air to cnnctc.om with the right atc command (hint: npu-smi info shows the chip name).
`;

export const README_UNSUPPORTED = `# 02-UnsupportedOp: an operator the converter cannot take / 不支持的算子

cnnctc_mish.onnx is CNNCTC with the Mish activation, exported with ONNX opset 18.
Convert it for this board with atc (--framework=5). Read the error, then fix it and convert again.
export_onnx.py re-exports the network: python3 export_onnx.py --help

任务 2：转换 cnnctc_mish.onnx。第一次会失败：读懂错误信息，修复模型后重新转换成功。
Task 2: convert cnnctc_mish.onnx. The first attempt fails: read the error, fix the model, convert again.
`;

export const README_CHALLENGE = (targetMs: number, bar: number) => `# 03-Challenge: precision vs. latency / 精度与延迟

Convert the CNNCTC model with the precision settings of your choice (atc --precision_mode=...,
--output_type=..., optionally --insert_op_conf) and measure it on the test set:
  python3 eval_cnnctc.py <your model>.om ../01-CNNCTC/test_words
Goal: average infer use time <= ${targetMs} ms AND word accuracy >= ${(bar * 100).toFixed(0)} %.

任务 3：选择精度模式转换模型，在测试集上平均推理时间 <= ${targetMs} ms 且单词准确率 >= ${(bar * 100).toFixed(0)}%。
`;

export function notebookJson(): string {
  const cell = (type: "markdown" | "code", src: string) => ({ cell_type: type, metadata: {}, source: src.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l)), ...(type === "code" ? { execution_count: null, outputs: [] } : {}) });
  return JSON.stringify({
    cells: [
      cell("markdown", "# CNNCTC 文字识别 / text recognition on the Orange Pi AI Pro"),
      cell("code", "!sh env.sh"),
      cell("code", `!${ATC_NOTEBOOK_COMMAND}`),
      cell("markdown", "--framework：原始网络模型框架类型，1表示air，5表示ONNX"),
      cell("code", INFER_PY.split("\n").slice(4).join("\n")),
    ],
    metadata: { kernelspec: { display_name: "Python 3", language: "python", name: "python3" }, language_info: { name: "python", version: "3.9.2" } },
    nbformat: 4, nbformat_minor: 5,
  }, null, 1);
}
