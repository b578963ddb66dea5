/** Go text/template semantics as alert templates use them: actions, control flow, variables, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoMap, TemplateExpander, TemplateExpansionError } from '../../../src/lang/template/index.js';

const data = new GoMap(new Map([['job', 'node'], ['instance', 'a:1'], ['empty', '']]), 'string');

async function run(text: string, dot = data): Promise<string> {
  return new TemplateExpander(text, 't', dot, { timestampMs: 0 }).expand();
}

async function failure(text: string): Promise<string> {
  try {
    await run(text);
  } catch (e) {
    assert.ok(e instanceof TemplateExpansionError, String(e));
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

test('text, fields and the dot', async () => {
  assert.equal(await run('plain text'), 'plain text');
  assert.equal(await run('{{ .job }}/{{ .instance }}'), 'node/a:1');
  assert.equal(await run('{{ . }}'), 'map[empty: instance:a:1 job:node]');
  assert.equal(await run('{{ $.job }}'), 'node');
  // missingkey=zero: a missing label is the empty string, not "<no value>".
  assert.equal(await run('[{{ .nope }}]'), '[]');
});

test('trim markers remove the whitespace next to them, comments print nothing', async () => {
  assert.equal(await run('a  {{- .job -}}  b'), 'anodeb');
  assert.equal(await run('a\n\n{{- /* why */ -}}\n\nb'), 'ab');
  assert.equal(await run('{{/* only a comment */}}x'), 'x');
  // Without a space the minus belongs to a number.
  assert.equal(await run('{{-3}}'), '-3');
});

test('if / else if / else, with truth as Go defines it', async () => {
  const t = '{{ if eq .job "x" }}x{{ else if eq .job "node" }}node{{ else }}other{{ end }}';
  assert.equal(await run(t), 'node');
  assert.equal(await run('{{ if .empty }}yes{{ else }}no{{ end }}'), 'no');
  assert.equal(await run('{{ if 0 }}yes{{ else }}no{{ end }}{{ if 0.5 }}yes{{ end }}{{ if "" }}yes{{ end }}'), 'noyes');
  assert.equal(await run('{{ if and .job (not .empty) }}ok{{ end }}'), 'ok');
});

test('with rebinds the dot; its else runs for empty values', async () => {
  assert.equal(await run('{{ with .job }}[{{ . }}]{{ end }}'), '[node]');
  assert.equal(await run('{{ with .empty }}[{{ . }}]{{ else }}none{{ end }}'), 'none');
  assert.equal(await run('{{ with .empty }}a{{ else with .job }}{{ . }}{{ end }}'), 'node');
});

test('range over maps (sorted keys), slices and ints; else, break and continue', async () => {
  assert.equal(await run('{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}'), 'empty=;instance=a:1;job=node;');
  assert.equal(await run('{{ range . }}<{{ . }}>{{ end }}'), '<><a:1><node>');
  assert.equal(await run('{{ range $i := 3 }}{{ $i }}{{ end }}'), '012');
  assert.equal(await run('{{ range (args) }}x{{ else }}empty{{ end }}'), 'empty');
  assert.equal(await run('{{ range $i, $v := args "a" "b" "c" }}{{ $i }}{{ end }}'), 'arg0arg1arg2');
  assert.equal(await run('{{ range $i := 10 }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ $i }}{{ end }}'), '012');
  assert.equal(await run('{{ range $i := 4 }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ end }}'), '023');
});

test('variables: declaration, assignment, scope ending with the block', async () => {
  assert.equal(await run('{{ $x := 1 }}{{ $x = 2 }}{{ $x }}'), '2');
  assert.equal(await run('{{ $x := "out" }}{{ if true }}{{ $x := "in" }}{{ $x }}{{ end }} {{ $x }}'), 'in out');
  assert.equal(await run('{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ end }}{{ $x }}'), 'b');
  assert.match(await failure('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}'), /undefined variable "\$y"/);
});

test('pipelines pass the value on as the last argument', async () => {
  assert.equal(await run('{{ .job | printf "%s-%s" "pre" }}'), 'pre-node');
  assert.equal(await run('{{ "abc" | len | printf "%d" }}'), '3');
  assert.equal(await run('{{ (index . "job") | toUpper }}'), 'NODE');
});

test('and/or return an operand and stop at the first deciding one', async () => {
  assert.equal(await run('{{ and 1 "" 2 }}|{{ or "" 0 "x" }}|{{ or "" 0 }}'), '|x|0');
  // The unreached argument would fail if it were evaluated.
  assert.equal(await run('{{ or 1 (index 1 2) }}'), '1');
  assert.equal(await run('{{ and 0 (index 1 2) }}'), '0');
});

test('define, template and block', async () => {
  assert.equal(await run('{{ define "x" }}<{{ . }}>{{ end }}{{ template "x" .job }}'), '<node>');
  assert.equal(await run('{{ block "b" .instance }}[{{ . }}]{{ end }}'), '[a:1]');
  assert.match(await failure('{{ template "nope" }}'), /template "nope" not defined/);
});

test('comparisons follow Go: int and float do not mix', async () => {
  assert.equal(await run('{{ lt 1 2 }} {{ gt 2.5 1.5 }} {{ le "a" "a" }} {{ ne 1 2 }} {{ eq 1 2 3 1 }}'), 'true true true true true');
  assert.match(await failure('{{ lt 1 2.0 }}'), /error calling lt: incompatible types for comparison$/);
  assert.match(await failure('{{ lt true false }}'), /error calling lt: invalid type for comparison$/);
});

test('execution errors carry line:column (bytes, from 0) and the failing node', async () => {
  assert.equal(
    await failure('ok\n  {{ humanize "x" }}'),
    'error executing template t: template: t:2:5: executing "t" at <humanize "x">: error calling humanize: strconv.ParseFloat: parsing "x": invalid syntax',
  );
  // Columns count UTF-8 bytes from 0, as in Go (é is two bytes).
  assert.equal(await failure('é{{ index 1 0 }}'), 'error executing template t: template: t:1:5: executing "t" at <index 1 0>: error calling index: can\'t index item of type int');
  assert.match(await failure('{{ .job.x }}'), /at <\.job\.x>: can't evaluate field x in type string$/);
  assert.match(await failure('{{ "a" 1 }}'), /can't give argument to non-function "a"$/);
  assert.match(await failure('{{ title 1 }}'), /at <1>: expected string; found 1$/);
  assert.match(await failure('{{ title ((args).x) }}'), /invalid value; expected string$/);
  // A missing key of an interface{} map is a nil interface until the pipeline stage ends.
  assert.match(await failure('{{ title (args).x }}'), /wrong type for value; expected string; got interface \{\}$/);
  assert.match(await failure('{{ (args).x.y }}'), /nil pointer evaluating interface \{\}\.y$/);
  assert.match(await failure('{{ humanize }}'), /wrong number of args for humanize: want 1 got 0$/);
});

test('parse errors are reported as Prometheus reports them', async () => {
  assert.equal(await failure('{{ nope }}'), 'error parsing template t: template: t:1: function "nope" not defined');
  assert.equal(await failure('a\nb\n{{ if 1 }}'), 'error parsing template t: template: t:3: unexpected EOF');
  assert.equal(new TemplateExpander('{{ .x', 't', undefined, { timestampMs: 0 }).parseTest(), 'template: t:1: unclosed action');
  assert.equal(new TemplateExpander('{{ .x }}', 't', undefined, { timestampMs: 0 }).parseTest(), undefined);
});

test('deep template recursion fails instead of exhausting the stack', async () => {
  assert.match(await failure('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'), /exceeded maximum template depth/);
});
