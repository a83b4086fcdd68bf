// 计算堆叠若干卷积/池化层之后，一个输出像素在原始输入上的感受野边长。
// Side length of the receptive field of one output pixel after a stack of conv / pooling layers.
export function receptiveField(layers: { kernel: number; stride: number; dilation?: number }[]): number {
  let rf = 1; // 还没有任何层时，一个像素只“看到”它自己 / with no layers a pixel sees itself
  for (const layer of layers) {
    const d = layer.dilation ?? 1;
    // TODO: 这一层让感受野增加多少？它和之前各层的步长有什么关系？
    //       how much does this layer add, and how do the strides of earlier layers matter?
    rf += layer.kernel - 1;
  }
  return rf;
}
