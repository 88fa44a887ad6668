-- CreateTable
CREATE TABLE "PayOrder" (
    "outTradeNo" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "mchid" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "openid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "transactionId" TEXT,
    "paidAt" DATETIME,
    "refunded" INTEGER NOT NULL DEFAULT 0,
    "prepayId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "lastQueriedAt" DATETIME,
    "fulfilmentSentAt" DATETIME,
    "fulfilmentLeaseUntil" DATETIME,
    "fulfilmentAttempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PayRefund" (
    "outRefundNo" TEXT NOT NULL PRIMARY KEY,
    "outTradeNo" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "refundId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PayEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "outTradeNo" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PayPlatformCertificate" (
    "serialNo" TEXT NOT NULL PRIMARY KEY,
    "pem" TEXT NOT NULL,
    "effectiveTime" TEXT NOT NULL,
    "expireTime" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PayOrder_openid_createdAt_idx" ON "PayOrder"("openid", "createdAt");

-- CreateIndex
CREATE INDEX "PayOrder_status_createdAt_idx" ON "PayOrder"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PayOrder_createdAt_idx" ON "PayOrder"("createdAt");

-- CreateIndex
CREATE INDEX "PayRefund_outTradeNo_idx" ON "PayRefund"("outTradeNo");

-- CreateIndex
CREATE INDEX "PayRefund_status_createdAt_idx" ON "PayRefund"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PayEvent_outTradeNo_at_idx" ON "PayEvent"("outTradeNo", "at");
