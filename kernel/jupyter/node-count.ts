// How many nodes `%parallel` starts, when its line does not say (-n), in a kernel a Jupyter front end started: the
// Jupyter side of `parabook run --nodes N`. Parabook's Settings (cluster size) unless PARABOOK_NODES says otherwise.
// An environment variable because every Jupyter tool passes its environment to the kernels it starts (nbclient,
// papermill, jupyter console, Jupyter Server), and a kernelspec carries one in kernel.json's "env"
// (`parabook kernelspec install --nodes N`): `PARABOOK_NODES=10 jupyter nbconvert --execute nb.ipynb`.

import { CLUSTER_SIZE_MAX, CLUSTER_SIZE_MIN, type Settings } from "../../contract/api.js";

export const NODES_VARIABLE = "PARABOOK_NODES";

export class NodeCountError extends Error {
  override readonly name = "NodeCountError";
}

/** `text` as a node count; `where` names where it came from in the error (a flag, the variable). */
export function parseNodeCount(text: string, where: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < CLUSTER_SIZE_MIN || n > CLUSTER_SIZE_MAX) {
    throw new NodeCountError(`${where} wants a whole number of nodes from ${CLUSTER_SIZE_MIN} to ${CLUSTER_SIZE_MAX}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** The count PARABOOK_NODES asks for, or undefined when it is not set (or empty). */
export function nodeCountFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const text = env[NODES_VARIABLE];
  return text === undefined || text === "" ? undefined : parseNodeCount(text, NODES_VARIABLE);
}

/** The settings a kernel's Session uses: the user's, with the cluster size the environment asked for. */
export function withNodeCount(settings: Settings, nodes: number | undefined): Settings {
  return nodes === undefined ? settings : { ...settings, clusterSize: nodes };
}
