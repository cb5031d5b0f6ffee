import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How long a test that spawns the CLI may take. Each spawn compiles the sources through tsx: a
 * second or two alone, far longer on a loaded 2-core machine running other suites beside it
 * (two CLI tests failed at Vitest's 30 s default there). Use it as the describe's `timeout`.
 */
export const CLI_TEST_TIMEOUT_MS = 240_000;
/** One command's own limit: it fails with what the process printed instead of hanging the test. */
const COMMAND_TIMEOUT_MS = 180_000;

/** Runs the real CLI (from source, through tsx) as a separate process. */
export function runCli(
  args: string[],
  { env = {}, stdin, timeoutMs = COMMAND_TIMEOUT_MS }: { env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`supportdesk ${args.join(' ')} did not finish in ${timeoutMs / 1000} s; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}
