// Bundles server/main.ts (the self-hosted fast entry's front) and server/pages-main.ts (its page
// process, which loads Next) with the lib/ code they reach into <distDir>/fast-entry/{server,pages}.mjs, so that `npm start` runs plain Node: no TypeScript loader at
// run time. It sits beside Next's build, which `next build` wipes: run this after it (npm run build
// does). Packages stay external, resolved from node_modules when the server starts — except the
// workspace's own libraries (@wxmp/*), which ship TypeScript source in this repository.
import path from "node:path";
import { build } from "esbuild";

const outdir = path.join(process.env.NEXT_DIST_DIR || ".next", "fast-entry");

/** `server-only` throws outside React's server condition; this bundle is server code by definition. */
const serverOnly = {
  name: "server-only",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "" }));
  },
};

/**
 * The front never loads Next (its process stays framework-free), and `next/server` and friends
 * cannot load outside Next's runtime anyway: code either bundle reaches must not import them.
 * Next itself (`next`) is imported dynamically by server/pages-main.ts only.
 */
const noNextSubpaths = {
  name: "no-next-subpaths",
  setup(b) {
    b.onResolve({ filter: /^next\// }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}: not loadable before Next starts; keep it in app/ (see app/api/wechat/route.ts)` }],
    }));
  },
};

/** The workspace libraries (lib/wechat, lib/wechatpay) are TypeScript: bundle them, not require them. */
const workspaceLibraries = {
  name: "workspace-libraries",
  setup(b) {
    b.onResolve({ filter: /^@wxmp\/(wechat|wechatpay)(\/|$)/ }, (args) => {
      const [, name, sub] = /^@wxmp\/([\w-]+)(?:\/(.*))?$/.exec(args.path);
      return { path: path.resolve("lib", name, `${sub ?? "index"}.ts`) };
    });
  },
};

const started = Date.now();
await build({
  entryPoints: { server: "server/main.ts", pages: "server/pages-main.ts" },
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  plugins: [serverOnly, noNextSubpaths, workspaceLibraries],
  sourcemap: true,
  logLevel: "warning",
});
console.log(`${outdir}/{server,pages}.mjs built in ${Date.now() - started} ms`);
