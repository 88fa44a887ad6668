import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations
import { PROVIDERS, renderSchema, schemaPath } from "@/scripts/db/schemas.mjs";

const root = path.resolve(__dirname, "..");

describe("provider schemas", () => {
  it.each(PROVIDERS as string[])("prisma/%s/schema.prisma is generated from prisma/models.prisma (one source of truth)", (provider) => {
    expect(readFileSync(schemaPath(provider), "utf8")).toBe(renderSchema(provider));
  });

  it("the last migration snapshot matches the models: run npm run db:new-migration after changing them", () => {
    expect(readFileSync(path.join(root, "prisma/models.snapshot.prisma"), "utf8")).toBe(
      readFileSync(path.join(root, "prisma/models.prisma"), "utf8"),
    );
  });
});
