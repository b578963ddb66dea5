# PromQL grammar (nearley). Compiled to grammar.generated.ts by scripts/build.mjs.
#
# Rules only wire tokens and children into the typed builders (astBuilders, operatorBuilders,
# modifierBuilders, durationBuilders). Operator precedence is one rule per level, loosest first,
# mirroring Prometheus's yacc declarations:
#   %left or / %left and unless / %left == != <= < >= > </ >/ / %left + - / %left * / % atan2 /
#   unary + - (as strong as *) / %right ^ / postfix: offset, @, [range], [subquery], anchored, smoothed
# The grammar is unambiguous: where Prometheus's LALR parser resolves a conflict (`group_left (x)`
# is always a label list), the builder rejects the other reading.
# (One file on purpose: scripts/build.mjs compiles every *.ne file on its own.)

@preprocessor typescript

@{%
import * as build from './astBuilders.js';
import * as dur from './durationBuilders.js';
import * as mod from './modifierBuilders.js';
import * as op from './operatorBuilders.js';
import { PromQLLexer } from './lexer.js';

const lexer = new PromQLLexer();
%}

@lexer lexer

query -> expr %EOF {% ([expr]) => expr %}

expr -> orExpr {% id %}

# ---------------------------------------------------------------- binary operators

orExpr -> orExpr %LOR binModifiers andUnlessExpr {% (d, _, reject) => op.binary(d[0], d[1], d[2], d[3], reject) %}
    | andUnlessExpr {% id %}

andUnlessExpr -> andUnlessExpr andUnlessOp binModifiers comparisonExpr {% (d, _, reject) => op.binary(d[0], d[1], d[2], d[3], reject) %}
    | comparisonExpr {% id %}

comparisonExpr -> comparisonExpr comparisonOp binModifiers additiveExpr {% (d, _, reject) => op.binary(d[0], d[1], d[2], d[3], reject) %}
    | additiveExpr {% id %}

additiveExpr -> additiveExpr additiveOp binModifiers multiplicativeExpr {% (d, _, reject) => op.binary(d[0], d[1], d[2], d[3], reject) %}
    | multiplicativeExpr {% id %}

multiplicativeExpr -> multiplicativeExpr multiplicativeOp binModifiers unaryExpr {% (d, _, reject) => op.binary(d[0], d[1], d[2], d[3], reject) %}
    | unaryExpr {% id %}

# A sign binds like `*` but looser than `^`: -2^2 is -(2^2), and 2^-1 is allowed. `^` is
# right-associative. Both are written as left-recursive lists folded by the builders, because
# right recursion makes nearley's Earley parser quadratic in the chain length.
unaryExpr -> signs powerExpr {% ([s, e]) => build.signed(s, e) %}
    | powerExpr {% id %}

powerExpr -> postfixExpr {% id %}
    | powerChain {% ([c], _, reject) => op.foldPower(c, reject) %}

powerChain -> postfixExpr %POW binModifiers powerOperand {% ([base, o, m, r]) => op.powerChain(base, o, m, r) %}
    | powerChain %POW binModifiers powerOperand {% ([chain, o, m, r]) => op.extendPowerChain(chain, o, m, r) %}

powerOperand -> postfixExpr {% ([e]) => ({ signs: [], operand: e }) %}
    | signs postfixExpr {% ([s, e]) => ({ signs: s, operand: e }) %}

signs -> unaryOp {% ([o]) => [o] %}
    | signs unaryOp {% ([list, o]) => [...list, o] %}

andUnlessOp -> %LAND {% id %} | %LUNLESS {% id %}
comparisonOp -> %EQLC {% id %} | %NEQ {% id %} | %GTR {% id %} | %GTE {% id %} | %LSS {% id %} | %LTE {% id %}
    | %TRIM_UPPER {% id %} | %TRIM_LOWER {% id %}
additiveOp -> %ADD {% id %} | %SUB {% id %}
multiplicativeOp -> %MUL {% id %} | %DIV {% id %} | %MOD {% id %} | %ATAN2 {% id %}
unaryOp -> %ADD {% id %} | %SUB {% id %}

# `bool`, then `on`/`ignoring` (optionally with `group_left`/`group_right`), then `fill` values.
binModifiers -> boolModifier matchingModifiers fillModifiers {% ([b, [m, g], f]) => op.binaryModifiers(b, m, g, f) %}

boolModifier -> null {% () => null %}
    | %BOOL {% id %}

matchingModifiers -> null {% () => [null, null] %}
    | matchingKeyword groupingLabels {% ([k, l]) => [[k, l], null] %}
    | matchingKeyword groupingLabels groupKeyword {% ([k, l, g]) => [[k, l], [g, null]] %}
    | matchingKeyword groupingLabels groupKeyword groupingLabels {% ([k, l, g, i]) => [[k, l], [g, i]] %}

matchingKeyword -> %ON {% id %} | %IGNORING {% id %}
groupKeyword -> %GROUP_LEFT {% id %} | %GROUP_RIGHT {% id %}

fillModifiers -> null {% () => null %}
    | %FILL fillArgument {% ([, v]) => ({ left: v, right: v }) %}
    | %FILL_LEFT fillArgument {% ([, v]) => ({ left: v }) %}
    | %FILL_RIGHT fillArgument {% ([, v]) => ({ right: v }) %}
    | %FILL_LEFT fillArgument %FILL_RIGHT fillArgument {% ([, l, , r]) => ({ left: l, right: r }) %}
    | %FILL_RIGHT fillArgument %FILL_LEFT fillArgument {% ([, r, , l]) => ({ left: l, right: r }) %}

fillArgument -> %LEFT_PAREN numberLiteral %RIGHT_PAREN {% ([, n]) => op.fillValue(null, n) %}
    | %LEFT_PAREN unaryOp numberLiteral %RIGHT_PAREN {% ([, s, n]) => op.fillValue(s, n) %}

# Label lists of by/without/on/ignoring/group_*: keywords are label names here, and so are quoted names.
groupingLabels -> %LEFT_PAREN %RIGHT_PAREN {% ([, close]) => op.labelList([], close) %}
    | %LEFT_PAREN groupingLabelList %RIGHT_PAREN {% ([, list, close]) => op.labelList(list, close) %}
    | %LEFT_PAREN groupingLabelList %COMMA %RIGHT_PAREN {% ([, list, , close]) => op.labelList(list, close) %}

groupingLabelList -> groupingLabel {% ([l]) => [l] %}
    | groupingLabelList %COMMA groupingLabel {% ([list, , l]) => [...list, l] %}

groupingLabel -> labelToken {% ([t]) => op.groupingLabel(t) %}

labelToken -> %IDENTIFIER {% id %} | %METRIC_IDENTIFIER {% id %} | %STRING {% id %}
    | %AVG {% id %} | %BOTTOMK {% id %} | %COUNT {% id %} | %COUNT_VALUES {% id %} | %GROUP {% id %}
    | %MAX {% id %} | %MIN {% id %} | %QUANTILE {% id %} | %STDDEV {% id %} | %STDVAR {% id %}
    | %SUM {% id %} | %TOPK {% id %} | %LIMITK {% id %} | %LIMIT_RATIO {% id %}
    | %BOOL {% id %} | %BY {% id %} | %WITHOUT {% id %} | %ON {% id %} | %IGNORING {% id %}
    | %GROUP_LEFT {% id %} | %GROUP_RIGHT {% id %} | %OFFSET {% id %} | %LAND {% id %} | %LOR {% id %}
    | %LUNLESS {% id %} | %ATAN2 {% id %} | %START {% id %} | %END {% id %} | %STEP {% id %} | %RANGE {% id %}
    | %ANCHORED {% id %} | %SMOOTHED {% id %} | %FILL {% id %} | %FILL_LEFT {% id %} | %FILL_RIGHT {% id %}

# ---------------------------------------------------------------- postfix modifiers

postfixExpr -> primaryExpr {% id %}
    | postfixExpr %LEFT_BRACKET rangeDuration %RIGHT_BRACKET {% ([e, open, r, close]) => mod.matrix(e, open, r, close) %}
    | postfixExpr %LEFT_BRACKET rangeDuration %COLON %RIGHT_BRACKET {% ([e, , r, , close]) => mod.subquery(e, r, null, close) %}
    | postfixExpr %LEFT_BRACKET rangeDuration %COLON rangeDuration %RIGHT_BRACKET {% ([e, , r, , s, close]) => mod.subquery(e, r, s, close) %}
    | postfixExpr %OFFSET offsetDuration {% ([e, , d]) => mod.offset(e, d) %}
    | postfixExpr %AT atValue {% ([e, , v]) => mod.at(e, v) %}
    | postfixExpr %ANCHORED {% ([e, k]) => mod.rangeBoundaryModifier(e, k) %}
    | postfixExpr %SMOOTHED {% ([e, k]) => mod.rangeBoundaryModifier(e, k) %}

atValue -> numberLiteral {% ([n]) => ({ seconds: n.value, end: n.pos.end }) %}
    | unaryOp numberLiteral {% ([s, n]) => ({ seconds: s.type === 'SUB' ? -n.value : n.value, end: n.pos.end }) %}
    | atPreprocessor %LEFT_PAREN %RIGHT_PAREN {% ([p, , close]) => ({ preprocessor: p, end: close.end }) %}

atPreprocessor -> %START {% id %} | %END {% id %}

# ---------------------------------------------------------------- duration expressions

rangeDuration -> durationSum {% ([d]) => dur.positiveDuration(d) %}

durationSum -> durationSum additiveOp durationProduct {% ([l, o, r]) => dur.durationBinary(l, o, r) %}
    | durationProduct {% id %}

durationProduct -> durationProduct durationMulOp durationSigned {% ([l, o, r]) => dur.durationBinary(l, o, r) %}
    | durationSigned {% id %}

durationSigned -> signs durationPower {% ([s, d]) => dur.durationSigned(s, d) %}
    | durationPower {% id %}

durationPower -> durationAtom {% id %}
    | durationPowerChain {% ([c]) => dur.foldDurationPower(c) %}

durationPowerChain -> durationAtom %POW durationPowerOperand {% ([base, o, r]) => [base, [[o, r]]] %}
    | durationPowerChain %POW durationPowerOperand {% ([[base, links], o, r]) => [base, [...links, [o, r]]] %}

durationPowerOperand -> durationAtom {% ([d]) => [[], d] %}
    | signs durationAtom {% ([s, d]) => [s, d] %}

durationAtom -> durationNumber {% id %} | durationFunction {% id %} | durationParen {% id %}

durationMulOp -> %MUL {% id %} | %DIV {% id %} | %MOD {% id %}

durationNumber -> %NUMBER {% ([t]) => dur.durationNumber(t) %}
    | %DURATION {% ([t]) => dur.durationNumber(t) %}

durationFunction -> %STEP %LEFT_PAREN %RIGHT_PAREN {% ([name, , close]) => dur.durationQueryContext(name, close) %}
    | %RANGE %LEFT_PAREN %RIGHT_PAREN {% ([name, , close]) => dur.durationQueryContext(name, close) %}
    | durationMinMax %LEFT_PAREN durationSum %COMMA durationSum %RIGHT_PAREN {% ([name, , a, , b, close]) => dur.durationMinMax(name, a, b, close) %}

# min_of/max_of are ordinary identifiers (function names), matched by their exact text.
durationMinMax -> "min_of" {% id %} | "max_of" {% id %}

durationParen -> %LEFT_PAREN durationSum %RIGHT_PAREN {% ([open, d, close]) => dur.durationParen(open, d, close) %}

# After `offset` a single, optionally signed, literal, function or parenthesized group is
# taken, so that `x offset 5m + 1` adds 1 to the selector (and `x offset -2 ^ 2` squares it).
offsetDuration -> signs durationAtom {% ([s, d]) => dur.durationSigned(s, d) %}
    | durationAtom {% id %}

# ---------------------------------------------------------------- operands

primaryExpr -> numberLiteral {% id %}
    | stringLiteral {% id %}
    | vectorSelector {% id %}
    | parenExpr {% id %}
    | functionCall {% id %}
    | aggregateExpr {% id %}

parenExpr -> %LEFT_PAREN expr %RIGHT_PAREN {% ([open, expr, close]) => build.paren(open, expr, close) %}

numberLiteral -> %NUMBER {% ([t]) => build.numberLiteral(t) %}
    | %DURATION {% ([t]) => build.durationLiteral(t) %}

stringLiteral -> %STRING {% ([t]) => build.stringLiteral(t) %}

# The query-context keywords double as function names: `step()`, `start()`.
functionCall -> functionName callBody {% ([name, body]) => op.call(name, body) %}

functionName -> %IDENTIFIER {% id %} | %START {% id %} | %END {% id %} | %STEP {% id %} | %RANGE {% id %}

callBody -> %LEFT_PAREN %RIGHT_PAREN {% ([, close]) => op.callBody([], close) %}
    | %LEFT_PAREN callArgs %RIGHT_PAREN {% ([, args, close]) => op.callBody(args, close) %}
    | %LEFT_PAREN callArgs %COMMA %RIGHT_PAREN {% ([, args, comma, close]) => op.callBody(args, close, comma) %}

callArgs -> expr {% ([e]) => [e] %}
    | callArgs %COMMA expr {% ([list, , e]) => [...list, e] %}

aggregateExpr -> aggregateOp aggregateModifier callBody {% ([o, m, body]) => op.aggregate(o, m, body) %}
    | aggregateOp callBody aggregateModifier {% ([o, body, m]) => op.aggregate(o, m, body) %}
    | aggregateOp callBody {% ([o, body]) => op.aggregate(o, null, body) %}

aggregateModifier -> %BY groupingLabels {% ([k, labels]) => op.aggregateModifier(k, labels) %}
    | %WITHOUT groupingLabels {% ([k, labels]) => op.aggregateModifier(k, labels) %}

aggregateOp -> %AVG {% id %} | %BOTTOMK {% id %} | %COUNT {% id %} | %COUNT_VALUES {% id %} | %GROUP {% id %}
    | %MAX {% id %} | %MIN {% id %} | %QUANTILE {% id %} | %STDDEV {% id %} | %STDVAR {% id %}
    | %SUM {% id %} | %TOPK {% id %} | %LIMITK {% id %} | %LIMIT_RATIO {% id %}

# ---------------------------------------------------------------- vector selectors

vectorSelector -> metricIdentifier labelMatchers {% ([name, matchers]) => build.vectorSelector(name, matchers) %}
    | metricIdentifier {% ([name]) => build.vectorSelector(name, undefined) %}
    | labelMatchers {% ([matchers]) => build.vectorSelector(undefined, matchers) %}

labelMatchers -> %LEFT_BRACE %RIGHT_BRACE {% ([open, close]) => build.braces(open, [], close) %}
    | %LEFT_BRACE labelMatchList %RIGHT_BRACE {% ([open, list, close]) => build.braces(open, list, close) %}
    | %LEFT_BRACE labelMatchList %COMMA %RIGHT_BRACE {% ([open, list, , close]) => build.braces(open, list, close) %}

labelMatchList -> labelMatcher {% ([item]) => build.matcherList([], item) %}
    | labelMatchList %COMMA labelMatcher {% ([list, , item]) => build.matcherList(list, item) %}

labelMatcher -> %IDENTIFIER matchOp %STRING {% ([name, op, value]) => build.labelMatcher(name, op, value) %}
    | %STRING matchOp %STRING {% ([name, op, value]) => build.labelMatcher(name, op, value) %}
    | %STRING {% ([name]) => build.metricNameMatcher(name) %}

matchOp -> %EQL {% id %} | %NEQ {% id %} | %EQL_REGEX {% id %} | %NEQ_REGEX {% id %}

# Keywords are valid metric names wherever an expression may start with one (`sum`, `offset`, …).
metricIdentifier -> %IDENTIFIER {% id %} | %METRIC_IDENTIFIER {% id %}
    | %AVG {% id %} | %BOTTOMK {% id %} | %COUNT {% id %} | %COUNT_VALUES {% id %} | %GROUP {% id %}
    | %MAX {% id %} | %MIN {% id %} | %QUANTILE {% id %} | %STDDEV {% id %} | %STDVAR {% id %}
    | %SUM {% id %} | %TOPK {% id %} | %LIMITK {% id %} | %LIMIT_RATIO {% id %}
    | %BY {% id %} | %WITHOUT {% id %} | %OFFSET {% id %} | %LAND {% id %} | %LOR {% id %} | %LUNLESS {% id %}
    | %START {% id %} | %END {% id %} | %STEP {% id %} | %RANGE {% id %}
    | %ANCHORED {% id %} | %SMOOTHED {% id %} | %FILL {% id %} | %FILL_LEFT {% id %} | %FILL_RIGHT {% id %}
