import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
  {
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/simulator", "@/simulator/*"], message: "the app imports nothing from simulator/ (a test tool)" },
            { regex: "^(\\.\\./)+simulator(/|$)", message: "the app imports nothing from simulator/ (a test tool)" },
          ],
        },
      ],
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
            { group: ["next", "next/*", "@prisma/*", "@/*", "server-only"] },
            { regex: upward, message: `${folder} imports nothing outside ${folder} (tests: test/support/ too)` },
          ],
        },
      ],
    },
  })),
];

export default config;
