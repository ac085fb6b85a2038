import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The bundling props this translation covers; anything else fails loudly instead of building differently. */
const TRANSLATED = new Set([
  'format',
  'target',
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'mainFields',
  'banner',
  'footer',
  'externalModules',
  'nodeModules',
  'loader',
  'define',
  'keepNames',
  'inject',
  'esbuildArgs',
]);

/** The `esbuildArgs` this translation covers, with their esbuild API option. */
const TRANSLATED_ARGS: Readonly<Record<string, keyof BuildOptions>> = { '--charset': 'charset' };

/**
 * The esbuild options `NodejsFunction` passes on the command line for these bundling props
 * (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, `buildEsbuildArgs`): `--bundle <entry>
 * --target --platform=node --format --outfile=index.mjs|index.js --minify --sourcemap --external:…
 * --loader --define --keep-names --banner:js --footer:js --main-fields --inject`, then `esbuildArgs`, run from the project root.
 */
export function esbuildOptionsFor(
  bundling: BundlingOptions,
  o: { projectRoot: string; entry: string; outdir: string; runtimeTarget: string },
): BuildOptions & { outfile: string } {
  for (const key of Object.keys(bundling)) {
    if (!TRANSLATED.has(key)) {
      throw new Error(`bench: bundling option '${key}' is not translated in bench/lib/esbuild-options.ts`);
    }
  }
  for (const arg of Object.keys(bundling.esbuildArgs ?? {})) {
    if (!TRANSLATED_ARGS[arg]) {
      throw new Error(`bench: esbuild argument '${arg}' is not translated in bench/lib/esbuild-options.ts`);
    }
  }
  const format = bundling.format === 'esm' ? 'esm' : bundling.format === 'cjs' ? 'cjs' : undefined;
  const mode = bundling.sourceMapMode;
  return {
    absWorkingDir: o.projectRoot,
    entryPoints: [o.entry],
    bundle: true,
    target: bundling.target ?? o.runtimeTarget,
    platform: 'node',
    ...(format ? { format } : {}),
    outfile: `${o.outdir}/${format === 'esm' ? 'index.mjs' : 'index.js'}`,
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap || mode ? (mode && mode !== 'default' ? mode : true) : false,
    sourcesContent: bundling.sourcesContent ?? true,
    // CDK's default for Node ≥ 18 runtimes is ['@aws-sdk/*'] when externalModules is not given.
    external: [...(bundling.externalModules ?? ['@aws-sdk/*']), ...(bundling.nodeModules ?? [])],
    ...(bundling.loader ? { loader: bundling.loader as BuildOptions['loader'] } : {}),
    ...(bundling.define ? { define: bundling.define } : {}),
    ...(bundling.keepNames ? { keepNames: true } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.inject ? { inject: bundling.inject } : {}),
    ...Object.fromEntries(
      Object.entries(bundling.esbuildArgs ?? {}).map(([arg, value]) => [TRANSLATED_ARGS[arg], value]),
    ),
    logLevel: 'warning',
  };
}
