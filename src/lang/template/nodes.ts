/**
 * The parse tree of a template, shaped like Go's text/template/parse nodes, with Go's String()
 * forms: execution errors quote the node they happened at (`at <humanize "x">`).
 */

/** A literal number with the readings Go keeps (int, float, …); `isComplex` values are refused at run time. */
export interface NumberNode {
  readonly kind: 'number';
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly int: bigint;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly float: number;
  readonly isComplex: boolean;
}

/** A quoted string literal. */
export interface StringNode {
  readonly kind: 'string';
  readonly pos: number;
  /** The literal as written, quotes included. */
  readonly quoted: string;
  readonly text: string;
}

/** `true` or `false`. */
export interface BoolNode { readonly kind: 'bool'; readonly pos: number; readonly value: boolean }
/** `.`, the current value. */
export interface DotNode { readonly kind: 'dot'; readonly pos: number }
/** The untyped `nil`. */
export interface NilNode { readonly kind: 'nil'; readonly pos: number }
/** A function name. */
export interface IdentifierNode { readonly kind: 'identifier'; readonly pos: number; readonly ident: string }
/** `.A.B` */
export interface FieldNode { readonly kind: 'field'; readonly pos: number; readonly ident: readonly string[] }
/** `$x.A.B`: ident[0] is the variable. */
export interface VariableNode { readonly kind: 'variable'; readonly pos: number; readonly ident: readonly string[] }
/** `(pipe).A` or `fn.A`: fields on something other than dot or a variable. */
export interface ChainNode { readonly kind: 'chain'; readonly pos: number; readonly node: ArgNode; readonly field: readonly string[] }

/** What may appear as an argument of a command. */
export type ArgNode = NumberNode | StringNode | BoolNode | DotNode | NilNode | IdentifierNode | FieldNode | VariableNode | ChainNode | PipeNode;

/** One stage of a pipeline: an operand and its arguments. */
export interface CommandNode { readonly kind: 'command'; readonly pos: number; readonly args: ArgNode[] }

/** A pipeline (`a | b c`), possibly declaring or assigning variables. */
export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

/** Text outside actions. */
export interface TextNode { readonly kind: 'text'; readonly pos: number; readonly text: string }
/** A comment action (never executed). */
export interface CommentNode { readonly kind: 'comment'; readonly pos: number; readonly text: string }
/** `{{pipeline}}`: prints the value unless it declares variables. */
export interface ActionNode { readonly kind: 'action'; readonly pos: number; readonly line: number; readonly pipe: PipeNode }
/** A sequence of nodes. */
export interface ListNode { readonly kind: 'list'; readonly pos: number; readonly nodes: Node[] }

/** if / range / with. */
export interface BranchNode {
  readonly kind: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

/** `{{template "name" pipeline}}`. */
export interface TemplateNode { readonly kind: 'template'; readonly pos: number; readonly line: number; readonly name: string; readonly pipe: PipeNode | undefined }
/** `{{break}}` inside range. */
export interface BreakNode { readonly kind: 'break'; readonly pos: number; readonly line: number }
/** `{{continue}}` inside range. */
export interface ContinueNode { readonly kind: 'continue'; readonly pos: number; readonly line: number }
/** Only seen while parsing: `{{end}}` and `{{else}}` close an item list. */
export interface EndNode { readonly kind: 'end'; readonly pos: number }
/** `{{else}}`; the following `if`/`with` belongs to it. */
export interface ElseNode { readonly kind: 'else'; readonly pos: number; readonly line: number }

/** Any node. */
export type Node = ArgNode | CommandNode | TextNode | CommentNode | ActionNode | ListNode | BranchNode | TemplateNode | BreakNode | ContinueNode | EndNode | ElseNode;

/** Go's String() of a node. */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'bool':
      return String(n.value);
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'identifier':
      return n.ident;
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return (n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length > 0 ? n.decl.map(nodeString).join(', ') + ' := ' : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'if':
    case 'range':
    case 'with': {
      const elsePart = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${elsePart}{{end}}`;
    }
    case 'template':
      return n.pipe ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}
