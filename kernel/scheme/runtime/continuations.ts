// Re-entrant first-class continuations, captured by unwinding the JS stack (Pettyjohn et al., "Continuations
// from generalized stack inspection").
//
// call/cc throws a Capture. Every compiled procedure that has calls which can reach call/cc catches it, records
// its frame (which call was in progress, its locals) and rethrows; the frames then reach a base: the engine's
// top-level form, or a JS primitive that called Scheme code. The base makes the continuation from the recorded
// frames, and runs them again ("resumes" them: each frame's code from the call onwards, compiled on demand by
// compiler/resume.ts), starting with the receiver's result. Invoking a continuation throws a Reentry to its base,
// which resumes the continuation's frames with the value passed. Code that never calls call/cc pays only a
// try/catch per procedure that makes non-tail calls, which V8 optimises.

import { SchemeError, signal } from "../errors.js";
import { named } from "../names.js";
import { MultipleValues, type Value } from "../values.js";
import { fn, rv } from "./trampoline.js";

/** One recorded frame: running `resume(v)` completes the frame's work given `v` as its call's result. */
export interface Frame {
  resume(v: Value): Value;
  /** Undo what entering the frame did, when an error abandons it before it resumes (dynamic-wind's after). */
  abandon?(): void;
}

/** A compiled procedure's table of call sites (capture-sites.ts): it knows how to resume any of them. */
export interface ResumableCode {
  resume(site: number, values: readonly Value[], references: VariableAccess | null, v: Value): Value;
}

/** Reads (`set` false) or writes a captured variable that is assigned, so every resumption shares it. */
export type VariableAccess = (index: number, set: boolean, v?: Value) => Value;

class CompiledFrame implements Frame {
  constructor(
    private readonly code: ResumableCode,
    private readonly site: number,
    private readonly values: readonly Value[],
    private readonly references: VariableAccess | null,
  ) {}
  resume(v: Value): Value {
    return this.code.resume(this.site, this.values, this.references, v);
  }
}

/** Frames innermost first, shared between continuations: capturing again where frames were resumed is O(new frames). */
interface FrameList {
  readonly frame: Frame;
  readonly next: FrameList | null;
}

/** Thrown by call/cc to collect the frames between it and its base; not an Error, so no stack is captured. */
export class Capture {
  /** What compiled code tests (no instanceof: it must not call anything at the stack's limit). */
  readonly isCapture = true;
  /** The frames that were on the JS stack, innermost first. */
  readonly frames: Frame[] = [];
  /** Below them, the frames a resumption had still to run (resumeFrames). */
  rest: FrameList | null = null;
  constructor(readonly receiver: Value) {}
  /** Called from the catch clause of compiled code. */
  push(code: ResumableCode, site: number, values: Value[], references: VariableAccess | null): void {
    this.frames.push(new CompiledFrame(code, site, values, references));
  }
}

// ---- dynamic-wind ----

/**
 * A before or after thunk, called as call.ts's call0 calls a procedure: its pending tail calls run to the end, and a
 * continuation captured inside is based at this call. (call.ts settles through this module, so this module does not
 * call through call.ts.)
 */
function callThunk(thunk: Value): Value {
  try {
    return rv(fn(thunk)());
  } catch (e) {
    return settleInPrimitive(e);
  }
}

class Winder {
  readonly depth: number;
  constructor(
    readonly before: Value,
    readonly after: Value,
    readonly parent: Winder | null,
  ) {
    this.depth = parent === null ? 1 : parent.depth + 1;
  }
}
let winders: Winder | null = null;

/** The engine starts each top-level form outside every dynamic-wind. */
export function resetWinders(): void {
  winders = null;
}

/** Leave the extents `winders` is in and `target` is not, innermost first; then enter target's, outermost first. */
function rewind(target: Winder | null): void {
  const depth = (w: Winder | null) => (w === null ? 0 : w.depth);
  let common = winders;
  let t = target;
  while (depth(common) > depth(t)) common = common!.parent;
  while (depth(t) > depth(common)) t = t!.parent;
  while (common !== t) {
    common = common!.parent;
    t = t!.parent;
  }
  while (winders !== common) {
    const w = winders!;
    winders = w.parent;
    callThunk(w.after);
  }
  const entering: Winder[] = [];
  for (let w = target; w !== common; w = w!.parent) entering.push(w!);
  for (let i = entering.length - 1; i >= 0; i--) {
    callThunk(entering[i]!.before);
    winders = entering[i]!;
  }
}

class WindFrame implements Frame {
  constructor(private readonly winder: Winder) {}
  resume(v: Value): Value {
    winders = this.winder.parent;
    callThunk(this.winder.after);
    return v;
  }
  abandon(): void {
    winders = this.winder.parent;
    callThunk(this.winder.after);
  }
}

function dynamicWind(before: Value, thunk: Value, after: Value): Value {
  callThunk(before);
  const saved = winders;
  const winder = new Winder(before, after, saved);
  winders = winder;
  let result: Value;
  try {
    result = rv(fn(thunk)());
  } catch (e) {
    if (e instanceof Capture) e.frames.push(new WindFrame(winder));
    else if (!(e instanceof Reentry)) {
      // An error leaves the extent; a continuation's invocation has already run the after thunks itself.
      winders = saved;
      callThunk(after);
    }
    throw e;
  }
  winders = saved;
  callThunk(after);
  return result;
}

// ---- continuations and their bases ----

/** Where a continuation's recorded frames end: below them is a live JS frame (or the engine's form loop). */
export abstract class ContinuationBase {
  /** Whether the JS frame below is still running, so a Reentry can reach it. */
  abstract isLive(): boolean;
  /** What to say when the base has returned and the continuation cannot be re-entered. */
  abstract describe(): string;
}

class PrimitiveBase extends ContinuationBase {
  live = true;
  isLive(): boolean {
    return this.live;
  }
  describe(): string {
    return "it was captured inside a call made by a built-in procedure (call-with-values, guard, with-exception-handler, parameterize, force, eval) that has since returned; only frames of Scheme procedures can be re-entered";
  }
}

/** Thrown by invoking a continuation: unwinds to the continuation's base, which resumes its frames. */
export class Reentry {
  constructor(
    readonly continuation: Continuation,
    readonly value: Value,
  ) {}
}

export class Continuation {
  constructor(
    readonly frames: FrameList | null,
    readonly base: ContinuationBase,
    readonly winders: Winder | null,
  ) {}
}

function continuationProcedure(k: Continuation): Value {
  return named("continuation", function (...results: Value[]): Value {
    if (!k.base.isLive()) signal(new SchemeError("Error", `this continuation cannot be re-entered: ${k.base.describe()}`));
    const v = results.length === 1 ? results[0]! : new MultipleValues(results);
    rewind(k.winders);
    throw new Reentry(k, v);
  });
}

/** Run recorded frames (innermost first) on the value `first` computes; a capture meanwhile takes them along. */
export function resumeFrames(frames: FrameList | null, first: () => Value): Value {
  let pending = frames;
  try {
    let v = first();
    while (pending !== null) {
      const { frame } = pending;
      pending = pending.next;
      v = frame.resume(v);
    }
    return v;
  } catch (e) {
    if (e instanceof Capture) e.rest = pending;
    else if (!(e instanceof Reentry)) for (let f = pending; f !== null; f = f.next) f.frame.abandon?.();
    throw e;
  }
}

function frameList(capture: Capture): FrameList | null {
  let list = capture.rest;
  for (let i = capture.frames.length - 1; i >= 0; i--) list = { frame: capture.frames[i]!, next: list };
  return list;
}

/**
 * What a base does with an exception from the code it runs: a Capture becomes a continuation based here and the
 * computation goes on with the receiver's result; a Reentry to this base resumes that continuation. Returns the
 * value the base's code produces in the end; anything else is rethrown.
 */
export function settle(e: unknown, base: ContinuationBase): Value {
  for (;;) {
    try {
      if (e instanceof Capture) {
        const frames = frameList(e);
        const { receiver } = e;
        const k = continuationProcedure(new Continuation(frames, base, winders));
        return resumeFrames(frames, () => rv(fn(receiver)(k)));
      }
      if (e instanceof Reentry && e.continuation.base === base) {
        const { frames } = e.continuation;
        const v = e.value;
        return resumeFrames(frames, () => v);
      }
    } catch (again) {
      e = again;
      continue;
    }
    throw e;
  }
}

/** A JS primitive's call of Scheme code was left by a capture or a reentry: continuations captured are based here. */
export function settleInPrimitive(e: unknown): Value {
  if (!isControlTransfer(e)) throw e;
  const base = new PrimitiveBase();
  try {
    return settle(e, base);
  } finally {
    base.live = false;
  }
}

function callWithCurrentContinuation(receiver: Value): Value {
  fn(receiver);
  throw new Capture(receiver);
}

/** Not catchable by Scheme's guard and handlers: they are control transfers, not errors. */
export function isControlTransfer(e: unknown): boolean {
  return e instanceof Capture || e instanceof Reentry;
}

export const continuationPrimitives = { callWithCurrentContinuation, dynamicWind };
