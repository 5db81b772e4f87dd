// `npm run bench`: every benchmark suite of the project.
import { clusterBenchmark, formatTable } from "./cluster.js";
import { runSchemeBenchmarks } from "./scheme.js";
import { remoteBenchmark } from "./remote.js";
import { slurmBenchmark } from "./slurm.js";
import { jupyterKernelBenchmark } from "./jupyter-kernel.js";
import { jupyterServerBenchmark } from "./jupyter-server.js";

runSchemeBenchmarks();

console.log("\nCluster (issue 3)");
console.log(formatTable(await clusterBenchmark()));

console.log("\nNodes on other machines (issue 10)");
console.log(formatTable(await remoteBenchmark()));

console.log("\nNodes through Slurm on the namespace hosts (issue 10)");
console.log(formatTable(await slurmBenchmark()));

console.log("\nParabook as a Jupyter kernel (issue 11)");
console.log(formatTable(await jupyterKernelBenchmark()));

console.log("\nThe kernel on a Jupyter Server (issue 11)");
console.log(formatTable(await jupyterServerBenchmark()));
