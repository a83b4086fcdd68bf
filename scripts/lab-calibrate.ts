// Calibration table of the virtual Orange Pi's latency model (server/lab/cost-model.ts):
// published numbers vs. what the model computes for the same networks on the same SoC.
//   npm run lab:calibrate            print the table (markdown, as in docs/lab.md)
//   npm run lab:calibrate -- --fit   grid-search the efficiency constants, print the best set
import { calibrationTable, formatCalibrationTable, fitCalibration } from "../server/lab/calibration";
import { CALIBRATION } from "../server/lab/cost-model";

const fit = process.argv.includes("--fit");
if (fit) {
  const best = fitCalibration();
  console.log("best constants:", JSON.stringify(best.calibration, null, 2));
  console.log(`score (sum of squared log errors): ${best.score.toFixed(4)}`);
  console.log(formatCalibrationTable(calibrationTable(best.calibration)));
} else {
  console.log("constants:", JSON.stringify(CALIBRATION));
  console.log(formatCalibrationTable(calibrationTable()));
}
