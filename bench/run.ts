// `npm run bench`: every benchmark suite of the project.
import { clusterBenchmark, formatTable } from "./cluster.js";
import { runSchemeBenchmarks } from "./scheme.js";
import { remoteBenchmark } from "./remote.js";

runSchemeBenchmarks();

console.log("\nCluster (issue 3)");
console.log(formatTable(await clusterBenchmark()));

console.log("\nNodes on other machines (issue 10)");
console.log(formatTable(await remoteBenchmark()));
