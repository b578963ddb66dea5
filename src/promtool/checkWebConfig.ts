/**
 * `promtool check web-config`: validates `--web.config.file` files as exporter-toolkit's
 * web.Validate does: the bcrypt hashes of basic_auth_users, the file's structure, and that the
 * TLS certificate, key and client CA can be read and parsed. Results go to standard error as
 * `FILE SUCCESS` / `FILE FAILED: reason`.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { goFsErrorText } from '../config/goFsError.js';
import { loadWebConfig } from '../config/webConfig.js';
import { eprintln, EXIT_FAILURE, EXIT_SUCCESS, type PromtoolIO } from './io.js';

const MIN_HASH_SIZE = 59;

/** Go's bcrypt.Cost check of a stored hash; returns the error text or undefined. */
export function bcryptHashProblem(hash: string): string | undefined {
  if (hash.length < MIN_HASH_SIZE) return 'crypto/bcrypt: hashedSecret too short to be a bcrypted password';
  if (hash[0] !== '$') return 'crypto/bcrypt: bcrypt hashes must start with \'$\', but hashedSecret started with \'' + hash[0] + "'";
  if (hash[1]! > '2') return `crypto/bcrypt: bcrypt algorithm version '${hash[1]}' requested is newer than current version '2'`;
  const costAt = hash[2] === '$' ? 3 : 4;
  const cost = Number(hash.slice(costAt, costAt + 2));
  if (!Number.isInteger(cost)) return 'strconv.Atoi: parsing ' + JSON.stringify(hash.slice(costAt, costAt + 2)) + ': invalid syntax';
  if (cost < 4 || cost > 31) return `crypto/bcrypt: cost ${cost} is outside allowed inclusive range 4..31`;
  return undefined;
}

async function readOrThrow(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new Error(goFsErrorText(e, 'open', path));
  }
}

/** web.Validate: throws with the reason the file would be refused. */
export async function validateWebConfigFile(path: string): Promise<void> {
  const config = await loadWebConfig(path);
  for (const hash of Object.values(config.basicAuthUsers)) {
    const problem = bcryptHashProblem(hash);
    if (problem !== undefined) throw new Error(problem);
  }
  const tls = config.tls;
  if (tls === undefined) return;
  try {
    const cert = await readOrThrow(tls.certFile);
    const key = await readOrThrow(tls.keyFile);
    try {
      new X509Certificate(cert);
    } catch {
      throw new Error('tls: failed to find any PEM data in certificate input');
    }
    try {
      createPrivateKey(key);
    } catch {
      throw new Error('tls: failed to find any PEM data in key input');
    }
  } catch (e) {
    throw new Error(`failed to load X509KeyPair: ${(e as Error).message}`);
  }
  if (tls.clientCaFile !== '') await readOrThrow(tls.clientCaFile);
}

/** `promtool check web-config FILE…`; returns the exit code. */
export async function checkWebConfigCommand(files: readonly string[], io: PromtoolIO): Promise<number> {
  let failed = false;
  for (const file of files) {
    try {
      await validateWebConfigFile(file);
      eprintln(io, file, 'SUCCESS');
    } catch (e) {
      eprintln(io, file, 'FAILED:', (e as Error).message);
      failed = true;
    }
  }
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
