-- AlterTable
ALTER TABLE "QrCode" ADD COLUMN     "name" TEXT,
ADD COLUMN     "note" TEXT;

-- CreateTable
CREATE TABLE "MenuDraft" (
    "appId" TEXT NOT NULL,
    "menu" TEXT NOT NULL,
    "base" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MenuDraft_pkey" PRIMARY KEY ("appId")
);

-- CreateIndex
CREATE INDEX "QrCode_appId_scene_idx" ON "QrCode"("appId", "scene");
