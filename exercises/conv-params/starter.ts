// 一个 kernel×kernel 卷积层（输入 cin 通道，输出 cout 通道）有多少个可训练参数？
// How many trainable parameters does a kernel×kernel conv layer (cin -> cout channels) have?
export function convParams(kernel: number, cin: number, cout: number, bias: boolean): number {
  // TODO: 一个卷积核有多少个权重？一共有几个卷积核？偏置有几个？
  //       weights per kernel? how many kernels? how many biases?
  const weightsPerKernel = kernel * kernel;
  return weightsPerKernel;
}
