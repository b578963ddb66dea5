/** Prometheus's alert template language (Go text/template with Prometheus's functions). */
export {
  ALERT_TEMPLATE_PRELUDE,
  alertTemplateData,
  alertTemplateName,
  checkAlertTemplate,
  expandAlertTemplate,
  TemplateExpander,
  TemplateExpansionError,
  type AlertExpansion,
  type AlertTemplateInput,
} from './expander.js';
/** What expansion needs from the caller (time, query engine, external URL). */
export { type PrometheusFunctionContext, type QuerySample, type TemplateHistogram, type TemplateQuery } from './prometheusFunctions.js';
/** Go number formatting, for callers that print values the way Prometheus does. */
export { formatGoFloat } from './goFloat.js';
/** Go's fmt.Sprintf. */
export { goSprintf } from './goFmt.js';
/** Prometheus's humanize functions, usable outside templates. */
export { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';
/** Go values, to build template data other than alerts. */
export { GoMap, GoSlice, GoStruct, type GoValue } from './values.js';
