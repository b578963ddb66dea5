/**
 * Strict decoding of YAML nodes into config structs, in the manner of Go's yaml.UnmarshalStrict
 * that Prometheus uses: unknown and repeated fields are errors, and every error names the file
 * and line it comes from.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseDuration } from './duration.js';

/** A user-facing config error; the message names the file and line where one is known. */
export class ConfigError extends Error {}

/** Where a node came from, so errors can say `file:line`. */
export interface SourceContext {
  readonly file: string;
  readonly lines: LineCounter;
}

/** Parses YAML text into its document root, keeping positions; syntax errors become ConfigErrors. */
export function parseYamlSource(text: string, file: string): { root: Node | null; source: SourceContext } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    throw new ConfigError(`parsing YAML file ${file}: yaml: line ${pos.line}: ${first.message.split('\n')[0]}`);
  }
  return { root: (doc.contents as Node | null) ?? null, source: { file, lines } };
}

/** `line N` of a node, for error messages. */
export function lineOf(node: Node | null | undefined, source: SourceContext): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : source.lines.linePos(offset).line;
}

/** Whether a node is absent or an explicit YAML null. */
export function isNull(node: Node | null | undefined): boolean {
  return node == null || (isScalar(node) && node.value === null);
}

/**
 * Reads the fields of one YAML mapping. Every read marks the field as known; `done()` rejects
 * the fields nobody read, with Go's wording `field X not found in type T`.
 */
export class Fields {
  private readonly pairs = new Map<string, Pair<Node, Node | null>>();
  private readonly known = new Set<string>();

  constructor(
    readonly node: Node | null,
    readonly typeName: string,
    readonly source: SourceContext,
  ) {
    if (isNull(node)) return;
    if (!isMap(node)) throw this.error(node, `cannot unmarshal ${describeNode(node as Node)} into ${typeName}`);
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (this.pairs.has(key)) throw this.error(pair.key, `field ${key} already set in type ${typeName}`);
      this.pairs.set(key, pair);
    }
  }

  /** Builds an error that names the file and line of a node. */
  error(node: Node | null | undefined, message: string): ConfigError {
    const line = lineOf(node ?? this.node, this.source);
    return new ConfigError(line > 0 ? `${this.source.file}:${line}: ${message}` : `${this.source.file}: ${message}`);
  }

  /** Whether the field is present (even if null). */
  has(key: string): boolean {
    this.known.add(key);
    return this.pairs.has(key);
  }

  /** The raw node of a field, or undefined when absent. */
  node_(key: string): Node | null | undefined {
    this.known.add(key);
    const pair = this.pairs.get(key);
    return pair === undefined ? undefined : pair.value;
  }

  /** The plain JS value of a field (scalars, lists, maps), or undefined. */
  raw(key: string): unknown {
    const n = this.node_(key);
    return n == null ? undefined : n.toJSON();
  }

  private scalar(key: string): { node: Node; value: unknown } | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isScalar(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into ${key} of type ${this.typeName}`);
    return { node: n!, value: n!.value };
  }

  string(key: string): string | undefined {
    const s = this.scalar(key);
    if (s === undefined) return undefined;
    if (typeof s.value === 'object' && s.value !== null) throw this.error(s.node, `cannot unmarshal !!binary into string`);
    return String(s.value);
  }

  bool(key: string): boolean | undefined {
    const s = this.scalar(key);
    if (s === undefined) return undefined;
    if (typeof s.value !== 'boolean') throw this.error(s.node, `cannot unmarshal !!str \`${String(s.value)}\` into bool`);
    return s.value;
  }

  number(key: string): number | undefined {
    const s = this.scalar(key);
    if (s === undefined) return undefined;
    const v = typeof s.value === 'number' ? s.value : Number(s.value);
    if (typeof s.value === 'boolean' || !Number.isFinite(v)) throw this.error(s.node, `cannot unmarshal !!str \`${String(s.value)}\` into number`);
    return v;
  }

  /** An integer field; rejects fractions and negative values when `unsigned`. */
  integer(key: string, unsigned = false): number | undefined {
    const v = this.number(key);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || (unsigned && v < 0)) {
      throw this.error(this.node_(key), `cannot unmarshal !!${Number.isInteger(v) ? 'int' : 'float'} \`${v}\` into ${unsigned ? 'uint' : 'int'}`);
    }
    return v;
  }

  /** A Prometheus duration field, in milliseconds. */
  duration(key: string): number | undefined {
    const s = this.string(key);
    if (s === undefined) return undefined;
    try {
      return parseDuration(s);
    } catch (e) {
      throw this.error(this.node_(key), (e as Error).message);
    }
  }

  /** A list of strings. */
  stringList(key: string): string[] | undefined {
    return this.list(key)?.map((item) => {
      if (!isScalar(item) || item.value === null) throw this.error(item, `cannot unmarshal ${describeNode(item)} into string`);
      return String(item.value);
    });
  }

  /** A map of string to string (label sets, headers). */
  stringMap(key: string): Record<string, string> | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isMap(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into map[string]string`);
    const out: Record<string, string> = {};
    for (const pair of (n as YAMLMap<Node, Node | null>).items) {
      const k = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof k === 'object' && k !== null) throw this.error(pair.key, 'cannot unmarshal !!binary into string');
      const v = pair.value;
      if (v != null && !isScalar(v)) throw this.error(v, `cannot unmarshal ${describeNode(v)} into string`);
      out[String(k)] = v == null || v.value === null ? '' : String(v.value);
    }
    return out;
  }

  /** The items of a list field (empty when absent or null). */
  list(key: string): Node[] | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    if (!isSeq(n!)) throw this.error(n, `cannot unmarshal ${describeNode(n!)} into ${key} of type ${this.typeName}`);
    return n.items as Node[];
  }

  /** A nested mapping field as its own Fields reader (undefined when absent or null). */
  sub(key: string, typeName: string): Fields | undefined {
    const n = this.node_(key);
    if (isNull(n)) return undefined;
    return new Fields(n!, typeName, this.source);
  }

  /** Rejects fields that no reader asked for. */
  done(): void {
    for (const [key, pair] of this.pairs) {
      if (!this.known.has(key)) throw this.error(pair.key, `field ${key} not found in type ${this.typeName}`);
    }
  }
}

/** Go-yaml style description of a node's kind, for "cannot unmarshal" messages. */
export function describeNode(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return Number.isInteger(v) ? `!!int \`${v}\`` : `!!float \`${v}\``;
    if (typeof v === 'boolean') return `!!bool \`${v}\``;
    return `!!str \`${String(v)}\``;
  }
  return 'value';
}
