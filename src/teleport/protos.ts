/**
 * The project's trimmed Teleport protos, loaded once per process. Field names are ours (snake_case in
 * the files, camelCase in JavaScript); package, service, method names and field numbers are upstream's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSync, type MethodDefinition, type PackageDefinition } from '@grpc/proto-loader';

/** Decoding options shared by the client and the stand-in. */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  objects: false,
  oneofs: true,
} as const;

function findProtoRoot(): string {
  // src/teleport → ../../proto; dist/src/teleport → ../../../proto
  for (const candidate of [
    path.resolve(__dirname, '../../proto'),
    path.resolve(__dirname, '../../../proto'),
  ]) {
    if (fs.existsSync(path.join(candidate, 'teleport'))) {
      return candidate;
    }
  }
  throw new Error(
    `The proto directory was not found next to ${__dirname}; the package is incomplete.`,
  );
}

function listProtoFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.proto')) {
        files.push(path.relative(root, full));
      }
    }
  };
  walk(root);
  return files.sort();
}

let packageDefinition: PackageDefinition | undefined;

export function teleportPackageDefinition(): PackageDefinition {
  if (!packageDefinition) {
    const root = findProtoRoot();
    packageDefinition = loadSync(listProtoFiles(root), {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [root],
    });
  }
  return packageDefinition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMethodDefinition = MethodDefinition<any, any>;

/** The definition of `/<package>.<Service>/<Method>`, with its serialisers. */
export function methodDefinition(service: string, method: string): AnyMethodDefinition {
  const serviceDefinition = teleportPackageDefinition()[service] as
    | Record<string, AnyMethodDefinition>
    | undefined;
  const definition = serviceDefinition?.[method];
  if (!definition || typeof definition.path !== 'string') {
    throw new Error(`The protos define no method ${service}/${method}.`);
  }
  return definition;
}
