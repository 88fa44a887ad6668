-- CreateTable
CREATE TABLE "QrCode" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "scene" TEXT NOT NULL,
    "permanent" BOOLEAN NOT NULL,
    "ticket" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QrCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QrScan" (
    "key" TEXT NOT NULL,
    "qrCodeId" TEXT NOT NULL,
    "newFollower" BOOLEAN NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QrScan_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "QrCode_ticket_key" ON "QrCode"("ticket");

-- CreateIndex
CREATE INDEX "QrCode_scene_idx" ON "QrCode"("scene");

-- CreateIndex
CREATE INDEX "QrScan_qrCodeId_scannedAt_idx" ON "QrScan"("qrCodeId", "scannedAt");
