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
  // Protocol code is framework-free (house style): no Next.js, no Prisma, nothing from the app.
  ...[
    ["lib/wechat/*.ts", "../*"],
    ["lib/wechat/*/*.ts", "../../*"],
  ].map(([files, upward]) => ({
    files: [files],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["next", "next/*", "@prisma/*", "@/*", "server-only", upward] },
      ],
    },
  })),
];

export default config;
