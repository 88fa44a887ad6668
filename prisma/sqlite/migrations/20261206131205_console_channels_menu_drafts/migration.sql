-- AlterTable
ALTER TABLE "QrCode" ADD COLUMN "name" TEXT;
ALTER TABLE "QrCode" ADD COLUMN "note" TEXT;

-- CreateTable
CREATE TABLE "MenuDraft" (
    "appId" TEXT NOT NULL PRIMARY KEY,
    "menu" TEXT NOT NULL,
    "base" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "QrCode_appId_scene_idx" ON "QrCode"("appId", "scene");
