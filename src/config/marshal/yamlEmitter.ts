/**
 * Prints a YamlNode document in go-yaml v2's block layout: two-space mappings, sequences inside
 * mappings not indented past their key (`key:\n- item`), empty collections as `[]`/`{}`, flow
 * sequences wrapped once past column 80, and a trailing newline.
 */
import { writeGoString, type ScalarContext, type ScalarSink } from './goScalars.js';
import type { YamlNode } from './yamlNodes.js';

const BEST_WIDTH = 80;

class DocumentWriter implements ScalarSink {
  private readonly parts: string[] = [];
  column = 0;
  /** Indentation of continuation lines of the scalar being written. */
  scalarIndent = 0;

  write(text: string): void {
    if (text === '') return;
    this.parts.push(text);
    const newline = text.lastIndexOf('\n');
    const tail = newline < 0 ? text : text.slice(newline + 1);
    this.column = (newline < 0 ? this.column : 0) + Array.from(tail).length;
  }

  breakLine(): void {
    this.write(`\n${' '.repeat(this.scalarIndent)}`);
  }

  pad(): void {
    this.write(' '.repeat(this.scalarIndent));
  }

  /** Starts a line at `indent`, unless a block scalar already ended the previous one. */
  line(indent: number): void {
    this.write(this.column === 0 && this.parts.length > 0 ? ' '.repeat(indent) : `\n${' '.repeat(indent)}`);
  }

  scalar(node: YamlNode & { kind: 'string' | 'literal' }, indent: number, ctx: ScalarContext): void {
    if (node.kind === 'literal') {
      this.write(node.text);
      return;
    }
    this.scalarIndent = indent;
    writeGoString(this, node.value, ctx);
  }

  text(): string {
    return this.parts.join('');
  }
}

const BLOCK: ScalarContext = { flow: false, simpleKey: false };
const FLOW: ScalarContext = { flow: true, simpleKey: false };
const KEY: ScalarContext = { flow: false, simpleKey: true };

/** Writes the entries of a block mapping whose keys sit at `indent`. */
function writeMapping(w: DocumentWriter, entries: ReadonlyArray<readonly [string, YamlNode]>, indent: number, continueLine: boolean): void {
  entries.forEach(([key, value], i) => {
    if (i > 0 || !continueLine) w.line(indent);
    w.scalar({ kind: 'string', value: key }, indent + 2, KEY);
    w.write(':');
    writeValue(w, value, indent);
  });
}

/** Writes a mapping value after `key:`; `indent` is the key's column. */
function writeValue(w: DocumentWriter, node: YamlNode, indent: number): void {
  switch (node.kind) {
    case 'string':
    case 'literal':
      w.write(' ');
      w.scalar(node, indent + 2, BLOCK);
      return;
    case 'map':
      if (node.entries.length === 0) w.write(' {}');
      else writeMapping(w, node.entries, indent + 2, false);
      return;
    case 'seq':
      if (node.items.length === 0 || node.flow) {
        w.write(' ');
        writeFlowSequence(w, node.items, indent + 2);
      } else {
        // go-yaml does not indent a block sequence that is a mapping value.
        writeSequence(w, node.items, indent, false);
      }
      return;
  }
}

/** Writes the items of a block sequence whose dashes sit at `indent`. */
function writeSequence(w: DocumentWriter, items: readonly YamlNode[], indent: number, continueLine: boolean): void {
  items.forEach((item, i) => {
    if (i > 0 || !continueLine) w.line(indent);
    w.write('- ');
    switch (item.kind) {
      case 'string':
      case 'literal':
        w.scalar(item, indent + 2, BLOCK);
        break;
      case 'map':
        if (item.entries.length === 0) w.write('{}');
        else writeMapping(w, item.entries, indent + 2, true);
        break;
      case 'seq':
        if (item.items.length === 0 || item.flow) writeFlowSequence(w, item.items, indent + 2);
        else writeSequence(w, item.items, indent + 2, true);
        break;
    }
  });
}

/** Writes `[a, b]`, moving to a new line at `indent` before an item that would start past column 80. */
function writeFlowSequence(w: DocumentWriter, items: readonly YamlNode[], indent: number): void {
  w.write('[');
  items.forEach((item, i) => {
    if (i > 0) w.write(',');
    if (w.column > BEST_WIDTH) w.write(`\n${' '.repeat(indent)}`);
    else if (i > 0) w.write(' ');
    if (item.kind === 'string' || item.kind === 'literal') w.scalar(item, indent + 2, FLOW);
    else if (item.kind === 'seq') writeFlowSequence(w, item.items, indent + 2);
    // Flow mappings never occur in configs; print them as an empty map rather than guess.
    else w.write('{}');
  });
  w.write(']');
}

/** Prints a document the way Go's yaml.Marshal does for the same value. */
export function emitYaml(root: YamlNode): string {
  const w = new DocumentWriter();
  switch (root.kind) {
    case 'map':
      if (root.entries.length === 0) w.write('{}');
      else writeMapping(w, root.entries, 0, true);
      break;
    case 'seq':
      if (root.items.length === 0 || root.flow) writeFlowSequence(w, root.items, 0);
      else writeSequence(w, root.items, 0, true);
      break;
    default:
      w.scalar(root, 0, BLOCK);
  }
  const text = w.text();
  return text.endsWith('\n') ? text : `${text}\n`;
}
