// The interactive figures that lessons (content/lessons/*.mdx) can embed. Each takes `locale`.
export { ConvStepper } from "./conv-stepper";
export { PoolingDemo } from "./pooling-demo";
export { ReceptiveFieldCalculator } from "./receptive-field-calculator";
export { OptimizerRace } from "./optimizer-race";
export { CtcAlignment } from "./ctc-alignment";
