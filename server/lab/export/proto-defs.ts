// The .proto subsets the lab reads and writes, as text (parsed once by protobufjs at first use).
// Field numbers follow the real schemas:
//   MIND_IR_PROTO  mindspore-ai/mindspore mindspore/core/proto/mind_ir.proto (package mind_ir, proto2)
//   ONNX_PROTO     onnx/onnx onnx/onnx.proto (package onnx, proto2)
//   GE_IR_PROTO    hicann/ge graph_metadef/proto/ge_ir.proto (package ge.proto, proto3), used by
//                  MindSpore .air files and by the MODEL_DEF partition of an .om file
// Only the messages and fields the lab uses are declared; protobuf skips the rest when decoding.

export const MIND_IR_PROTO = `
syntax = "proto2";
package mind_ir;

enum Version {
  IR_VERSION_START = 0;
  IR_VERSION = 1;
}

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14;
    COMPLEX128 = 15; BFLOAT16 = 16; TENSOR = 17; GRAPH = 18; TENSORS = 19; TUPLE = 20; LIST = 21;
    DICT = 22; UMONAD = 23; IOMONAD = 24; NONE = 25;
  }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional double d = 4;
  optional bytes s = 5;
  optional TensorProto t = 6;
  optional GraphProto g = 7;
  repeated float floats = 8;
  repeated double doubles = 9;
  repeated int64 ints = 10;
  repeated bytes strings = 11;
  repeated TensorProto tensors = 12;
  repeated GraphProto graphs = 13;
  optional string doc_string = 14;
  optional string ref_attr_name = 15;
  optional AttributeType type = 16;
  repeated AttributeProto values = 17;
}

message ValueInfoProto {
  optional string name = 1;
  repeated TensorProto tensor = 2;
  optional string doc_string = 3;
  optional string denotation = 4;
  optional AttributeProto attr_info = 5;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
  optional string domain = 7;
  repeated AttributeProto node_attr = 8;
  repeated AttributeProto primal_attr = 9;
}

message ModelProto {
  optional string ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional string model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated GraphProto functions = 8;
  optional bool little_endian = 10;
  repeated PrimitiveProto primitives = 12;
  optional int64 mind_ir_version = 13;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto parameter = 3;
  optional string doc_string = 4;
  repeated ValueInfoProto input = 5;
  repeated ValueInfoProto output = 6;
  optional string bprop_hash = 7;
  repeated AttributeProto attribute = 8;
  optional string bprop_filepath = 9;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14;
    COMPLEX128 = 15; BFLOAT16 = 16; FLOAT64 = 17;
  }
  message ExternalDataProto {
    optional string location = 1;
    optional int64 offset = 2;
    optional int64 length = 3;
    optional string checksum = 4;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 3;
  repeated int32 int32_data = 4;
  repeated bytes string_data = 5;
  repeated int64 int64_data = 6;
  optional string name = 7;
  optional string doc_string = 8;
  optional bytes raw_data = 9;
  repeated double double_data = 10;
  repeated uint64 uint64_data = 11;
  optional ExternalDataProto external_data = 12;
  optional string ref_key = 13;
  repeated int64 min_dims = 14;
  repeated int64 max_dims = 15;
}

message PrimitiveProto {
  optional string name = 1;
  optional string op_type = 2;
  repeated AttributeProto attribute = 3;
  optional string instance_name = 4;
}
`;

export const ONNX_PROTO = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; SPARSE_TENSOR = 11; TYPE_PROTO = 13;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10; SPARSE_TENSORS = 12; TYPE_PROTOS = 14;
  }
  optional string name = 1;
  optional string ref_attr_name = 21;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14;
    COMPLEX128 = 15; BFLOAT16 = 16;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  optional string denotation = 6;
}
`;

export const GE_IR_PROTO = `
syntax = "proto3";
package ge.proto;

enum DataType {
  DT_UNDEFINED = 0; DT_FLOAT = 1; DT_FLOAT16 = 2; DT_INT8 = 3; DT_UINT8 = 4; DT_INT16 = 5; DT_UINT16 = 6;
  DT_INT32 = 7; DT_INT64 = 8; DT_UINT32 = 9; DT_UINT64 = 10; DT_BOOL = 11; DT_DOUBLE = 12; DT_STRING = 13;
}

message AttrDef {
  message ListValue {
    enum ListValueType {
      VT_LIST_NONE = 0; VT_LIST_STRING = 1; VT_LIST_INT = 2; VT_LIST_FLOAT = 3; VT_LIST_BOOL = 4;
      VT_LIST_BYTES = 5; VT_LIST_TENSOR_DESC = 6; VT_LIST_TENSOR = 7; VT_LIST_GRAPH = 8;
      VT_LIST_NAMED_ATTRS = 9; VT_LIST_DATA_TYPE = 10;
    }
    repeated bytes s = 2;
    repeated int64 i = 3;
    repeated float f = 4;
    repeated bool b = 5;
    repeated bytes bt = 7;
    repeated TensorDescriptor td = 8;
    repeated TensorDef t = 9;
    repeated GraphDef g = 10;
    repeated NamedAttrs na = 11;
    repeated int64 dt = 12;
    ListValueType val_type = 20;
  }
  oneof value {
    bytes s = 2;
    int64 i = 3;
    float f = 4;
    bool b = 5;
    bytes bt = 7;
    ListValue list = 1;
    NamedAttrs func = 10;
    TensorDescriptor td = 11;
    TensorDef t = 12;
    GraphDef g = 13;
    int64 dt = 15;
  }
}

message NamedAttrs {
  string name = 1;
  map<string, AttrDef> attr = 2;
}

message ShapeDef {
  repeated int64 dim = 1;
}

message TensorDescriptor {
  string name = 1;
  DataType dtype = 2;
  ShapeDef shape = 3;
  string layout = 4;
  bool has_out_attr = 9;
  int64 size = 10;
  int64 weight_size = 11;
  bool reuse_input = 12;
  bool output_tensor = 13;
  string device_type = 14;
  bool input_tensor = 15;
  int64 real_dim_cnt = 16;
  int64 reuse_input_index = 17;
  int64 data_offset = 18;
  int64 cmps_size = 19;
  string cmps_tab = 20;
  int64 cmps_tab_offset = 21;
  map<string, AttrDef> attr = 5;
}

message TensorDef {
  TensorDescriptor desc = 1;
  bytes data = 2;
}

message OpDef {
  string name = 1;
  string type = 2;
  repeated string input = 5;
  map<string, AttrDef> attr = 10;
  bool has_out_attr = 20;
  int64 id = 21;
  int64 stream_id = 22;
  repeated string input_name = 23;
  repeated string src_name = 24;
  repeated int64 src_index = 25;
  repeated string dst_name = 26;
  repeated int64 dst_index = 27;
  repeated int64 input_i = 28;
  repeated int64 output_i = 29;
  repeated int64 workspace = 30;
  repeated int64 workspace_bytes = 31;
  repeated bool is_input_const = 32;
  repeated TensorDescriptor input_desc = 33;
  repeated TensorDescriptor output_desc = 34;
  repeated string subgraph_name = 35;
}

message GraphDef {
  string name = 1;
  repeated string input = 4;
  repeated string output = 5;
  repeated OpDef op = 6;
  map<string, AttrDef> attr = 11;
}

message ModelDef {
  string name = 1;
  uint32 version = 2;
  string custom_version = 3;
  repeated GraphDef graph = 7;
  map<string, AttrDef> attr = 11;
}
`;
