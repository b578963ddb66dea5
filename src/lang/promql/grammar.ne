# PromQL grammar (nearley). Compiled to grammar.generated.ts by scripts/build.mjs.
#
# Rules only wire tokens and children into the typed builders of astBuilders.ts. Operator
# precedence is expressed as one rule per level, loosest first, mirroring Prometheus's
#   %left or / %left and unless / %left == != <= < >= > / %left + - / %left * / % atan2 /
#   unary (same strength as *) / %right ^ / offset, @, [range], [subquery]
# Levels without operators yet simply pass through to the next one; binary operators,
# function calls, aggregations, range selectors, subqueries and modifiers are added to these
# levels as the language grows. Input they do not cover yet fails to parse, and parser.ts
# names the unsupported construct in the error.

@preprocessor typescript

@{%
import * as build from './astBuilders.js';
import { PromQLLexer } from './lexer.js';

const lexer = new PromQLLexer();
%}

@lexer lexer

query -> expr %EOF {% ([expr]) => expr %}

expr -> orExpr {% id %}

# Later: orExpr %LOR binModifier andUnlessExpr
orExpr -> andUnlessExpr {% id %}

# Later: andUnlessExpr (%LAND | %LUNLESS) binModifier comparisonExpr
andUnlessExpr -> comparisonExpr {% id %}

# Later: comparisonExpr (%EQLC | %NEQ | %GTR | %GTE | %LSS | %LTE) boolModifier binModifier additiveExpr
comparisonExpr -> additiveExpr {% id %}

# Later: additiveExpr (%ADD | %SUB) binModifier multiplicativeExpr
additiveExpr -> multiplicativeExpr {% id %}

# Later: multiplicativeExpr (%MUL | %DIV | %MOD | %ATAN2) binModifier unaryExpr
multiplicativeExpr -> unaryExpr {% id %}

# A sign binds like `*` but looser than `^`: -2^2 is -(2^2). For now a sign may only precede
# a number literal (where it folds into the literal); later the operand becomes unaryExpr.
unaryExpr -> powerExpr {% id %}
    | unaryOp signedOperand {% ([op, operand]) => build.unary(op, operand) %}

signedOperand -> numberLiteral {% id %}
    | unaryOp signedOperand {% ([op, operand]) => build.unary(op, operand) %}

# Later: postfixExpr %POW binModifier unaryExpr (right-associative through unaryExpr)
powerExpr -> postfixExpr {% id %}

# Later: postfixExpr followed by offset/@ modifiers, [range] or [range:step]
postfixExpr -> primaryExpr {% id %}

# Later: function calls and aggregations
primaryExpr -> numberLiteral {% id %}
    | stringLiteral {% id %}
    | vectorSelector {% id %}
    | parenExpr {% id %}

parenExpr -> %LEFT_PAREN expr %RIGHT_PAREN {% ([open, expr, close]) => build.paren(open, expr, close) %}

numberLiteral -> %NUMBER {% ([t]) => build.numberLiteral(t) %}
    | %DURATION {% ([t]) => build.durationLiteral(t) %}

stringLiteral -> %STRING {% ([t]) => build.stringLiteral(t) %}

unaryOp -> %ADD {% id %} | %SUB {% id %}

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
