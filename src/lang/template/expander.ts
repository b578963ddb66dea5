/**
 * What the rest of promstream uses: Prometheus's template Expander (parse, run, wrap errors
 * as `error parsing template NAME: …` / `error executing template NAME: …`) and the alert
 * helpers the rule manager and rule-file validation call, with Prometheus's variable prelude
 * (`$labels`, `$externalLabels`, `$externalURL`, `$value`) and its error-as-annotation text.
 */
import { BUILTINS } from './builtins.js';
import { executeTemplate, TemplateExecError } from './exec.js';
import { type FuncMap } from './functions.js';
import { parseTemplate, TemplateParseError, type TreeSet } from './parser.js';
import { prometheusFunctions, PROMETHEUS_FUNCTION_NAMES, sampleValue, type PrometheusFunctionContext, type TemplateHistogram } from './prometheusFunctions.js';
import { GoMap, GoStruct, type GoValue } from './values.js';

/** An expansion that failed; the message is Prometheus's (`error executing template __alert_X: template: …`). */
export class TemplateExpansionError extends Error {}

const FUNCTION_NAMES: ReadonlySet<string> = new Set([...BUILTINS.keys(), ...PROMETHEUS_FUNCTION_NAMES]);

// Alert templates are expanded on every evaluation of every firing alert, with few distinct
// texts; parsed trees are immutable, so they are kept (a bounded number, oldest dropped first).
const PARSED_LIMIT = 2000;
const parsed = new Map<string, TreeSet>();

function parseCached(name: string, text: string): TreeSet {
  const key = `${name}\u0000${text}`;
  let set = parsed.get(key);
  if (set === undefined) {
    set = parseTemplate(name, text, FUNCTION_NAMES);
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, set);
  }
  return set;
}

/** Expands one template text with Prometheus's functions, as template.Expander does. */
export class TemplateExpander {
  constructor(
    private readonly text: string,
    private readonly name: string,
    private readonly data: GoValue,
    private readonly context: PrometheusFunctionContext,
  ) {}

  /** Only parses; returns the parse error text (`template: NAME:LINE: …`) or undefined. */
  parseTest(): string | undefined {
    try {
      parseCached(this.name, this.text);
      return undefined;
    } catch (e) {
      if (e instanceof TemplateParseError) return e.message;
      throw e;
    }
  }

  /** Parses and runs the template; throws TemplateExpansionError with Prometheus's wording. */
  async expand(): Promise<string> {
    let set;
    try {
      set = parseCached(this.name, this.text);
    } catch (e) {
      if (e instanceof TemplateParseError) throw new TemplateExpansionError(`error parsing template ${this.name}: ${e.message}`);
      throw e;
    }
    const funcs: FuncMap = new Map([...BUILTINS, ...prometheusFunctions(this.context)]);
    try {
      return await executeTemplate(set, this.name, this.text, this.name, funcs, this.data);
    } catch (e) {
      if (e instanceof TemplateExecError) throw new TemplateExpansionError(`error executing template ${this.name}: ${e.message}`);
      // Prometheus recovers any panic during expansion and reports it rather than crashing.
      throw new TemplateExpansionError(`panic expanding template ${this.name}: ${(e as Error).message ?? String(e)}`);
    }
  }
}

/** The alert an annotation or label template is expanded for. */
export interface AlertTemplateInput {
  /** The alert's labels (the series labels plus the rule's labels). */
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /** The sample value that made the alert (a float, or a histogram). */
  readonly value: number | TemplateHistogram;
}

/** Prometheus's AlertTemplateData: the struct `.` is in an alert template. */
export function alertTemplateData(input: AlertTemplateInput): GoStruct {
  return new GoStruct(
    'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }',
    new Map<string, GoValue>([
      ['Labels', GoMap.ofStrings(input.labels)],
      ['ExternalLabels', GoMap.ofStrings(input.externalLabels)],
      ['ExternalURL', input.externalURL],
      ['Value', sampleValue(input.value)],
    ]),
  );
}

/** The variables Prometheus defines in front of every alert template. */
export const ALERT_TEMPLATE_PRELUDE = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/** The template name Prometheus gives an alert's templates. */
export function alertTemplateName(alertName: string): string {
  return `__alert_${alertName}`;
}

/** Checks an alert label/annotation template for syntax errors, as rule-file loading does; returns the error text or undefined. */
export function checkAlertTemplate(text: string, alertName: string): string | undefined {
  return new TemplateExpander(ALERT_TEMPLATE_PRELUDE + text, alertTemplateName(alertName), undefined, { timestampMs: 0 }).parseTest();
}

/** How an alert template expansion ended: the text, and the error when it failed. */
export interface AlertExpansion {
  /** The expanded text, or Prometheus's `<error expanding template: …>` when it failed. */
  readonly text: string;
  readonly error: TemplateExpansionError | undefined;
}

/**
 * Expands an alert label or annotation template like Prometheus's alerting rule does: a
 * failure does not throw, its message becomes the text (so the alert still goes out).
 */
export async function expandAlertTemplate(text: string, alertName: string, input: AlertTemplateInput, context: PrometheusFunctionContext): Promise<AlertExpansion> {
  const expander = new TemplateExpander(ALERT_TEMPLATE_PRELUDE + text, alertTemplateName(alertName), alertTemplateData(input), {
    ...context,
    externalURL: context.externalURL ?? input.externalURL,
  });
  try {
    return { text: await expander.expand(), error: undefined };
  } catch (e) {
    if (!(e instanceof TemplateExpansionError)) throw e;
    return { text: `<error expanding template: ${e.message}>`, error: e };
  }
}
