// The CURVE keys of one cluster: a server key pair for the host's socket and one key pair the cluster's nodes share.
// A node needs the server's public key (to know it talks to this host) and the node key pair (to be let in); the
// host lets in no other key (zap-authenticator.ts). Keys are made for each cluster and die with it.
//
// A node gets its keys through the environment (PARABOOK_NODE_KEYS) or a file only its user can read, never on a
// command line: every user of a machine can read every process's command line.

import { promises as fs, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { curveKeyPair } from "zeromq";

export interface KeyPair {
  readonly publicKey: string;
  readonly secretKey: string;
}

export interface ClusterKeys {
  readonly server: KeyPair;
  readonly node: KeyPair;
}

/** What a node is given. */
export interface NodeKeys {
  readonly serverPublicKey: string;
  readonly nodePublicKey: string;
  readonly nodeSecretKey: string;
}

/** The environment variable that carries a node's keys (the same text as a keys file). */
export const NODE_KEYS_ENV = "PARABOOK_NODE_KEYS";

export function makeClusterKeys(): ClusterKeys {
  return { server: curveKeyPair(), node: curveKeyPair() };
}

export function nodeKeysOf(keys: ClusterKeys): NodeKeys {
  return { serverPublicKey: keys.server.publicKey, nodePublicKey: keys.node.publicKey, nodeSecretKey: keys.node.secretKey };
}

/** The text of a keys file or of PARABOOK_NODE_KEYS: one line of JSON. */
export function nodeKeysText(keys: NodeKeys): string {
  return JSON.stringify(keys);
}

/** Keys that cannot be used; the message says where they came from and what is wrong. */
export class NodeKeysError extends Error {
  override readonly name = "NodeKeysError";
}

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/** Read keys from their text; `source` names where it came from ("PARABOOK_NODE_KEYS", a file's path). */
export function parseNodeKeys(text: string, source: string): NodeKeys {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NodeKeysError(`${source} does not hold Parabook node keys (not JSON)`);
  }
  const fields = ["serverPublicKey", "nodePublicKey", "nodeSecretKey"] as const;
  const record = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== "string" || !Z85_KEY.test(value)) {
      throw new NodeKeysError(`${source}: ${field} must be a 40-character Z85 CURVE key`);
    }
  }
  return { serverPublicKey: record.serverPublicKey as string, nodePublicKey: record.nodePublicKey as string, nodeSecretKey: record.nodeSecretKey as string };
}

/** Permission bits that let someone other than the owner read (or write) a file. */
const NOT_OWNER_ONLY = 0o077;

/**
 * Read a keys file, refusing one that other users could read: its keys may already be someone else's. "-" reads
 * standard input (how the SSH launcher hands a node its keys).
 */
export function readNodeKeysFile(file: string): NodeKeys {
  if (file === "-") return parseNodeKeys(readFileSync(0, "utf8"), "the keys on standard input");
  let text: string;
  try {
    const mode = statSync(file).mode;
    if ((mode & NOT_OWNER_ONLY) !== 0) {
      throw new NodeKeysError(`the keys file ${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
    }
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof NodeKeysError) throw err;
    throw new NodeKeysError(`cannot read the keys file ${file}: ${(err as Error).message}`);
  }
  return parseNodeKeys(text, `the keys file ${file}`);
}

/** Write a keys file only its user can read, in `directory` (made, owner-only, if missing); returns its path. */
export async function writeNodeKeysFile(directory: string, keys: NodeKeys): Promise<string> {
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, `cluster-${randomBytes(6).toString("hex")}.keys`);
  await fs.writeFile(file, nodeKeysText(keys) + "\n", { mode: 0o600, flag: "wx" });
  return file;
}

const Z85_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** The 32 bytes of a Z85 key (ZeroMQ RFC 32), as a ZAP request carries a peer's key. */
export function z85Decode(text: string): Buffer {
  if (text.length % 5 !== 0) throw new Error("a Z85 string's length is a multiple of 5");
  const bytes = Buffer.alloc((text.length / 5) * 4);
  for (let i = 0; i < text.length; i += 5) {
    let value = 0;
    for (let j = 0; j < 5; j++) {
      const digit = Z85_ALPHABET.indexOf(text[i + j]!);
      if (digit < 0) throw new Error(`'${text[i + j]}' is not a Z85 character`);
      value = value * 85 + digit;
    }
    bytes.writeUInt32BE(value >>> 0, (i / 5) * 4);
  }
  return bytes;
}
