// Reading magic lines: `%name args` (line magic), `%%name args` (cell magic), `%%%name args` (sticky cell
// magic), `%name?` / `NAME?` (help), and a magic's arguments, with options before or after positionals.

export type MagicLevel = "line" | "cell" | "sticky";

export interface MagicLine {
  readonly level: MagicLevel;
  readonly name: string;
  /** Everything after the name on that line. */
  readonly argText: string;
  /** `%px?`: the user asks for the magic's usage. */
  readonly help: boolean;
}

const MAGIC_LINE = /^(%{1,3})([A-Za-z_][\w-]*)(\?)?(?:\s+(.*))?$/;

/** The magic a line opens, or undefined when the line is code. */
export function parseMagicLine(line: string): MagicLine | undefined {
  const m = MAGIC_LINE.exec(line.trim());
  if (!m) return undefined;
  const level: MagicLevel = m[1]!.length === 1 ? "line" : m[1]!.length === 2 ? "cell" : "sticky";
  return { level, name: m[2]!, argText: (m[4] ?? "").trim(), help: m[3] === "?" };
}

/** The first line and the rest (without the newline between them). */
export function splitFirstLine(code: string): { first: string; rest: string } {
  const nl = code.indexOf("\n");
  return nl < 0 ? { first: code, rest: "" } : { first: code.slice(0, nl).replace(/\r$/, ""), rest: code.slice(nl + 1) };
}

/** A magic's arguments could not be understood; the message says what, and the magic's usage follows. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Split an argument string into words. Quotes group ("a b"), and so do balanced parentheses and brackets, so
 * code such as `(range 10)` stays one word.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    while (i < text.length && (depth > 0 || !/\s/.test(text[i]!))) {
      const ch = text[i]!;
      if (ch === '"' || ch === "'") {
        const close = text.indexOf(ch, i + 1);
        if (close < 0) throw new UsageError(`unclosed ${ch} in: ${text}`);
        i = close + 1;
        continue;
      }
      if (ch === "(" || ch === "[") depth++;
      else if (ch === ")" || ch === "]") depth = Math.max(0, depth - 1);
      i++;
    }
    if (depth > 0) throw new UsageError(`unbalanced parenthesis in: ${text}`);
    words.push(text.slice(start, i));
  }
  return words;
}

export interface OptionSpec {
  /** "-s" */
  readonly short?: string;
  /** "--set_variable" */
  readonly long: string;
  /** Shown in the usage when the option takes a value: "VAR". Absent for flags. */
  readonly value?: string;
  readonly help: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** Takes every remaining word (joined by spaces), e.g. the code of `%px EXPR`. */
  readonly rest?: boolean;
}

export interface ArgumentSpec {
  readonly options: readonly OptionSpec[];
  readonly positionals: readonly PositionalSpec[];
}

export interface ParsedArguments {
  /** By long name without dashes ("set_variable"): the value, or true for a flag. */
  readonly options: ReadonlyMap<string, string | true>;
  /** By positional name; a rest positional joins its words with spaces. */
  readonly positionals: ReadonlyMap<string, string>;
}

function unquote(word: string): string {
  return /^(["']).*\1$/s.test(word) ? word.slice(1, -1) : word;
}

const looksLikeOption = (word: string): boolean => /^--?[A-Za-z]/.test(word);

export function parseArguments(spec: ArgumentSpec, text: string): ParsedArguments {
  const words = tokenize(text);
  const options = new Map<string, string | true>();
  const loose: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!looksLikeOption(word)) {
      loose.push(word);
      continue;
    }
    const [flag, inlineValue] = word.startsWith("--") && word.includes("=") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
    const option = spec.options.find((o) => o.short === flag || o.long === flag);
    if (!option) throw new UsageError(`unknown option ${flag}`);
    const key = option.long.replace(/^--/, "");
    if (option.value === undefined) {
      if (inlineValue !== undefined) throw new UsageError(`${option.long} takes no value`);
      options.set(key, true);
      continue;
    }
    const value = inlineValue ?? words[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value (${option.value})`);
    // `-s -e`: the value was forgotten, and the next option would become it (px storing into a variable "-e").
    if (inlineValue === undefined && looksLikeOption(value)) {
      throw new UsageError(`${flag} needs a value (${option.value}), but the next word is the option ${value}`);
    }
    // `--set_variable=` or `-s ""`: px would store into a variable named "".
    if (unquote(value).trim() === "") throw new UsageError(`${option.long} needs a value (${option.value}), not an empty one`);
    options.set(key, unquote(value));
  }
  const positionals = new Map<string, string>();
  for (const p of spec.positionals) {
    if (p.rest) {
      if (loose.length > 0) positionals.set(p.name, loose.splice(0).join(" "));
    } else if (loose.length > 0) positionals.set(p.name, unquote(loose.shift()!));
    if (!p.optional && !positionals.has(p.name)) throw new UsageError(`missing ${p.name}`);
  }
  if (loose.length > 0) throw new UsageError(`unexpected argument${loose.length > 1 ? "s" : ""}: ${loose.join(" ")}`);
  return { options, positionals };
}

/** "-s VAR, --set_variable VAR" */
export function describeOption(o: OptionSpec): string {
  const withValue = (flag: string): string => (o.value ? `${flag} ${o.value}` : flag);
  return [o.short, o.long].filter((f): f is string => f !== undefined).map(withValue).join(", ");
}
