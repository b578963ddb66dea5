#!/usr/bin/env node
/**
 * promstream's promtool (`node dist/promtool.js check config prometheus.yml`): the checks of
 * Prometheus's promtool, with its output texts and exit codes (0 ok, 1 error, 3 lint).
 */
import { runPromtool } from './promtool/commands.js';
import { processIO } from './promtool/io.js';
import { runTsdbCommand } from './promtool/tsdbCommands.js';

const argv = process.argv.slice(2);
// `tsdb` subcommands work on promstream's own storage (see promtool/tsdbCommands.ts).
const run = argv[0] === 'tsdb' ? runTsdbCommand(argv.slice(1), processIO(), process.stderr.isTTY === true) : runPromtool(argv, processIO());
run.then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`promtool: error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
