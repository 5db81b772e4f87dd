// Shared and cyclic structure in Scheme values: which compound values a walk reaches again while it is still inside
// them. The printer labels those (#0=(a . #0#)) so that `write` and `display` terminate; the expander refuses code
// that contains itself. Both ask the same question, so both use this one walk.
//
// The walks keep their own stacks (a list nested a million deep needs no JavaScript stack) and their bookkeeping in
// IdentitySets, which hold more than the 2^24 entries V8 allows one Set or Map: a 20-million-element list is a value
// a program can build.

import { tick } from "./runtime/interrupt.js";
import { MultipleValues, Pair, Record, type Value } from "./values.js";

/** Compound values: the ones with parts to walk into, and in which cycles can occur. */
export type Compound = Pair | Value[] | Record | MultipleValues;

export function isCompound(v: Value): v is Compound {
  return v instanceof Pair || Array.isArray(v) || v instanceof Record || v instanceof MultipleValues;
}

/** The parts of a compound value, in the order the printer prints them. */
export function partsOf(v: Compound): readonly Value[] {
  if (v instanceof Pair) return [v.car, v.cdr];
  if (v instanceof Record) return v.fields;
  if (v instanceof MultipleValues) return v.items;
  return v;
}

/** V8 refuses a Set or Map of more than 2^24 entries; past this many the collections below start another one. */
const SHARD_SIZE = 1 << 23;

/** A Set of objects by identity with no limit on its size but memory. */
export class IdentitySet<T extends object> {
  private readonly shards: Set<T>[] = [new Set()];
  /** `shardSize`: only tests pass one, to cross shards without 2^23 entries. */
  constructor(private readonly shardSize = SHARD_SIZE) {}

  has(v: T): boolean {
    for (const shard of this.shards) if (shard.has(v)) return true;
    return false;
  }

  add(v: T): void {
    // No check across shards: adding one it has again costs one entry more and answers the same.
    let last = this.shards[this.shards.length - 1]!;
    if (last.size >= this.shardSize) this.shards.push((last = new Set()));
    last.add(v);
  }
}

/** A Map keyed by object identity with no limit on its size but memory. Keys are only ever added or updated. */
export class IdentityMap<K extends object, V> {
  private readonly shards: Map<K, V>[] = [new Map()];
  /** `shardSize`: only tests pass one, to cross shards without 2^23 entries. */
  constructor(private readonly shardSize = SHARD_SIZE) {}

  get(k: K): V | undefined {
    for (const shard of this.shards) {
      const v = shard.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  set(k: K, v: V): void {
    for (const shard of this.shards) {
      if (shard.has(k)) {
        shard.set(k, v);
        return;
      }
    }
    let last = this.shards[this.shards.length - 1]!;
    if (last.size >= this.shardSize) this.shards.push((last = new Map()));
    last.set(k, v);
  }
}

/**
 * What a walk may spend: at most `maxNodes` compound values (the walk gives up past them), and whether it answers
 * the user's interrupt. Printing a whole value must be interruptible; the walk for a cut-short printout (an error
 * message's irritant) is bounded instead, since its caller is already handling an error.
 */
export interface WalkLimit {
  readonly maxNodes: number;
  readonly interruptible: boolean;
}

export const WHOLE_VALUE: WalkLimit = { maxNodes: Infinity, interruptible: true };

/** The answer of a walk that gave up at its limit. */
export const GAVE_UP: unique symbol = Symbol("gave up");

/**
 * Whether any compound value is reachable twice. Most values share nothing, and this walk (one set, no per-node
 * frames) is much cheaper than the exact cycle search that sharing makes necessary.
 */
function hasSharing(root: Compound, limit: WalkLimit): boolean | typeof GAVE_UP {
  const seen = new IdentitySet<Compound>();
  const pending: Value[] = [root];
  let visited = 0;
  while (pending.length > 0) {
    let v = pending.pop()!;
    while (isCompound(v)) {
      if (seen.has(v)) return true;
      if (++visited > limit.maxNodes) return GAVE_UP;
      if (limit.interruptible) tick();
      seen.add(v);
      if (v instanceof Pair) {
        if (isCompound(v.car)) pending.push(v.car);
        v = v.cdr;
      } else {
        for (const part of partsOf(v)) if (isCompound(part)) pending.push(part);
        break;
      }
    }
  }
  return false;
}

/**
 * The compound values a depth-first walk reaches again while still inside them: the targets of the back edges.
 * Every cycle contains one (the first of its nodes the walk enters is entered again through the cycle's last edge),
 * so a walk that stops at these, or labels them, terminates; one that walks in the same order as this one (car
 * before cdr, parts in order) meets each of them first as the outermost occurrence.
 */
export function findCycleTargets(root: Value, limit: WalkLimit = WHOLE_VALUE): ReadonlySet<Compound> | typeof GAVE_UP {
  const targets = new Set<Compound>();
  if (!isCompound(root)) return targets;
  const sharing = hasSharing(root, limit);
  if (sharing !== true) return sharing === GAVE_UP ? GAVE_UP : targets;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new IdentityMap<Compound, number>();
  const nodes: Compound[] = [root];
  const parts: (readonly Value[])[] = [partsOf(root)];
  const next: number[] = [0];
  state.set(root, ON_PATH);
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const children = parts[top]!;
    const i = next[top]!;
    if (i === children.length) {
      state.set(nodes[top]!, DONE);
      nodes.pop();
      parts.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const child = children[i]!;
    if (!isCompound(child)) continue;
    const seen = state.get(child);
    if (seen === ON_PATH) targets.add(child);
    if (seen !== undefined) continue;
    if (limit.interruptible) tick();
    state.set(child, ON_PATH);
    nodes.push(child);
    parts.push(partsOf(child));
    next.push(0);
  }
  return targets;
}

/** Whether `root` reaches itself or any of its parts again from inside: whether printing it needs a label. */
export function containsCycle(root: Value): boolean {
  const targets = findCycleTargets(root);
  return targets !== GAVE_UP && targets.size > 0;
}
