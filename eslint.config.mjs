import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const LIBRARY_BY_NAME = "import the protocol libraries by package name: @wxmp/wechat(/…), @wxmp/wechatpay(/…)";
/** A path into lib/wechat or lib/wechatpay from outside them: by alias or relative. */
const libraryByPath = [
  { group: ["@/lib/wechat", "@/lib/wechat/*", "@/lib/wechatpay", "@/lib/wechatpay/*"], message: LIBRARY_BY_NAME },
  { regex: "^(\\.\\./)+lib/wechat(pay)?(/|$)", message: LIBRARY_BY_NAME },
];
/** The app imports nothing from simulator/ (a test tool). */
const appNoSimulator = [
  { group: ["@/simulator", "@/simulator/*"], message: "the app imports nothing from simulator/ (a test tool)" },
  { regex: "^(\\.\\./)+simulator(/|$)", message: "the app imports nothing from simulator/ (a test tool)" },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The simulator stands in for WeChat, written from the protocol notes: it imports nothing of
  // the app (so the app's bugs cannot hide in it) and the app imports nothing of it (tests, e2e,
  // bench and scripts may). test/import-graph.test.ts checks the same boundary.
  {
    files: ["simulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "@prisma/*", "server-only", "@/lib", "@/lib/*", "@/app", "@/app/*"], message: "simulator/ imports nothing from the app" },
            { regex: "^(\\.\\./)+(lib|app)(/|$)", message: "simulator/ imports nothing from lib/ or app/" },
          ],
        },
      ],
    },
  },
  // The protocol libraries are workspace packages (lib/wechat → @wxmp/wechat, lib/wechatpay →
  // @wxmp/wechatpay): from outside them they are imported by package name only, never by a path
  // into their folder (scripts/rename-library-imports.mjs rewrites old paths).
  // One block per kind of file, since a later block's no-restricted-imports replaces an earlier one's.
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.js"],
    ignores: ["lib/**", "app/**", "simulator/**"],
    rules: { "no-restricted-imports": ["error", { patterns: libraryByPath }] },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [...appNoSimulator, ...libraryByPath] }] },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/wechat/**", "lib/wechatpay/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...appNoSimulator, ...libraryByPath, { regex: "^(\\.\\./)+wechat(pay)?(/|$)", message: LIBRARY_BY_NAME }] },
      ],
    },
  },
  {
    files: ["lib/*.ts", "lib/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...appNoSimulator, ...libraryByPath, { regex: "^\\./wechat(pay)?(/|$)", message: LIBRARY_BY_NAME }] }],
    },
  },
  // Protocol code is framework-free (house style): no Next.js, no Prisma, nothing from the app.
  // Its tests may also import the shared test fakes in test/support/ (and nothing else outside).
  // lib/wechat and lib/wechatpay are separate libraries: neither imports the other.
  ...[
    ["lib/wechat", "lib/wechat/*.ts", "^\\.\\./(?!\\.\\./test/support/)"],
    ["lib/wechat", "lib/wechat/*/*.ts", "^\\.\\./\\.\\./(?!\\.\\./test/support/)"],
    ["lib/wechatpay", "lib/wechatpay/*.ts", "^\\.\\./(?!\\.\\./test/support/)"],
    ["lib/wechatpay", "lib/wechatpay/*/*.ts", "^\\.\\./\\.\\./(?!\\.\\./test/support/)"],
  ].map(([folder, files, upward]) => ({
    files: [files],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "@prisma/*", "@/*", "server-only", "@wxmp/*"] },
            { regex: upward, message: `${folder} imports nothing outside ${folder} (tests: test/support/ too)` },
          ],
        },
      ],
    },
  })),
];

export default config;
