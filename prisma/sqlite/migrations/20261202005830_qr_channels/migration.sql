-- CreateTable
CREATE TABLE "QrCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "scene" TEXT NOT NULL,
    "permanent" BOOLEAN NOT NULL,
    "ticket" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "QrScan" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "qrCodeId" TEXT NOT NULL,
    "newFollower" BOOLEAN NOT NULL,
    "scannedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "QrCode_ticket_key" ON "QrCode"("ticket");

-- CreateIndex
CREATE INDEX "QrCode_scene_idx" ON "QrCode"("scene");

-- CreateIndex
CREATE INDEX "QrScan_qrCodeId_scannedAt_idx" ON "QrScan"("qrCodeId", "scannedAt");
