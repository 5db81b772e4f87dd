// `npm run bench`: every benchmark suite of the project.
import { runSchemeBenchmarks } from "./scheme.js";

runSchemeBenchmarks();
