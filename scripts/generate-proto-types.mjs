#!/usr/bin/env node
// Generates the TypeScript message types from proto/ into src/teleport/generated/ with the
// generator that ships with the pinned @grpc/proto-loader, using the decoding options the client
// loads the protos with (src/teleport/protos.ts). The output is built, never committed or edited:
// `npm run typecheck` and `npm run build` regenerate it, so it cannot drift from the protos.
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoRoot = path.join(root, 'proto');
const outDir = path.join(root, 'src', 'teleport', 'generated');

function protoFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? protoFiles(full) : entry.name.endsWith('.proto') ? [full] : [];
    })
    .sort();
}

fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    path.join(
      root,
      'node_modules',
      '@grpc',
      'proto-loader',
      'build',
      'bin',
      'proto-loader-gen-types.js',
    ),
    // Keep in step with PROTO_LOADER_OPTIONS in src/teleport/protos.ts.
    '--longs=Number',
    '--enums=String',
    '--arrays',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    `--includeDirs=${protoRoot}`,
    `--outDir=${outDir}`,
    ...protoFiles(protoRoot).map((file) => path.relative(protoRoot, file)),
  ],
  { cwd: protoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
);
