#!/usr/bin/env node
// Runs the npm scripts named on the command line at the same time (`npm test` runs typecheck and
// lint this way: each is single-threaded, so together they take about as long as the longer one).
// Each script's output is printed in one piece when it ends; the exit status is the first failing
// script's, or 0.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import process from 'node:process';

const names = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const child = spawn(npm, ['run', '--silent', name], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const chunks = [];
        child.stdout.on('data', (chunk) => chunks.push(chunk));
        child.stderr.on('data', (chunk) => chunks.push(chunk));
        child.on('error', (error) => resolve({ name, code: 1, output: `${error}\n` }));
        child.on('close', (code, signal) => {
          const output = Buffer.concat(chunks).toString();
          process.stdout.write(
            `> npm run ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? code})`}\n`,
          );
          process.stdout.write(output);
          resolve({ name, code: code ?? 1, output });
        });
      }),
  ),
);
process.exitCode = results.find((result) => result.code !== 0)?.code ?? 0;
