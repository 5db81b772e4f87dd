// `parabook node --connect tcp://HOST:PORT [--rank R --size N] [--keys-file FILE]`: one node of a cluster whose host
// runs elsewhere. Launchers (srun, mpiexec, ssh) start it on the machines they choose, or a user does, by the line
// `%parallel --listen` prints. It runs the same kernel process as a local node (the switchboard and its evaluator
// worker), with its channel to the host over ZeroMQ, and leaves by itself when the host goes.
//
// Its rank and the cluster's size come from the launcher's environment or the flags; its CURVE keys from
// PARABOOK_NODE_KEYS or a keys file only its user can read ("-": standard input), never from the command line.
// The language is the host's choice, by name, found in this node's own installation.

import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { HostLink, NodeLinkError } from "../cluster/remote/node-link.js";
import { NODE_KEYS_ENV, NodeKeysError, parseNodeKeys, readNodeKeysFile, type NodeKeys } from "../cluster/remote/curve-keys.js";
import { RankError, rankInCluster, type RankInCluster } from "../cluster/remote/launcher-environment.js";
import { PARABOOK_VERSION } from "../cluster/remote/version.js";
import { runSwitchboard } from "../cluster/switchboard.js";
import { automaticKernelMemoryMb } from "../cluster/memory-budget.js";
import { BUILTIN_KERNELS, findKernel, UnknownKernelError } from "../language/languages.js";
import { fastLoadingModule } from "../language/language-bundle.js";

const USAGE = `Usage: parabook node --connect tcp://HOST:PORT [--rank R --size N] [--local-size K] [--keys-file FILE]
  The keys come from ${NODE_KEYS_ENV} or from --keys-file (readable only by you; - reads standard input).
  Rank and size come from --rank/--size, or from Slurm, MPICH or Open MPI's environment.`;

/** How long a node waits for its host's welcome: the host may still be starting the other nodes' launchers. */
const WELCOME_TIMEOUT_MS = 60_000;

export interface NodeArguments {
  readonly connect: string;
  readonly rank?: string;
  readonly size?: string;
  readonly localSize?: string;
  readonly keysFile?: string;
}

class CommandLineError extends Error {}

export function parseNodeArguments(argv: readonly string[]): NodeArguments {
  const found: Record<string, string> = {};
  const flags: Record<string, string> = { "--connect": "connect", "--rank": "rank", "--size": "size", "--local-size": "localSize", "--keys-file": "keysFile" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const key = flags[flag];
    if (key === undefined) {
      if (/^--?(keys?|secret|curve)/i.test(flag)) throw new CommandLineError(`${flag}: keys never go on the command line (other users can read it); use ${NODE_KEYS_ENV} or --keys-file`);
      throw new CommandLineError(`unknown argument ${arg}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CommandLineError(`${flag} needs a value`);
    found[key] = value;
  }
  if (found.connect === undefined) throw new CommandLineError("--connect tcp://HOST:PORT is required: where the host waits for its nodes");
  if (!/^tcp:\/\/[^\s/]+:\d+$/.test(found.connect)) throw new CommandLineError(`--connect wants tcp://HOST:PORT, got ${found.connect}`);
  return found as unknown as NodeArguments;
}

function nodeKeys(args: NodeArguments, env: NodeJS.ProcessEnv): NodeKeys {
  if (args.keysFile !== undefined) return readNodeKeysFile(args.keysFile);
  const text = env[NODE_KEYS_ENV];
  if (text === undefined || text === "") {
    throw new NodeKeysError(`no keys: set ${NODE_KEYS_ENV} or give --keys-file FILE (the host makes them for each cluster)`);
  }
  return parseNodeKeys(text, NODE_KEYS_ENV);
}

/** Where this node's Parabook is installed, for messages that say what is missing where. */
const INSTALLATION = fileURLToPath(new URL("../../..", import.meta.url));

export async function nodeCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const who = (rank?: number): string => `parabook node${rank === undefined ? "" : ` ${rank}`} on ${hostname()}`;
  let args: NodeArguments;
  let place: RankInCluster;
  let keys: NodeKeys;
  try {
    args = parseNodeArguments(argv);
    place = rankInCluster(env, { ...(args.rank !== undefined ? { rank: args.rank } : {}), ...(args.size !== undefined ? { size: args.size } : {}), ...(args.localSize !== undefined ? { onThisMachine: args.localSize } : {}) });
    keys = nodeKeys(args, env);
  } catch (err) {
    if (!(err instanceof CommandLineError || err instanceof RankError || err instanceof NodeKeysError)) throw err;
    process.stderr.write(`${who()}: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  let link: HostLink;
  try {
    link = await HostLink.open({ connect: args.connect, rank: place.rank, size: place.size, keys, welcomeTimeoutMs: WELCOME_TIMEOUT_MS }, (why) => {
      process.stderr.write(`${who(place.rank)}: ${why}; leaving\n`);
      process.exit(0);
    });
  } catch (err) {
    if (!(err instanceof NodeLinkError)) throw err;
    process.stderr.write(`${who(place.rank)}: ${err.message}\n`);
    return 1;
  }
  const { language, heapLimitMb } = link.welcome;
  let languageModule: string;
  try {
    languageModule = await fastLoadingModule(findKernel(BUILTIN_KERNELS, [language]).module);
  } catch (err) {
    const why =
      err instanceof UnknownKernelError
        ? `the language '${language}' is not installed in Parabook ${PARABOOK_VERSION} at ${INSTALLATION} on ${hostname()}`
        : `cannot load the language '${language}' on ${hostname()}: ${(err as Error).message}`;
    process.stderr.write(`${who(place.rank)}: ${why}\n`);
    link.fail(why);
    return 1;
  }
  const heap = heapLimitMb === "auto" ? automaticKernelMemoryMb(place.onThisMachine ?? place.size) : heapLimitMb;
  runSwitchboard({ languageModule, rank: place.rank, size: place.size, heapLimitMb: heap }, link.channel);
  // The process now lives as long as its kernel: the switchboard and the link end it.
  return await new Promise<number>(() => undefined);
}
