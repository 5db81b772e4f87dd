// What a Settings value may hold, and how to read one from untrusted JSON (a settings file someone edited by hand,
// or a patch arriving over the WebSocket). Pure: the store (store.ts) does the file I/O.

import { availableParallelism } from "node:os";
import { BUILTIN_KERNELS } from "../language/languages.js";
import {
  CLUSTER_SIZE_MAX,
  CLUSTER_SIZE_MIN,
  defaultSettingsWith,
  KERNEL_MEMORY_MAX_MB,
  KERNEL_MEMORY_MIN_MB,
  type Settings,
  type Theme,
} from "../../contract/api.js";
import {
  HEARTBEAT_SECONDS_MAX,
  HEARTBEAT_SECONDS_MIN,
  isSlurmPartition,
  isSlurmTimeLimit,
  NODE_LAUNCHERS,
  parseHosts,
  splitArguments,
  type NodeLauncher,
} from "../../contract/node-placement.js";
import {
  checkJupyterToken,
  isKernelspecName,
  KERNEL_PLACES,
  readJupyterServerAddress,
  type KernelPlace,
} from "../../contract/kernel-place.js";

const THEMES: readonly Theme[] = ["light", "dark", "system"];

/** Kernels a cluster node can run: the ones Parabook has, by their canonical names. */
const NODE_KERNELS: readonly string[] = BUILTIN_KERNELS.map((kernel) => kernel.name);

export function defaultSettings(): Settings {
  return defaultSettingsWith(Math.min(CLUSTER_SIZE_MAX, Math.max(CLUSTER_SIZE_MIN, availableParallelism())));
}

/**
 * What the settings file holds: the settings, with the Jupyter Server's token itself in place of the page's "is
 * set" flag (the file is the only place the token is kept; it is written readable by its owner alone).
 */
export type SettingsFile = Omit<Settings, "jupyterServerTokenSet"> & { jupyterServerToken: string };

/** The settings the page sees of a settings file: the token becomes a flag. */
export function settingsOf(file: SettingsFile): Settings {
  const { jupyterServerToken, ...rest } = file;
  return { ...rest, jupyterServerTokenSet: jupyterServerToken !== "" };
}

/** The settings file for `settings` (whose token flag is ignored) and `token`. */
export function settingsFile(settings: Settings, token: string): SettingsFile {
  const { jupyterServerTokenSet: _flag, ...rest } = settings;
  return { ...rest, jupyterServerToken: token };
}

/** A setting that cannot be taken as given; `field` names it so the message can point at it. */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

type Checkers = { [K in keyof SettingsFile]: (value: unknown) => SettingsFile[K] };

/** A one-line string for `field` (named `label` in messages), read by `read` (which throws saying what is wrong). */
function textSetting(field: keyof SettingsFile, label: string, value: unknown, read: (text: string) => void): string {
  if (typeof value !== "string" || /[\r\n\0]/.test(value)) throw new SettingsError(field, `${label} must be one line of text, not ${JSON.stringify(value)}`);
  const text = value.trim();
  if (text === "") return text;
  try {
    read(text);
  } catch (err) {
    throw new SettingsError(field, `${label}: ${(err as Error).message}`);
  }
  return text;
}

const check: Checkers = {
  clusterSize(value) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < CLUSTER_SIZE_MIN || value > CLUSTER_SIZE_MAX) {
      throw new SettingsError(
        "clusterSize",
        `Cluster size must be a whole number from ${CLUSTER_SIZE_MIN} to ${CLUSTER_SIZE_MAX}, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  defaultNodeKernel(value) {
    if (typeof value !== "string" || !NODE_KERNELS.includes(value)) {
      throw new SettingsError(
        "defaultNodeKernel",
        `Default node kernel must be one of ${NODE_KERNELS.join(", ")}, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  theme(value) {
    if (typeof value !== "string" || !(THEMES as readonly string[]).includes(value)) {
      throw new SettingsError("theme", `Theme must be one of ${THEMES.join(", ")}, not ${JSON.stringify(value)}`);
    }
    return value as Theme;
  },
  kernelMemoryMb(value) {
    if (value === "auto") return value;
    if (typeof value !== "number" || !Number.isInteger(value) || value < KERNEL_MEMORY_MIN_MB || value > KERNEL_MEMORY_MAX_MB) {
      throw new SettingsError(
        "kernelMemoryMb",
        `Memory per kernel must be "auto" or a whole number of MB from ${KERNEL_MEMORY_MIN_MB} to ${KERNEL_MEMORY_MAX_MB}, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  nodeLauncher(value) {
    if (typeof value !== "string" || !(NODE_LAUNCHERS as readonly string[]).includes(value)) {
      throw new SettingsError("nodeLauncher", `Where nodes run must be one of ${NODE_LAUNCHERS.join(", ")}, not ${JSON.stringify(value)}`);
    }
    return value as NodeLauncher;
  },
  slurmPartition: (value) =>
    textSetting("slurmPartition", "Slurm partition", value, (text) => {
      if (!isSlurmPartition(text)) throw new Error(`'${text}' is not a partition name (letters, digits, _ . - and commas)`);
    }),
  slurmTimeLimit: (value) =>
    textSetting("slurmTimeLimit", "Slurm time limit", value, (text) => {
      if (!isSlurmTimeLimit(text)) throw new Error(`'${text}' is not a Slurm time (minutes, H:MM:SS, D-HH, D-HH:MM:SS or UNLIMITED)`);
    }),
  slurmArgs: (value) => textSetting("slurmArgs", "Slurm arguments", value, splitArguments),
  sshHosts: (value) => textSetting("sshHosts", "SSH hosts", value, parseHosts),
  mpiHostfile: (value) => textSetting("mpiHostfile", "MPI host file", value, () => undefined),
  heartbeatSeconds(value) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < HEARTBEAT_SECONDS_MIN || value > HEARTBEAT_SECONDS_MAX) {
      throw new SettingsError(
        "heartbeatSeconds",
        `The heartbeat bound must be a number of seconds from ${HEARTBEAT_SECONDS_MIN} to ${HEARTBEAT_SECONDS_MAX}, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  nodeCommand: (value) =>
    textSetting("nodeCommand", "Node command", value, (text) => {
      if (splitArguments(text).length === 0) throw new Error("it names no command");
    }),
  kernelPlace(value) {
    if (typeof value !== "string" || !(KERNEL_PLACES as readonly string[]).includes(value)) {
      throw new SettingsError("kernelPlace", `Where the kernel runs must be one of ${KERNEL_PLACES.join(", ")}, not ${JSON.stringify(value)}`);
    }
    return value as KernelPlace;
  },
  jupyterServerUrl(value) {
    // Never echoed: a pasted address may carry a token.
    if (typeof value !== "string" || /[\r\n\0]/.test(value)) throw new SettingsError("jupyterServerUrl", "The Jupyter Server address must be one line of text");
    const text = value.trim();
    if (text === "") return text;
    let address;
    try {
      address = readJupyterServerAddress(text);
    } catch (err) {
      throw new SettingsError("jupyterServerUrl", `The Jupyter Server address: ${(err as Error).message}`);
    }
    if (address.token !== undefined) throw new SettingsError("jupyterServerUrl", "The Jupyter Server address must not carry its token (?token=…): give the token in its own field");
    return address.url;
  },
  jupyterKernelName: (value) =>
    textSetting("jupyterKernelName", "Jupyter kernel name", value, (text) => {
      if (!isKernelspecName(text)) throw new Error(`'${text}' is not a kernelspec name (letters, digits, _ . -)`);
    }),
  jupyterServerToken(value) {
    // Never echoed, whatever is wrong with it.
    if (typeof value !== "string") throw new SettingsError("jupyterServerToken", "The Jupyter Server token must be text");
    const token = value.trim();
    if (token === "") return token;
    try {
      checkJupyterToken(token);
    } catch (err) {
      throw new SettingsError("jupyterServerToken", `The Jupyter Server token: ${(err as Error).message}`);
    }
    return token;
  },
};

function isSettingsKey(key: string): key is keyof SettingsFile {
  return Object.prototype.hasOwnProperty.call(check, key);
}

/** Validate a patch strictly: any unknown key or bad value throws a SettingsError naming it. */
export function validateSettingsPatch(patch: unknown): Partial<SettingsFile> {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new SettingsError("", `Settings must be an object of named values, not ${JSON.stringify(patch)}`);
  }
  const out: Partial<SettingsFile> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!isSettingsKey(key)) {
      throw new SettingsError(key, `Unknown setting "${key}"; the settings are ${Object.keys(check).join(", ")}`);
    }
    (out as Record<string, unknown>)[key] = check[key](value);
  }
  return out;
}

/**
 * Read settings leniently, as a settings file is read: every valid field is kept, every bad or missing one falls
 * back to its default, and each problem is reported so the caller can warn once.
 */
export function settingsFromJson(json: unknown): { settings: Settings; token: string; problems: string[] } {
  const file = settingsFile(defaultSettings(), "");
  const problems: string[] = [];
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { settings: settingsOf(file), token: "", problems: ["the file does not hold a JSON object"] };
  }
  for (const [key, value] of Object.entries(json)) {
    if (!isSettingsKey(key)) {
      problems.push(`unknown setting "${key}" ignored`);
      continue;
    }
    try {
      (file as unknown as Record<string, unknown>)[key] = check[key](value);
    } catch (err) {
      const fallback = key === "jupyterServerToken" ? "none" : JSON.stringify(file[key]);
      problems.push(`${(err as Error).message}; using ${fallback}`);
    }
  }
  return { settings: settingsOf(file), token: file.jupyterServerToken, problems };
}
