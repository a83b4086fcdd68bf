export function convParams(kernel: number, cin: number, cout: number, bias: boolean): number {
  return (kernel * kernel * cin + (bias ? 1 : 0)) * cout;
}
