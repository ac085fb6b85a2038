/**
 * The inbox's static files (web/dist, built by `npm run build:web`) for the local server: correct
 * content types, index.html for client routes, nothing outside the build directory.
 */
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export type StaticAnswer =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly contentType: string;
      readonly bytes: number;
      readonly immutable: boolean;
    }
  /** web/dist/index.html does not exist: the page was never built. */
  | { readonly kind: 'not_built' }
  | { readonly kind: 'not_found' }
  /** A path that tries to leave the build directory, or cannot be decoded. */
  | { readonly kind: 'bad_path' };

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a GET of `pathname` (the URL's path, still percent-encoded) serves from `webRoot`. Paths without
 * a file extension are client routes and get index.html; a missing file with an extension is a 404.
 */
export async function resolveStatic(webRoot: string, pathname: string): Promise<StaticAnswer> {
  const root = resolve(webRoot);
  const indexPath = resolve(root, 'index.html');
  const indexBytes = await fileSize(indexPath);
  if (indexBytes === undefined) return { kind: 'not_built' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad_path' };
  }
  const segments = decoded.split(/[/\\]+/).filter((s) => s !== '');
  if (decoded.includes('\0') || segments.some((s) => s === '..' || s === '.')) return { kind: 'bad_path' };
  const target = resolve(root, ...segments);
  // Belt and braces: whatever the segments were, the result must stay inside the build directory.
  if (target !== root && !target.startsWith(root + sep)) return { kind: 'bad_path' };
  const index = {
    kind: 'file',
    path: indexPath,
    contentType: CONTENT_TYPES['.html'] ?? '',
    bytes: indexBytes,
    immutable: false,
  } as const;
  if (segments.length === 0) return index;
  const bytes = await fileSize(target);
  const extension = extname(target).toLowerCase();
  if (bytes === undefined) return extension === '' ? index : { kind: 'not_found' };
  return {
    kind: 'file',
    path: target,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    bytes,
    // Vite puts a content hash in every file name under assets/: they never change under that name.
    immutable: segments[0] === 'assets',
  };
}

/** What the server answers while web/dist is missing, instead of failing. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Flashpoint inbox: not built</title></head>
  <body>
    <main>
      <h1>The inbox page has not been built</h1>
      <p>Run <code>npm run build:web</code> in the project directory, then reload this page.
      The API answers meanwhile under <a href="./api/cases">/api/cases</a>.</p>
    </main>
  </body>
</html>
`;
