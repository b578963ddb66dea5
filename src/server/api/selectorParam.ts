/** Series selector parameters (`match[]`, `match_target`) parsed with the PromQL parser. */
import { parseExpr, PromQLParseError } from '../../lang/promql/parser.js';
import type { Matcher } from '../../model/matcher.js';
import { ApiError } from './apiResponse.js';

/** Parses `{job="x"}` or `up{job="x"}` into matchers; anything else is a bad_data error naming the parameter. */
export function parseSelectorParam(name: string, text: string): Matcher[] {
  let expr;
  try {
    expr = parseExpr(text);
  } catch (e) {
    if (e instanceof PromQLParseError) throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: ${e.message}`);
    throw e;
  }
  if (expr.kind !== 'VectorSelector' || expr.offsetMs || expr.at !== undefined) {
    throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: 1:1: parse error: expected vector selector`);
  }
  return [...expr.matchers];
}
