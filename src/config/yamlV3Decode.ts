/**
 * Decoding YAML into typed values the way Go's yaml.v3 does, for the files Prometheus reads
 * with v3 (rule files): type errors are collected (`yaml: unmarshal errors:\n  line 8: field
 * annotation not found in type rulefmt.Rule`) rather than stopping at the first, a custom
 * unmarshaler's error (a bad duration) ends decoding at once, `<<` merges work, explicit keys
 * win over merged ones, and positions are line:column as v3 counts them (1-based, in runes).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type Scalar } from 'yaml';
import { parseDuration } from '../model/duration.js';
import { quoteGoString } from '../model/goString.js';
import { scalarText } from './yamlScalar.js';

/** The shape of a Go type for the decoder. */
export type V3Schema =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  /** model.Duration (ms); `pointer`: absent stays undefined instead of 0. */
  | { readonly kind: 'duration'; readonly pointer?: boolean }
  /** A yaml.Node field: any node is accepted and kept for its position. */
  | { readonly kind: 'node' }
  | { readonly kind: 'stringMap' }
  | { readonly kind: 'seq'; readonly goType: string; readonly item: V3Schema }
  | { readonly kind: 'struct'; readonly goType: string; readonly fields: Readonly<Record<string, V3Schema>> };

/** Where a node starts (v3's Line and Column; 0:0 for a field that is absent). */
export interface V3Position {
  readonly line: number;
  readonly column: number;
}

/** A decoded struct: its fields by YAML key, the position of the mapping, and of each value. */
export interface V3Struct {
  readonly position: V3Position;
  readonly fields: Record<string, unknown>;
  readonly fieldPositions: Record<string, V3Position>;
}

/** A decoding error v3 would not collect (a custom unmarshaler's error): decoding stops. */
export class V3FatalError extends Error {}

/** The collected type errors, formatted as v3's TypeError. */
export class V3TypeError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`yaml: unmarshal errors:\n  ${errors.join('\n  ')}`);
  }
}

const NO_POSITION: V3Position = { line: 0, column: 0 };

/** Decodes one document against a schema; `knownFields` rejects keys a struct does not have. */
export class V3Decoder {
  private readonly errors: string[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly text: string,
    private readonly knownFields: boolean,
  ) {}

  /** Decodes the document root; throws V3TypeError or V3FatalError. */
  decodeRoot(schema: V3Schema): unknown {
    const root = (this.doc.contents as Node | null) ?? null;
    const value = this.decode(root, schema);
    if (this.errors.length > 0) throw new V3TypeError(this.errors);
    return value;
  }

  /** The v3 position of a node. */
  position(node: Node | null | undefined): V3Position {
    const offset = node?.range?.[0];
    if (offset === undefined) return NO_POSITION;
    const { line } = this.lines.linePos(offset);
    const lineStart = this.lines.lineStarts[line - 1] ?? 0;
    // v3 counts columns in characters, not UTF-16 units.
    return { line, column: [...this.text.slice(lineStart, offset)].length + 1 };
  }

  private resolve(node: Node | null): Node | null {
    let n = node;
    for (let guard = 0; n !== null && isAlias(n) && guard < 100; guard++) n = (n.resolve(this.doc) as Node | undefined) ?? null;
    return n;
  }

  private isNull(node: Node | null): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }

  private typeError(node: Node, goType: string): void {
    this.errors.push(`line ${this.position(node).line}: cannot unmarshal ${describeV3(node)} into ${goType}`);
  }

  private decode(raw: Node | null, schema: V3Schema): unknown {
    if (schema.kind === 'node') return raw;
    const node = this.resolve(raw);
    if (this.isNull(node)) return zeroValue(schema);
    const n = node!;
    switch (schema.kind) {
      case 'string':
        if (!isScalar(n)) return this.typeError(n, 'string'), '';
        return scalarText(n);
      case 'int':
        if (isScalar(n) && typeof n.value === 'number' && Number.isFinite(n.value)) return Math.trunc(n.value);
        return this.typeError(n, 'int'), 0;
      case 'duration': {
        // model.Duration reads a string first; a non-scalar is an ordinary type error.
        if (!isScalar(n)) return this.typeError(n, 'string'), zeroValue(schema);
        try {
          return parseDuration(scalarText(n));
        } catch (e) {
          throw new V3FatalError((e as Error).message);
        }
      }
      case 'stringMap':
        return this.decodeStringMap(n);
      case 'seq':
        if (!isSeq(n)) return this.typeError(n, schema.goType), [];
        return (n.items as Array<Node | null>).map((item) => this.decode(item, schema.item));
      case 'struct':
        return this.decodeStruct(n, schema);
    }
  }

  private decodeStringMap(n: Node): Record<string, string> {
    if (!isMap(n)) return this.typeError(n, 'map[string]string'), {};
    if (this.hasDuplicateKeys(n)) return {};
    const out: Record<string, string> = {};
    for (const pair of this.mergedPairs(n)) {
      const key = this.resolve(pair.key);
      if (key === null || !isScalar(key)) {
        if (key !== null) this.typeError(key, 'string');
        continue;
      }
      const name = scalarText(key);
      if (pair.merged && name in out) continue;
      out[name] = this.decode(pair.value, { kind: 'string' }) as string;
    }
    return out;
  }

  /** v3 refuses a mapping that repeats a key (and then decodes none of it). */
  private hasDuplicateKeys(n: Node): boolean {
    const keys = (n as unknown as { items: Array<Pair<Node | null, unknown>> }).items.map((p) => p.key);
    const text = (k: Node | null): string | undefined => (k !== null && isScalar(k) ? String(k.source ?? k.value) : undefined);
    let found = false;
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const a = text(keys[i]!);
        if (a === undefined || a !== text(keys[j]!)) continue;
        const line = (k: Node | null): number => this.position(k).line;
        this.errors.push(`line ${line(keys[j]!)}: mapping key ${quoteGoString(a)} already defined at line ${line(keys[i]!)}`);
        found = true;
      }
    }
    return found;
  }

  private decodeStruct(n: Node, schema: Extract<V3Schema, { kind: 'struct' }>): V3Struct {
    const result: V3Struct = { position: this.position(n), fields: {}, fieldPositions: {} };
    if (!isMap(n)) {
      this.typeError(n, schema.goType);
      return result;
    }
    if (this.hasDuplicateKeys(n)) return result;
    const done = new Set<string>();
    for (const pair of this.mergedPairs(n)) {
      const key = this.resolve(pair.key);
      const name = key !== null && isScalar(key) ? scalarText(key) : String(key);
      // Keys written in the mapping win over those merged in with `<<`.
      if (done.has(name)) continue;
      done.add(name);
      const fieldSchema = schema.fields[name];
      if (fieldSchema === undefined) {
        if (this.knownFields) this.errors.push(`line ${this.position(key).line}: field ${name} not found in type ${schema.goType}`);
        continue;
      }
      result.fields[name] = this.decode(pair.value, fieldSchema);
      result.fieldPositions[name] = this.position(pair.value);
    }
    return result;
  }

  /** The pairs of a mapping, explicit ones first, then those merged in with `<<`. */
  private mergedPairs(map: Node): Array<{ key: Node | null; value: Node | null; merged: boolean }> {
    const explicit: Array<{ key: Node | null; value: Node | null; merged: boolean }> = [];
    const merged: Array<{ key: Node | null; value: Node | null; merged: boolean }> = [];
    for (const pair of (map as unknown as { items: Array<Pair<Node | null, Node | null>> }).items) {
      const key = pair.key;
      if (key !== null && isScalar(key) && key.source === '<<' && (key as Scalar).type === 'PLAIN') {
        const target = this.resolve(pair.value);
        const sources = target !== null && isSeq(target) ? (target.items as Array<Node | null>).map((i) => this.resolve(i)) : [target];
        for (const source of sources) {
          if (source === null || !isMap(source)) {
            if (source !== null) this.errors.push(`line ${this.position(source).line}: map merge requires map or sequence of maps as the value`);
            continue;
          }
          for (const p of this.mergedPairs(source)) merged.push({ ...p, merged: true });
        }
        continue;
      }
      explicit.push({ key, value: pair.value, merged: false });
    }
    return [...explicit, ...merged];
  }
}

function zeroValue(schema: V3Schema): unknown {
  switch (schema.kind) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'duration':
      return schema.pointer ? undefined : 0;
    case 'stringMap':
      return {};
    case 'seq':
      return [];
    case 'struct':
      return { position: NO_POSITION, fields: {}, fieldPositions: {} } satisfies V3Struct;
    case 'node':
      return null;
  }
}

/** v3's description of a node in "cannot unmarshal" errors: its tag and (for scalars) a value excerpt. */
function describeV3(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (!isScalar(node)) return '!!str';
  const v = node.value;
  const tag = typeof v === 'number' ? (Number.isInteger(v) && !/[.eE]/.test(String(node.source ?? '')) ? '!!int' : '!!float') : typeof v === 'boolean' ? '!!bool' : '!!str';
  const text = scalarText(node);
  const excerpt = text.length > 10 ? text.slice(0, 7) + '...' : text;
  return `${tag} \`${excerpt}\``;
}
