/**
 * Execution of a parsed template, following Go's text/template exec.go: how pipelines pass
 * their value on, how fields and map keys are read (missingkey=zero, as Prometheus sets it),
 * how arguments are checked against parameter types, and the wording and position of every
 * error (`template: NAME:LINE:COL: executing "NAME" at <NODE>: …`, column in bytes from 0).
 *
 * Execution is asynchronous because a template may call `query`, which runs PromQL.
 */
import { quoteGoString } from '../../model/goString.js';
import { formatArg } from './goFmt.js';
import { FuncError, type FuncMap, type TemplateFunction } from './functions.js';
import { nodeString, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type VariableNode } from './nodes.js';
import { argumentProblem, canBeNil, literalArgument, NIL_INTERFACE } from './argTypes.js';
import type { TreeSet } from './parser.js';
import { GoMap, GoOpaque, GoSlice, GoStruct, goTypeOf, isTrue, paramTypeName, utf8Length, type GoValue, type ParamType } from './values.js';

/** A template that failed while running; the message is Go's. */
export class TemplateExecError extends Error {}

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
// Go allows 100000 nested template calls; our async stack is smaller.
const MAX_DEPTH = 1000;

interface Variable {
  readonly name: string;
  value: GoValue;
}

/** Runs template `name` of `set` on `data`; returns the output or throws TemplateExecError. */
export async function executeTemplate(set: TreeSet, parseName: string, source: string, name: string, funcs: FuncMap, data: GoValue): Promise<string> {
  const root = set.get(name);
  const out: string[] = [];
  const state = new ExecState(set, parseName, source, name, funcs, out, [{ name: '$', value: data }], 0);
  if (root === undefined) throw new TemplateExecError(`template: ${name}: ${quoteGoString(name)} is an incomplete or empty template`);
  await state.walk(data, root);
  return out.join('');
}

class ExecState {
  private node: Node | undefined;

  constructor(
    private readonly set: TreeSet,
    private readonly parseName: string,
    private readonly source: string,
    private readonly name: string,
    private readonly funcs: FuncMap,
    private readonly out: string[],
    private readonly vars: Variable[],
    private readonly depth: number,
  ) {}

  private at(node: Node): void {
    this.node = node;
  }

  private errorf(message: string): never {
    if (this.node === undefined) throw new TemplateExecError(`template: ${this.name}: ${message}`);
    const before = this.source.slice(0, this.node.pos);
    const lastBreak = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const column = utf8Length(before.slice(lastBreak + 1));
    const where = `${this.parseName}:${line}:${column}`;
    throw new TemplateExecError(`template: ${where}: executing ${quoteGoString(this.name)} at <${nodeString(this.node)}>: ${message}`);
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  /** Executes a node, writing its output. */
  async walk(dot: GoValue, node: Node): Promise<void> {
    this.at(node);
    switch (node.kind) {
      case 'action': {
        const value = await this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'list':
        for (const n of node.nodes) await this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out.push(node.text);
        return;
    }
    this.errorf(`unknown node: ${nodeString(node)}`);
  }

  private async walkIfOrWith(dot: GoValue, node: BranchNode): Promise<void> {
    const mark = this.vars.length;
    try {
      const value = await this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) await this.walk(node.kind === 'with' ? value : dot, node.list);
      else if (node.elseList) await this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private async walkRange(dot: GoValue, node: BranchNode): Promise<void> {
    this.at(node);
    const outer = this.vars.length;
    try {
      let value = await this.evalPipeline(dot, node.pipe);
      if (value instanceof GoStruct && value.pointer) value = new GoStruct(value.goType, value.fields);
      const mark = this.vars.length;
      const decl = node.pipe.decl;
      const oneIteration = async (index: GoValue, elem: GoValue): Promise<void> => {
        if (decl.length > 0) {
          if (node.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (node.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
          else this.setTopVar(2, index);
        }
        try {
          await this.walk(elem, node.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let ran = false;
      try {
        if (value instanceof GoSlice) {
          for (let i = 0; i < value.items.length; i++) {
            ran = true;
            await oneIteration(BigInt(i), value.items[i]);
          }
        } else if (value instanceof GoMap) {
          for (const key of value.sortedKeys()) {
            ran = true;
            await oneIteration(key, value.entries.get(key));
          }
        } else if (typeof value === 'bigint') {
          if (decl.length > 1) this.errorf(`can't use ${formatArg(value, 'v')} to iterate over more than one variable`);
          for (let i = 0n; i < value; i++) {
            ran = true;
            await oneIteration(i, i);
          }
        } else if (value !== undefined) {
          this.errorf(`range can't iterate over ${formatArg(value, 'v')}`);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
      }
      if (!ran && node.elseList) await this.walk(dot, node.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private async walkTemplate(dot: GoValue, node: TemplateNode): Promise<void> {
    this.at(node);
    const tree = this.set.get(node.name);
    if (tree === undefined) this.errorf(`template ${quoteGoString(node.name)} not defined`);
    if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = node.pipe ? await this.evalPipeline(dot, node.pipe) : undefined;
    const inner = new ExecState(this.set, this.parseName, this.source, node.name, this.funcs, this.out, [{ name: '$', value: newDot }], this.depth + 1);
    await inner.walk(newDot, tree);
  }

  private printValue(node: Node, value: GoValue): void {
    this.at(node);
    let v = value;
    if (v instanceof GoStruct && v.pointer) v = new GoStruct(v.goType, v.fields);
    this.out.push(v === undefined ? '<no value>' : formatArg(v, 'v'));
  }

  private async evalPipeline(dot: GoValue, pipe: PipeNode): Promise<GoValue> {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = await this.evalCommand(dot, cmd, value);
      // Go digs into an interface{} after every stage: a nil one becomes "no value".
      if (value === NIL_INTERFACE) value = undefined;
    }
    const result = value === MISSING ? undefined : value;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, result);
      else this.vars.push({ name: v.ident[0]!, value: result });
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[] | undefined, final: Final): void {
    if ((args !== undefined && args.length > 1) || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
  }

  private async evalCommand(dot: GoValue, cmd: CommandNode, final: Final): Promise<GoValue> {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    if (n.isComplex) this.errorf(`complex constant ${n.text} is not supported`);
    const hexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !hexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private async evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = await this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, receiver, chain, chain.field, args, final);
  }

  private async evalVariableNode(dot: GoValue, v: VariableNode, args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private async evalFieldChain(dot: GoValue, receiverIn: GoValue, node: Node, ident: readonly string[], args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    let receiver = receiverIn;
    for (let i = 0; i < ident.length - 1; i++) receiver = await this.evalField(dot, ident[i]!, node, undefined, MISSING, receiver);
    return this.evalField(dot, ident[ident.length - 1]!, node, args, final, receiver);
  }

  private async evalField(dot: GoValue, fieldName: string, node: Node, args: readonly ArgNode[] | undefined, final: Final, receiver: GoValue): Promise<GoValue> {
    // A missing value has no fields; with missingkey=zero that is not an error.
    if (receiver === undefined) return undefined;
    if (receiver === NIL_INTERFACE) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    if (receiver instanceof GoOpaque) {
      const method = receiver.method(fieldName);
      if (method !== undefined) return this.evalCall(dot, { params: method.params, call: method.call }, node, fieldName, args, final);
    }
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct && receiver.fields.has(fieldName)) {
      if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
      return receiver.fields.get(fieldName);
    }
    if (receiver instanceof GoMap) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const value = receiver.lookup(fieldName);
      return value === undefined && receiver.elemType === 'interface {}' ? NIL_INTERFACE : value;
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${goTypeOf(receiver)}`);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    this.at(node);
    const fn = this.funcs.get(node.ident);
    if (fn === undefined) this.errorf(`${quoteGoString(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.ident, args, final);
  }

  private async evalCall(dot: GoValue, fn: TemplateFunction, node: Node, name: string, args: readonly ArgNode[] | undefined, final: Final): Promise<GoValue> {
    const argNodes = args === undefined ? [] : args.slice(1);
    const numIn = argNodes.length + (final === MISSING ? 0 : 1);
    const numFixed = fn.params.length;
    if (fn.variadic !== undefined) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${argNodes.length}`);
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }
    if (fn.shortCircuit) {
      let v: GoValue;
      for (const arg of argNodes) {
        v = await this.evalArg(dot, 'value', arg);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(await this.evalArg(dot, fn.params[i]!, argNodes[i]!));
    if (fn.variadic !== undefined) for (; i < argNodes.length; i++) argv.push(await this.evalArg(dot, fn.variadic, argNodes[i]!));
    if (final !== MISSING) {
      let t: ParamType = fn.variadic ?? fn.params[numFixed - 1]!;
      if (fn.variadic !== undefined && numIn - 1 < numFixed) t = fn.params[numIn - 1]!;
      argv.push(this.validateType(final, t));
    }
    try {
      return await fn.call(...argv);
    } catch (e) {
      if (e instanceof FuncError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private validateType(value: GoValue, t: ParamType): GoValue {
    const problem = argumentProblem(value, t);
    if (problem !== undefined) this.errorf(problem);
    return value === NIL_INTERFACE ? undefined : value;
  }

  private async evalArg(dot: GoValue, t: ParamType, n: ArgNode): Promise<GoValue> {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, t);
      case 'nil':
        if (canBeNil(t)) return undefined;
        return this.errorf(`cannot assign nil to ${paramTypeName(t)}`);
      case 'field':
        return this.validateType(await this.evalFieldNode(dot, n, [n], MISSING), t);
      case 'variable':
        return this.validateType(await this.evalVariableNode(dot, n, undefined, MISSING), t);
      case 'pipe':
        return this.validateType(await this.evalPipeline(dot, n), t);
      case 'identifier':
        return this.validateType(await this.evalFunction(dot, n, n, undefined, MISSING), t);
      case 'chain':
        return this.validateType(await this.evalChainNode(dot, n, undefined, MISSING), t);
    }
    if (t === 'any' || t === 'value') return this.evalEmptyInterface(n);
    const literal = literalArgument(n, t);
    if (typeof literal === 'string') this.errorf(literal);
    return literal.value;
  }

  private evalEmptyInterface(n: ArgNode): GoValue {
    this.at(n);
    switch (n.kind) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}
